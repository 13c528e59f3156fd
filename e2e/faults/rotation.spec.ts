import { createHash, randomBytes } from "node:crypto";
import { expect, test } from "@playwright/test";
import { decodeProtectedHeader } from "jose";
import { EXTRA_PORTS, freshDataDir, type RunningServer, startServer } from "../load/server";
import { credentials, send } from "./support";

// Key rotation for both mechanisms (docs/security.md, "Rotating keys"): add the new key
// next to the old one, and credentials issued under the old key keep working while new
// ones use the new key; remove the old key once its credentials have expired, and they
// stop working. Session passwords carry an id (iron-session seals with the highest);
// JWT keys are a list (the last one signs) identified by `kid`.

const port = EXTRA_PORTS.rotation;
const secret = () => randomBytes(36).toString("base64url");
const kidOf = (s: string) => createHash("sha256").update(s).digest("hex").slice(0, 8);
const sealId = (cookie: string) => cookie.split("*")[1];

let server: RunningServer | undefined;
test.afterAll(async () => {
  await server?.stop();
});

async function restart(dataDir: string, env: Record<string, string>): Promise<RunningServer> {
  await server?.stop();
  server = await startServer({ port, dataDir, env });
  return server;
}

async function loginBoth(s: RunningServer): Promise<{ session: Record<string, string>; jwt: Record<string, string> }> {
  const session = await send(s.url, "/api/auth/login", { json: { username: "alice", password: "alice-demo-pass", mode: "session" } });
  const jwt = await send(s.url, "/api/auth/login", { json: { username: "bob", password: "bob-demo-pass", mode: "jwt" } });
  expect(session.status).toBe(200);
  expect(jwt.status).toBe(200);
  return { session: credentials(session), jwt: credentials(jwt) };
}

const me = async (s: RunningServer, cookies: Record<string, string>) => {
  const r = await send(s.url, "/api/me", { cookies });
  return { status: r.status, code: r.body.error?.code };
};

test("rotating the session password and the JWT key: old credentials work until the old key is retired, new ones use the new key", async () => {
  test.setTimeout(180_000);
  const dataDir = freshDataDir("rotation");
  const [s1, s2, j1, j2] = [secret(), secret(), secret(), secret()];

  // 1. One key each.
  let s = await restart(dataDir, { SESSION_PASSWORD: `1:${s1}`, JWT_SECRET: j1 });
  await expect.poll(() => s.output()).toContain("secrets from env");
  const old = await loginBoth(s);
  expect(sealId(old.session.authlab_session as string)).toBe("1");
  expect(decodeProtectedHeader(old.jwt.authlab_access as string).kid).toBe(kidOf(j1));

  // 2. The new key added next to the old: old credentials still work, new ones use the new key.
  s = await restart(dataDir, { SESSION_PASSWORD: `2:${s2},1:${s1}`, JWT_SECRET: `${j1},${j2}` });
  expect(await me(s, old.session)).toEqual({ status: 200, code: undefined });
  expect(await me(s, { authlab_access: old.jwt.authlab_access as string })).toEqual({ status: 200, code: undefined });
  const fresh = await loginBoth(s);
  expect(sealId(fresh.session.authlab_session as string)).toBe("2");
  expect(decodeProtectedHeader(fresh.jwt.authlab_access as string).kid).toBe(kidOf(j2));
  // A refresh re-issues an old-key login's access token under the new key.
  const refreshed = await send(s.url, "/api/auth/refresh", { method: "POST", cookies: old.jwt });
  expect(refreshed.status, refreshed.text).toBe(200);
  const reissued = credentials(refreshed);
  expect(decodeProtectedHeader(reissued.authlab_access as string).kid).toBe(kidOf(j2));

  // 3. The old key retired: what it sealed or signed is refused, the rest works.
  s = await restart(dataDir, { SESSION_PASSWORD: `2:${s2}`, JWT_SECRET: j2 });
  expect(await me(s, old.session)).toEqual({ status: 401, code: "malformed_credentials" });
  expect(await me(s, { authlab_access: old.jwt.authlab_access as string })).toEqual({ status: 401, code: "token_invalid" });
  expect(await me(s, fresh.session)).toEqual({ status: 200, code: undefined });
  expect(await me(s, { authlab_access: fresh.jwt.authlab_access as string })).toEqual({ status: 200, code: undefined });
  expect(await me(s, { authlab_access: reissued.authlab_access as string })).toEqual({ status: 200, code: undefined });
  // Refresh tokens are opaque and stored hashed: no key involved, rotation does not touch them.
  expect((await send(s.url, "/api/auth/refresh", { method: "POST", cookies: reissued })).status).toBe(200);
});
