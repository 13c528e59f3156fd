import { execFileSync } from "node:child_process";
import { randomBytes } from "node:crypto";
import fs from "node:fs";
import http from "node:http";
import https from "node:https";
import type { AddressInfo } from "node:net";
import os from "node:os";
import path from "node:path";
import { expect, test } from "@playwright/test";
import { PORT } from "../../playwright.config";
import { EXTRA_PORTS, freshDataDir, type RunningServer, startServer } from "../load/server";
import { issuedCookies, newClient, signUp } from "./support";

// Cookies over HTTPS (OWASP Session Management Cheat Sheet, "Secure attribute"; RFC 6265
// §4.1.2.5): behind a TLS-terminating proxy, which is how AuthLab is deployed over HTTPS,
// every credential cookie carries Secure; over plain http://localhost none does, so
// local development still works. The proxy here is a few lines of node:https on
// loopback with a certificate made for this run by openssl, forwarding to a server of its
// own with X-Forwarded-Proto: https, as nginx or Caddy would. That server is configured as
// a deployment is: TRUST_PROXY=1 (believe the one proxy) and APP_ORIGIN=https://… (the
// only origin it answers as).

test.describe.configure({ mode: "serial" });

const FRONT_PORT = EXTRA_PORTS.tlsFront;
const FRONT = `https://localhost:${FRONT_PORT}`;
let front: https.Server;
let ca: Buffer;
let backend: RunningServer;

test.beforeAll(async () => {
  backend = await startServer({
    port: EXTRA_PORTS.tlsBack,
    dataDir: freshDataDir("tls-back"),
    env: { TRUST_PROXY: "1", APP_ORIGIN: FRONT },
  });
  const dir = path.resolve(".tmp", `sec-${PORT}`, "tls");
  fs.mkdirSync(dir, { recursive: true });
  const key = path.join(dir, "key.pem");
  const cert = path.join(dir, "cert.pem");
  execFileSync(
    "openssl",
    [
      "req",
      "-x509",
      "-newkey",
      "rsa:2048",
      "-nodes",
      "-days",
      "1",
      "-subj",
      "/CN=localhost",
      "-addext",
      "subjectAltName=DNS:localhost,IP:127.0.0.1",
      "-keyout",
      key,
      "-out",
      cert,
    ],
    { stdio: "ignore" },
  );
  ca = fs.readFileSync(cert);
  front = https.createServer({ key: fs.readFileSync(key), cert: ca }, (req, res) => {
    const upstream = http.request(
      {
        host: "127.0.0.1",
        port: backend.port,
        method: req.method,
        path: req.url,
        headers: {
          ...req.headers,
          "x-forwarded-proto": "https",
          "x-forwarded-host": req.headers.host ?? `localhost:${FRONT_PORT}`,
          "x-forwarded-for": req.headers["x-forwarded-for"] ?? req.socket.remoteAddress ?? "",
        },
      },
      (up) => {
        res.writeHead(up.statusCode ?? 502, up.headers);
        up.pipe(res);
      },
    );
    upstream.on("error", () => {
      res.writeHead(502);
      res.end();
    });
    req.pipe(upstream);
  });
  await new Promise<void>((resolve) => front.listen(FRONT_PORT, "127.0.0.1", resolve));
  expect((front.address() as AddressInfo).port).toBe(FRONT_PORT);
});

test.afterAll(async () => {
  await new Promise<void>((resolve) => (front ? front.close(() => resolve()) : resolve()));
  await backend?.stop();
});

interface TlsReply {
  status: number;
  headers: http.IncomingHttpHeaders;
  setCookies: string[];
  body: Record<string, unknown>;
}

function viaTls(
  urlPath: string,
  opts: { method?: string; json?: unknown; cookies?: Record<string, string>; ip?: string } = {},
): Promise<TlsReply> {
  const body = opts.json === undefined ? undefined : JSON.stringify(opts.json);
  const headers: Record<string, string> = { origin: FRONT };
  if (body) headers["content-type"] = "application/json";
  if (opts.cookies)
    headers.cookie = Object.entries(opts.cookies)
      .map(([k, v]) => `${k}=${v}`)
      .join("; ");
  if (opts.ip) headers["x-forwarded-for"] = opts.ip;
  return new Promise((resolve, reject) => {
    const req = https.request(`${FRONT}${urlPath}`, { method: opts.method ?? (body ? "POST" : "GET"), headers, ca }, (res) => {
      let text = "";
      res.on("data", (d) => {
        text += d;
      });
      res.on("end", () => {
        let parsed: Record<string, unknown> = {};
        try {
          parsed = JSON.parse(text);
        } catch {
          parsed = {};
        }
        resolve({ status: res.statusCode ?? 0, headers: res.headers, setCookies: res.headers["set-cookie"] ?? [], body: parsed });
      });
    });
    req.on("error", reject);
    req.end(body);
  });
}

