import { createHash, randomBytes, randomUUID } from "node:crypto";
import fs from "node:fs";
import http from "node:http";
import net from "node:net";
import { expect } from "@playwright/test";
import Database from "better-sqlite3";
import { PORT, SHORT_TTL_PORT } from "../../playwright.config";

// The attack catalogue's toolbox. Every request is a plain fetch that carries exactly
// the cookies and headers given (what curl or an attacker's script sends), follows no
// redirect and keeps nothing. Every case checks three things: the exact status and error
// code, that no credential cookie was issued, and that no row of the users, sessions,
// refresh_tokens or jwt_denylist tables changed (auth_events logs failures on purpose).
//
// The e2e servers are shared with other specs running in parallel, so "no row changed"
// is scoped: the rows of the users a case involves, plus any row carrying this case's own
// client IP or User-Agent (every case is a distinct client, see `newClient`).

export const BASE = `http://localhost:${PORT}`;
export const DATA_DIR = `.tmp/e2e-${PORT}`;
export const DB_FILE = `${DATA_DIR}/authlab.db`;
/** The e2e server with ACCESS_TOKEN_TTL=4 and REFRESH_REUSE_GRACE=2. */
export const SHORT = { base: `http://localhost:${SHORT_TTL_PORT}`, db: `.tmp/e2e-${SHORT_TTL_PORT}/authlab.db`, grace: 2 };
export const CREDENTIAL_COOKIES = ["authlab_session", "authlab_access", "authlab_refresh"] as const;

/**
 * One attacker (or one ordinary client): its own source address and User-Agent. The
 * address travels in X-Forwarded-For, which the server takes as the client IP (as behind
 * a reverse proxy): it keeps the per-IP login limit of one case from spilling into the
 * next, and lets "no row changed" find rows this client created.
 */
export interface Client {
  ip: string;
  ua: string;
}

export function newClient(label = "attacker"): Client {
  const hex = randomBytes(6).toString("hex");
  return { ip: `2001:db8::${hex.slice(0, 4)}:${hex.slice(4, 8)}:${hex.slice(8, 12)}`, ua: `authlab-security/${label}/${hex}` };
}

export type CookieInput = string | Record<string, string>;

export interface CallOptions {
  method?: string;
  client?: Client;
  cookies?: CookieInput;
  /** Serialised as JSON, Content-Type: application/json. */
  json?: unknown;
  body?: string | Uint8Array;
  headers?: Record<string, string>;
  base?: string;
}

export interface Reply {
  status: number;
  headers: Headers;
  setCookies: string[];
  text: string;
  body: { error?: { code?: string; message?: string } } & Record<string, unknown>;
}

export function cookieHeader(cookies: CookieInput): string {
  return typeof cookies === "string"
    ? cookies
    : Object.entries(cookies)
        .map(([k, v]) => `${k}=${v}`)
        .join("; ");
}

/**
 * One request on its own connection (no keep-alive: a pooled connection the server has
 * just closed would turn into a spurious ECONNRESET under load).
 */
export function call(path: string, opts: CallOptions = {}): Promise<Reply> {
  const headers: Record<string, string> = { accept: "application/json" };
  if (opts.client) {
    headers["x-forwarded-for"] = opts.client.ip;
    headers["user-agent"] = opts.client.ua;
  }
  if (opts.cookies !== undefined) headers.cookie = cookieHeader(opts.cookies);
  let body = opts.body;
  if (opts.json !== undefined) {
    headers["content-type"] = "application/json";
    body = JSON.stringify(opts.json);
  }
  Object.assign(headers, opts.headers);
  const method = opts.method ?? (body === undefined ? "GET" : "POST");
  if (body !== undefined) headers["content-length"] = String(Buffer.byteLength(body));
  return new Promise<Reply>((resolve, reject) => {
    const req = http.request(`${opts.base ?? BASE}${path}`, { method, headers, agent: false }, (res) => {
      const chunks: Buffer[] = [];
      res.on("data", (c: Buffer) => chunks.push(c));
      res.on("error", reject);
      res.on("end", () => {
        const text = Buffer.concat(chunks).toString("utf8");
        const h = new Headers();
        for (const [k, v] of Object.entries(res.headers)) {
          if (k === "set-cookie" || v === undefined) continue;
          for (const one of Array.isArray(v) ? v : [v]) h.append(k, one);
        }
        let parsed: Reply["body"] = {};
        try {
          parsed = JSON.parse(text);
        } catch {
          parsed = {};
        }
        resolve({ status: res.statusCode ?? 0, headers: h, setCookies: res.headers["set-cookie"] ?? [], text, body: parsed });
      });
    });
    req.on("error", reject);
    req.end(body);
  });
}

