// DATABASE_URL holds a password: it must never reach a log, a response or an error
// message. pg's own errors do not quote the URL, but a parse or DNS error can carry
// pieces of it (host, user, password); every error leaving the PostgreSQL store passes
// through here, which cuts those pieces out and keeps the code the app may act on.

export class DatabaseError extends Error {
  readonly code: string | undefined;
  constructor(message: string, code: string | undefined) {
    super(message);
    this.name = "DatabaseError";
    this.code = code;
  }
}

function secretsOf(url: string): string[] {
  const out = [url];
  try {
    const u = new URL(url);
    if (u.password) out.push(u.password, decodeURIComponent(u.password));
  } catch {
    // Not a URL at all: the whole string is all we can cut.
  }
  return out.filter((s) => s.length >= 4).sort((a, b) => b.length - a.length);
}

const CONNECTION_CODES = new Set(["ECONNREFUSED", "ENOTFOUND", "ETIMEDOUT", "ECONNRESET", "EAI_AGAIN", "28P01", "28000", "3D000", "57P03"]);

export function scrubbed(err: unknown, url: string): Error {
  if (err instanceof DatabaseError) return err;
  // Drizzle wraps a failed query with its SQL and parameters (a password hash among them
  // on an insert into users): keep only the driver's own error.
  const inner = (err as { cause?: unknown } | null)?.cause;
  if (inner && typeof inner === "object" && "message" in inner) err = inner;
  const e = err as { message?: unknown; code?: unknown } | null;
  const code = typeof e?.code === "string" ? e.code : undefined;
  let message = typeof e?.message === "string" ? e.message : String(err);
  for (const s of secretsOf(url)) message = message.split(s).join("[DATABASE_URL]");
  if (code && (CONNECTION_CODES.has(code) || /timeout|connect/i.test(message)) && !/duplicate|violates/.test(message)) {
    return new DatabaseError(`PostgreSQL (DATABASE_URL) unavailable: ${code}`, code);
  }
  if (!code && /timeout exceeded when trying to connect|Connection terminated/i.test(message)) {
    return new DatabaseError("PostgreSQL (DATABASE_URL) unavailable: connection failed", "ECONNECTION");
  }
  const out = new DatabaseError(message, code);
  // The constraint name tells the store which unique key was hit (a taken username).
  (out as { constraint?: unknown }).constraint = (err as { constraint?: unknown } | null)?.constraint;
  return out;
}
