import "server-only";
import type { RequestTraceHeader } from "@/lib/auth/types";
import { LAB_CLOCK_HEADER } from "@/lib/demo-clock";
import type { LabActor, LabRequest } from "./types";

// The labs' "other machine": real HTTP requests from this server to itself over the
// loopback interface, each with an explicit Cookie header (a separate cookie jar). Only
// a fixed list of this app's own paths can be called, on this app's own ports: nothing
// a client sends picks a host, a port or a path (no SSRF).

const PATHS = ["/api/me", "/api/auth/refresh", "/api/auth/logout", "/api/health", "/api/lab/xss/bearer", "/resource/me"] as const;
export type LoopbackPath = (typeof PATHS)[number];

/** The port this process listens on (`next start` sets PORT; the env says so in dev). */
export function selfPort(): number {
  const port = Number(process.env.PORT ?? 3000);
  if (!Number.isInteger(port) || port < 1 || port > 65535) throw new Error("PORT is not a valid port number");
  return port;
}

export type Jar = Record<string, string>;

export interface LoopbackResult {
  request: LabRequest;
  body: unknown;
  /** Cookies the response set: value "" means cleared. */
  setCookies: Jar;
}

/** Like a browser: the refresh cookie (Path=/api/auth) goes only to paths under /api/auth. */
function cookieHeader(jar: Jar, path: string): string {
  return Object.entries(jar)
    .filter(([k, v]) => v !== "" && (k !== "authlab_refresh" || path.startsWith("/api/auth/")))
    .map(([k, v]) => `${k}=${v}`)
    .join("; ");
}

function parseSetCookies(headers: Headers): Jar {
  const out: Jar = {};
  for (const line of headers.getSetCookie()) {
    const [pair = ""] = line.split(";");
    const eq = pair.indexOf("=");
    if (eq < 1) continue;
    const name = pair.slice(0, eq).trim();
    const cleared = /;\s*max-age=0/i.test(line) || /;\s*expires=Thu, 01 Jan 1970/i.test(line);
    out[name] = cleared ? "" : pair.slice(eq + 1).trim();
  }
  return out;
}

function decodeTrace(value: string | null): RequestTraceHeader | null {
  if (!value) return null;
  try {
    return JSON.parse(Buffer.from(value, "base64url").toString("utf8")) as RequestTraceHeader;
  } catch {
    return null;
  }
}

/** Applies a response's Set-Cookie lines to a jar, as a browser would. */
export function applySetCookies(jar: Jar, set: Jar): Jar {
  const next = { ...jar };
  for (const [k, v] of Object.entries(set)) {
    if (v === "") delete next[k];
    else next[k] = v;
  }
  return next;
}

export async function loopback(
  actor: LabActor,
  path: LoopbackPath,
  opts: {
    method?: "GET" | "POST" | "PUT";
    jar?: Jar;
    headers?: Record<string, string>;
    port?: number;
    /** A lab clock handle (lib/demo-clock.ts): the lab's own logins under it run ahead. */
    clock?: string;
  } = {},
): Promise<LoopbackResult> {
  if (!PATHS.includes(path)) throw new Error(`loopback path not allowed: ${path}`);
  const port = opts.port ?? selfPort();
  const method = opts.method ?? "GET";
  // The lab shows what the server saw: it asks for the trace header.
  const headers: Record<string, string> = {
    accept: "application/json",
    "user-agent": `AuthLab lab (${actor})`,
    "x-authlab-want-trace": "1",
    ...opts.headers,
  };
  const cookie = cookieHeader(opts.jar ?? {}, path);
  if (cookie) headers.cookie = cookie;
  if (opts.clock) headers[LAB_CLOCK_HEADER] = opts.clock;
  const at = Date.now();
  const t0 = performance.now();
  const base: Omit<LabRequest, "status" | "code" | "cookies" | "trace" | "user" | "ms"> = {
    actor,
    method,
    path,
    port,
    sent: opts.headers ?? {},
    at,
  };
  let res: Response;
  try {
    res = await fetch(`http://127.0.0.1:${port}${path}`, { method, headers, redirect: "manual", signal: AbortSignal.timeout(10_000) });
  } catch {
    return {
      request: { ...base, status: 0, code: "unreachable", cookies: [], trace: null, user: null, ms: performance.now() - t0 },
      body: null,
      setCookies: {},
    };
  }
  const text = await res.text();
  let body: unknown = null;
  try {
    body = text ? JSON.parse(text) : null;
  } catch {
    body = text;
  }
  const seen = decodeTrace(res.headers.get("x-authlab-trace"));
  const code = (body as { error?: { code?: unknown } } | null)?.error?.code;
  const user = (body as { user?: { username?: unknown } } | null)?.user?.username;
  return {
    request: {
      ...base,
      status: res.status,
      code: typeof code === "string" ? code : null,
      cookies: seen?.cookies ?? [],
      trace: seen?.trace ?? null,
      user: res.ok && typeof user === "string" ? user : null,
      ms: performance.now() - t0,
      instance: res.headers.get("x-authlab-instance"),
    },
    body,
    setCookies: parseSetCookies(res.headers),
  };
}