/**
 * A request written byte by byte on a raw socket, body in chunks of Transfer-Encoding:
 * chunked (no Content-Length). A server that refuses the body answers and then resets
 * the connection, which would make an HTTP client drop the answer; this keeps it.
 */
export function rawChunkedPost(path: string, headers: Record<string, string>, chunks: Iterable<string>): Promise<Reply> {
  const url = new URL(`${BASE}${path}`);
  return new Promise<Reply>((resolve, reject) => {
    let raw = Buffer.alloc(0);
    const socket = net.connect(Number(url.port), url.hostname, () => {
      const head = Object.entries({ host: url.host, "transfer-encoding": "chunked", ...headers }).map(([k, v]) => `${k}: ${v}\r\n`);
      socket.write(`POST ${url.pathname} HTTP/1.1\r\n${head.join("")}\r\n`);
      const it = chunks[Symbol.iterator]();
      const pump = (): void => {
        if (socket.destroyed) return;
        const next = it.next();
        if (next.done) {
          socket.write("0\r\n\r\n");
          return;
        }
        socket.write(`${Buffer.byteLength(next.value).toString(16)}\r\n${next.value}\r\n`, () => setImmediate(pump));
      };
      pump();
    });
    socket.on("data", (d: Buffer) => {
      raw = Buffer.concat([raw, d]);
      const end = raw.indexOf("\r\n\r\n");
      if (end < 0) return;
      const [statusLine = "", ...lines] = raw.subarray(0, end).toString("latin1").split("\r\n");
      const h = new Headers();
      const setCookies: string[] = [];
      for (const line of lines) {
        const i = line.indexOf(":");
        const [k, v] = [line.slice(0, i).trim().toLowerCase(), line.slice(i + 1).trim()];
        if (k === "set-cookie") setCookies.push(v);
        else h.append(k, v);
      }
      let rest = raw.subarray(end + 4);
      let text: string;
      if (h.get("transfer-encoding") === "chunked") {
        const parts: Buffer[] = [];
        for (;;) {
          const nl = rest.indexOf("\r\n");
          if (nl < 0) return; // wait for more
          const size = Number.parseInt(rest.subarray(0, nl).toString(), 16);
          if (size === 0) break;
          if (rest.length < nl + 2 + size + 2) return;
          parts.push(rest.subarray(nl + 2, nl + 2 + size));
          rest = rest.subarray(nl + 2 + size + 2);
        }
        text = Buffer.concat(parts).toString("utf8");
      } else {
        const length = Number(h.get("content-length") ?? "0");
        if (rest.length < length) return;
        text = rest.subarray(0, length).toString("utf8");
      }
      let body: Reply["body"] = {};
      try {
        body = JSON.parse(text);
      } catch {
        body = {};
      }
      socket.destroy();
      resolve({ status: Number(statusLine.split(" ")[1]), headers: h, setCookies, text, body });
    });
    socket.on("error", () => {}); // the reset after the answer
    socket.on("close", () => reject(new Error(`connection closed before a complete answer: ${raw.toString("latin1").slice(0, 200)}`)));
  });
}

/** name → value of the cookies a response set; cleared ones (empty value) left out. */
export function issuedCookies(reply: Pick<Reply, "setCookies">): Record<string, string> {
  const out: Record<string, string> = {};
  for (const line of reply.setCookies) {
    const [pair = ""] = line.split(";");
    const eq = pair.indexOf("=");
    const value = pair.slice(eq + 1).trim();
    if (value !== "") out[pair.slice(0, eq).trim()] = value;
  }
  return out;
}

/** The credential cookies a response issued (clearing one is not issuing it). */
export function issuedCredentials(reply: Pick<Reply, "setCookies">): string[] {
  return Object.keys(issuedCookies(reply)).filter((n) => (CREDENTIAL_COOKIES as readonly string[]).includes(n));
}

