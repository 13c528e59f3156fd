import "server-only";
import { createHash, randomBytes } from "node:crypto";
import fs from "node:fs";
import path from "node:path";
import { z } from "zod";
import type { Env } from "./env";

// Secrets: the env wins; otherwise they are generated once and kept in the data folder
// (mode 0600), so a restart logs nobody out. Lists allow key rotation: seal/sign with
// the newest, accept any (docs/decisions/006-secrets-and-rotation.md).

export const MIN_SESSION_PASSWORD = 32; // iron-session refuses shorter passwords
export const MIN_JWT_SECRET = 32; // RFC 7518 §3.2: an HS256 key at least as long as the hash

export interface Secrets {
  /** iron-session passwords by numeric id; the highest id seals. */
  sessionPasswords: Record<string, string>;
  /** JWT HMAC keys by kid; the last one signs. */
  jwtKeys: { kid: string; secret: string }[];
  source: { session: "env" | "file"; jwt: "env" | "file" };
}

const FileSchema = z.object({
  sessionPassword: z.string().min(MIN_SESSION_PASSWORD),
  jwtSecret: z.string().min(MIN_JWT_SECRET),
});

export function secretsFilePath(env: Env): string {
  return path.join(env.dataDir, "secrets.json");
}

function tooShort(name: string, min: number): Error {
  return new Error(
    `AuthLab cannot start: ${name} is shorter than ${min} characters. ` +
      `Set it to a random value, e.g. ${name}=$(openssl rand -base64 48), or unset it to let AuthLab generate one in the data folder.`,
  );
}

/** Comma-separated values allow rotation: "old,new" — the last one is used for new credentials. */
function splitList(value: string): string[] {
  return value
    .split(",")
    .map((s) => s.trim())
    .filter(Boolean);
}

/**
 * iron-session stamps the password id into every seal and seals with the highest id, so
 * ids must stay stable while passwords are added and retired: "2:new,1:old". An entry
 * without "N:" takes its position (1-based).
 */
function sessionPasswordMap(list: string[]): Record<string, string> {
  const map: Record<string, string> = {};
  list.forEach((entry, i) => {
    const m = /^(\d{1,6}):(.+)$/.exec(entry);
    const id = m?.[1] ?? String(i + 1);
    const pw = m?.[2] ?? entry;
    if (pw.length < MIN_SESSION_PASSWORD) throw tooShort("SESSION_PASSWORD", MIN_SESSION_PASSWORD);
    map[String(Number(id))] = pw;
  });
  return map;
}

/** A kid derived from the key itself stays the same however the list is reordered. */
function kidFor(secret: string): string {
  return createHash("sha256").update(secret).digest("hex").slice(0, 8);
}

function readOrCreateFile(env: Env): z.infer<typeof FileSchema> {
  const file = secretsFilePath(env);
  if (!fs.existsSync(file)) {
    fs.mkdirSync(env.dataDir, { recursive: true });
    const fresh = {
      sessionPassword: randomBytes(48).toString("base64url"),
      jwtSecret: randomBytes(48).toString("base64url"),
    };
    // wx: never overwrite a file another process created a moment ago.
    try {
      fs.writeFileSync(file, `${JSON.stringify(fresh, null, 2)}\n`, { mode: 0o600, flag: "wx" });
      return fresh;
    } catch (err) {
      const code = (err as NodeJS.ErrnoException).code;
      if (code !== "EEXIST") {
        throw new Error(
          `AuthLab cannot start: cannot create ${file} (${code}). The data folder ${env.dataDir} must be writable ` +
            "by the user running AuthLab, or set SESSION_PASSWORD and JWT_SECRET.",
        );
      }
    }
  }
  let raw: string;
  try {
    raw = fs.readFileSync(file, "utf8");
  } catch (err) {
    throw new Error(
      `AuthLab cannot start: cannot read ${file} (${(err as NodeJS.ErrnoException).code}). ` +
        "Fix its permissions (chmod 600, owned by the user running AuthLab), or set SESSION_PASSWORD and JWT_SECRET.",
    );
  }
  let json: unknown;
  try {
    json = JSON.parse(raw);
  } catch {
    json = undefined;
  }
  const parsed = FileSchema.safeParse(json);
  if (!parsed.success) {
    throw new Error(
      `AuthLab cannot start: ${file} is corrupt. Restore it from your backup. Otherwise set SESSION_PASSWORD and JWT_SECRET ` +
        "to new values, e.g. $(openssl rand -base64 48) (accounts are kept, everyone is logged out once); " +
        "on a data folder without a database yet you may instead delete it to generate new secrets.",
    );
  }
  return parsed.data;
}

/**
 * At start: a missing secrets file is only news on a fresh data folder. Next to an existing
 * database it means the secrets were lost (a restore without it, a new volume…), and making
 * new ones would silently log everyone out, so the start stops and says what to do.
 */
export function assertSecretsFileNotLost(env: Env): void {
  const needsFile = !env.SESSION_PASSWORD || !env.JWT_SECRET;
  const file = secretsFilePath(env);
  if (!needsFile || fs.existsSync(file) || !fs.existsSync(env.databasePath)) return;
  throw new Error(
    `AuthLab cannot start: ${file} is missing, but the database ${env.databasePath} already exists and its logins ` +
      "were sealed and signed with the secrets that file held. Restore secrets.json from your backup into the data folder. " +
      "If it is lost for good, set SESSION_PASSWORD and JWT_SECRET to new values, e.g. SESSION_PASSWORD=$(openssl rand -base64 48) " +
      "JWT_SECRET=$(openssl rand -base64 48): accounts are kept, everyone is logged out once.",
  );
}

export function loadSecrets(env: Env): Secrets {
  const fromEnvSession = env.SESSION_PASSWORD ? splitList(env.SESSION_PASSWORD) : [];
  const fromEnvJwt = env.JWT_SECRET ? splitList(env.JWT_SECRET) : [];
  for (const s of fromEnvJwt) if (s.length < MIN_JWT_SECRET) throw tooShort("JWT_SECRET", MIN_JWT_SECRET);

  const file = fromEnvSession.length && fromEnvJwt.length ? null : readOrCreateFile(env);
  const sessionList = fromEnvSession.length ? fromEnvSession : [file?.sessionPassword ?? ""];
  const jwtList = fromEnvJwt.length ? fromEnvJwt : [file?.jwtSecret ?? ""];

  return {
    sessionPasswords: sessionPasswordMap(sessionList),
    jwtKeys: jwtList.map((secret) => ({ kid: kidFor(secret), secret })),
    source: { session: fromEnvSession.length ? "env" : "file", jwt: fromEnvJwt.length ? "env" : "file" },
  };
}