/** The attributes of each credential cookie the response set or cleared, by name. */
function credentialLines(setCookies: string[]): Map<string, string[]> {
  const out = new Map<string, string[]>();
  for (const line of setCookies) {
    const [pair = "", ...attrs] = line.split(";").map((s) => s.trim());
    const name = pair.slice(0, pair.indexOf("="));
    if (["authlab_session", "authlab_access", "authlab_refresh"].includes(name))
      out.set(
        name,
        attrs.map((a) => a.toLowerCase()),
      );
  }
  return out;
}

function expectSecure(setCookies: string[], names: string[]): void {
  const lines = credentialLines(setCookies);
  expect([...lines.keys()].sort()).toEqual([...names].sort());
  for (const [name, attrs] of lines) {
    expect(attrs, name).toContain("secure");
    expect(attrs, name).toContain("httponly");
    expect(attrs, name).toContain("samesite=lax");
  }
}

const cookiesOf = (r: TlsReply) => issuedCookies({ setCookies: r.setCookies });

/** The backend answers only as APP_ORIGIN, so accounts are made through the front too. */
async function signUpViaTls(): Promise<{ username: string; password: string }> {
  const user = { username: `tls-${randomBytes(6).toString("hex")}`, password: `pw-${randomBytes(6).toString("hex")}` };
  const res = await viaTls("/api/auth/signup", { json: user, ip: newClient().ip });
  expect(res.status).toBe(201);
  return user;
}

/** One plain-http request to the backend, bypassing the TLS front, with any Host header. */
function direct(address: string, host: string, urlPath = "/api/me"): Promise<{ status: number; code: unknown }> {
  return new Promise((resolve, reject) => {
    const req = http.request({ host: address, port: backend.port, path: urlPath, headers: { host }, agent: false }, (res) => {
      let text = "";
      res.on("data", (d) => {
        text += d;
      });
      res.on("end", () => {
        let code: unknown = null;
        try {
          code = (JSON.parse(text) as { error?: { code?: unknown } }).error?.code ?? null;
        } catch {
          code = null;
        }
        resolve({ status: res.statusCode ?? 0, code });
      });
    });
    req.on("error", reject);
    req.end();
  });
}

/** This machine's addresses other than loopback: a socket from one is "another machine" to the server. */
const outsideAddresses = Object.values(os.networkInterfaces())
  .flat()
  .filter((i) => i && !i.internal && i.family === "IPv4")
  .map((i) => i?.address ?? "");

test("the backend answers only as its APP_ORIGIN: any other Host over http → 421 wrong_host, for pages and the API", async () => {
  for (const host of ["evil.example", `evil.example:${backend.port}`, `localhost:${FRONT_PORT}`, `authlab.example:${backend.port}`]) {
    for (const urlPath of ["/api/me", "/login"])
      expect(await direct("127.0.0.1", host, urlPath), `${host}${urlPath}`).toEqual({ status: 421, code: "wrong_host" });
  }
});

test("asked by a loopback name from another machine (a direct hit that bypassed the proxy) → 421; from this machine (the labs' own calls) it answers", async () => {
  test.skip(outsideAddresses.length === 0, "no non-loopback interface to connect from");
  for (const address of outsideAddresses) {
    for (const host of [`localhost:${backend.port}`, `127.0.0.1:${backend.port}`, `${address}:${backend.port}`]) {
      expect(await direct(address, host), `${host} via ${address}`).toEqual({ status: 421, code: "wrong_host" });
    }
  }
  expect(await direct("127.0.0.1", `127.0.0.1:${backend.port}`)).toEqual({ status: 401, code: "no_credentials" });
});