/** The refusal every attack must get: this status and code, the one error shape, no credential. */
export function expectRefused(reply: Reply, status: number, code: string): void {
  expect(reply.status, reply.text.slice(0, 300)).toBe(status);
  expect(reply.headers.get("content-type") ?? "").toMatch(/^application\/json/);
  expect(reply.body.error?.code, reply.text.slice(0, 300)).toBe(code);
  expect(typeof reply.body.error?.message).toBe("string");
  // No stack frame, file path or internal error name reaches a client.
  expect(reply.text).not.toMatch(/\bat \S+ \(|\.tsx?:\d+|node_modules|\/work\/|SqliteError|ZodError|TypeError/);
  expect(issuedCredentials(reply), "credential cookies issued").toEqual([]);
}

// ---------------------------------------------------------------------------------
// The database, read-only.

export interface Scope {
  userIds?: string[];
  usernames?: string[];
  client?: Client;
}

/** Every row a case could touch, serialised: equal strings mean no row changed. */
export function rows(scope: Scope, dbFile = DB_FILE): string {
  const db = new Database(dbFile, { readonly: true, fileMustExist: true });
  try {
    const ids = scope.userIds ?? [];
    const names = scope.usernames ?? [];
    const inList = (n: number) => (n ? Array(n).fill("?").join(",") : "NULL");
    const ip = scope.client?.ip ?? "\u0000";
    const ua = scope.client?.ua ?? "\u0000";
    const all = (sql: string, ...params: unknown[]) => db.prepare(sql).all(...params);
    return JSON.stringify({
      users: all(
        `SELECT * FROM users WHERE id IN (${inList(ids.length)}) OR username IN (${inList(names.length)}) ORDER BY id`,
        ...ids,
        ...names,
      ),
      sessions: all(
        `SELECT * FROM sessions WHERE user_id IN (${inList(ids.length)}) OR ip = ? OR user_agent = ? ORDER BY id`,
        ...ids,
        ip,
        ua,
      ),
      refreshTokens: all(
        `SELECT * FROM refresh_tokens WHERE user_id IN (${inList(ids.length)}) OR ip = ? OR user_agent = ? ORDER BY id`,
        ...ids,
        ip,
        ua,
      ),
      denylist: all(`SELECT * FROM jwt_denylist WHERE user_id IN (${inList(ids.length)}) ORDER BY key`, ...ids),
    });
  } finally {
    db.close();
  }
}

export function queryDb<T>(dbFile: string, sql: string, ...params: unknown[]): T[] {
  const db = new Database(dbFile, { readonly: true, fileMustExist: true });
  try {
    return db.prepare(sql).all(...params) as T[];
  } finally {
    db.close();
  }
}

/** Runs `attack` and asserts that no row in `scope` changed. */
export async function withoutRowChanges<T>(scope: Scope, attack: () => Promise<T>, dbFile = DB_FILE): Promise<T> {
  const before = rows(scope, dbFile);
  const result = await attack();
  expect(rows(scope, dbFile), "rows changed").toBe(before);
  return result;
}

// ---------------------------------------------------------------------------------
// Accounts and logins, through the API.

export interface TestUser {
  id: string;
  username: string;
  password: string;
}

let counter = 0;
export function uniqueName(prefix = "sec"): string {
  counter += 1;
  return `${prefix}-${process.pid.toString(36)}${Date.now().toString(36)}${counter}${randomBytes(2).toString("hex")}`.slice(0, 64);
}

export async function signUp(client = newClient("signup"), username = uniqueName(), base = BASE): Promise<TestUser> {
  const password = `pw-${randomBytes(6).toString("hex")}`;
  const res = await call("/api/auth/signup", { client, json: { username, password }, base });
  expect(res.status, res.text).toBe(201);
  return { id: (res.body.user as { id: string }).id, username, password };
}

export async function logIn(user: TestUser, mode: "session" | "jwt", client: Client, base = BASE): Promise<Record<string, string>> {
  const res = await call("/api/auth/login", { client, json: { username: user.username, password: user.password, mode }, base });
  expect(res.status, res.text).toBe(200);
  const cookies = issuedCookies(res);
  return Object.fromEntries(Object.entries(cookies).filter(([n]) => (CREDENTIAL_COOKIES as readonly string[]).includes(n)));
}

// ---------------------------------------------------------------------------------
// The server's own secrets (generated in its data folder), to forge credentials that are
// correctly signed or sealed but wrong in one precise way.

export interface ServerSecrets {
  sessionPassword: string;
  jwtSecret: string;
  kid: string;
}

export function serverSecrets(dataDir = DATA_DIR): ServerSecrets {
  const raw = JSON.parse(fs.readFileSync(`${dataDir}/secrets.json`, "utf8")) as { sessionPassword: string; jwtSecret: string };
  return { ...raw, kid: createHash("sha256").update(raw.jwtSecret).digest("hex").slice(0, 8) };
}

export function base64url(input: string | Buffer): string {
  return Buffer.from(input).toString("base64url");
}

export { randomUUID };