test("the labs work behind the proxy: their loopback calls reach the server, which answers them as itself", async () => {
  const ip = newClient().ip;
  const user = await signUpViaTls();
  const login = await viaTls("/api/auth/login", { json: { username: user.username, password: user.password, mode: "session" }, ip });
  expect(login.status).toBe(200);
  const lab = await viaTls("/api/lab/compare", { method: "POST", cookies: cookiesOf(login), ip });
  expect(lab.status).toBe(200);
  const statuses = (lab.body.requests as { status: number }[]).map((r) => r.status);
  // Each lab login asks GET /api/me (200), then again after both are revoked: the session is over (401), the JWT still works until exp (200).
  expect(statuses).toEqual([200, 200, 401, 200]);
});

test("session login over HTTPS: the session cookie is Secure; HSTS and upgrade-insecure-requests are on", async () => {
  const user = await signUpViaTls();
  const res = await viaTls("/api/auth/login", {
    json: { username: user.username, password: user.password, mode: "session" },
    ip: newClient().ip,
  });
  expect(res.status).toBe(200);
  expectSecure(res.setCookies, ["authlab_session"]);
  expect(credentialLines(res.setCookies).get("authlab_session")).toContain("path=/");
  expect(res.headers["strict-transport-security"]).toBe("max-age=63072000; includeSubDomains");
  const page = await viaTls("/login");
  expect(String(page.headers["content-security-policy"])).toContain("upgrade-insecure-requests");
  expect(page.headers["strict-transport-security"]).toBe("max-age=63072000; includeSubDomains");
});

test("JWT login, refresh, mode switch and logout over HTTPS: every credential cookie set or cleared is Secure", async () => {
  const ip = newClient().ip;
  const user = await signUpViaTls();
  const login = await viaTls("/api/auth/login", { json: { username: user.username, password: user.password, mode: "jwt" }, ip });
  expect(login.status).toBe(200);
  expectSecure(login.setCookies, ["authlab_access", "authlab_refresh"]);
  expect(credentialLines(login.setCookies).get("authlab_refresh")).toContain("path=/api/auth");

  const refreshed = await viaTls("/api/auth/refresh", { method: "POST", cookies: cookiesOf(login), ip });
  expect(refreshed.status).toBe(200);
  expectSecure(refreshed.setCookies, ["authlab_access", "authlab_refresh"]);

  const switched = await viaTls("/api/me/mode", { method: "PUT", json: { mode: "session" }, cookies: cookiesOf(refreshed), ip });
  expect(switched.status).toBe(200);
  expectSecure(switched.setCookies, ["authlab_session", "authlab_access", "authlab_refresh"]); // new session, JWT cookies cleared

  const out = await viaTls("/api/auth/logout", { method: "POST", cookies: cookiesOf(switched), ip });
  expect(out.status).toBe(200);
  expectSecure(out.setCookies, ["authlab_session"]);
});

test("over plain http://localhost the same cookies are not Secure (local development works)", async () => {
  const user = await signUp(newClient("plain"));
  const res = await fetch(`http://localhost:${PORT}/api/auth/login`, {
    method: "POST",
    headers: { "content-type": "application/json", "x-forwarded-for": newClient().ip },
    body: JSON.stringify({ username: user.username, password: user.password, mode: "jwt" }),
  });
  expect(res.status).toBe(200);
  const lines = credentialLines(res.headers.getSetCookie());
  expect([...lines.keys()].sort()).toEqual(["authlab_access", "authlab_refresh"]);
  for (const attrs of lines.values()) expect(attrs).not.toContain("secure");
});

test("a browser over HTTPS: logs in through the form and holds only Secure, HttpOnly credential cookies", async ({ browser }) => {
  const user = await signUpViaTls();
  const context = await browser.newContext({ ignoreHTTPSErrors: true, baseURL: FRONT });
  try {
    const page = await context.newPage();
    await page.goto("/login");
    await page.getByLabel("Username").fill(user.username);
    await page.getByLabel("Password").fill(user.password);
    await page.getByRole("button", { name: "Log in", exact: true }).click();
    await expect(page).toHaveURL(`${FRONT}/dashboard`);
    const creds = (await context.cookies()).filter(
      (c) => c.name.startsWith("authlab_") && ["authlab_session", "authlab_access", "authlab_refresh"].includes(c.name),
    );
    expect(creds.length).toBeGreaterThan(0);
    for (const c of creds) {
      expect(c.secure, c.name).toBe(true);
      expect(c.httpOnly, c.name).toBe(true);
    }
    expect(await page.evaluate(() => document.cookie)).not.toMatch(/authlab_(session|access|refresh)/);
  } finally {
    await context.close();
  }
});
