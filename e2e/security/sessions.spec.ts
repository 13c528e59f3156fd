import { randomBytes } from "node:crypto";
import { expect, test } from "@playwright/test";
import { sealData } from "iron-session";
import { defaults, seal } from "iron-webcrypto";
import {
  BASE,
  type Client,
  call,
  expectRefused,
  logIn,
  newClient,
  type ServerSecrets,
  serverSecrets,
  signUp,
  type TestUser,
  withoutRowChanges,
} from "./support";

// The session cookie (OWASP Session Management Cheat Sheet): an iron-session seal of an
// opaque token. Garbage, tampering, other keys, replays, oversized and duplicated
// cookies must all get 401 with the exact code, issue nothing and change no row.

test.describe.configure({ mode: "parallel" });

const ABSOLUTE_TTL = 7 * 86_400; // the server's SESSION_ABSOLUTE_TTL default, seconds

interface Ctx {
  alice: TestUser;
  bob: TestUser;
  aliceCookie: string;
  bobCookie: string;
  secrets: ServerSecrets;
}

const sealWith = (password: Record<string, string> | string, data: object) => sealData(data, { password, ttl: ABSOLUTE_TTL });
const token = () => randomBytes(32).toString("base64url");
const absolute = () => Date.now() + ABSOLUTE_TTL * 1000;

/** Splits an iron seal "Fe26.2*id*salt*iv*cipher*exp*hmacSalt*hmac~2" to tamper with one field. */
function tamper(sealed: string, index: number): string {
  const [body = "", version = ""] = sealed.split("~");
  const f = body.split("*");
  const v = f[index] ?? "";
  f[index] = `${v.slice(0, 4)}${v[4] === "A" ? "B" : "A"}${v.slice(5)}`;
  return `${f.join("*")}~${version}`;
}

const cases: Array<{ name: string; code: string; cookie: (c: Ctx) => Promise<string> | string }> = [
  { name: "garbage", code: "malformed_credentials", cookie: () => "not-a-seal" },
  { name: "a seal-shaped string of random fields", code: "malformed_credentials", cookie: () => `Fe26.2*1*${"a".repeat(64)}*b*c*d*e*f~2` },
  {
    name: "sealed with another password",
    code: "malformed_credentials",
    cookie: () => sealWith({ 1: randomBytes(32).toString("hex") }, { t: token(), a: absolute() }),
  },
  {
    name: "sealed with the server's password under an unknown password id",
    code: "malformed_credentials",
    cookie: (c) => sealWith({ 7: c.secrets.sessionPassword }, { t: token(), a: absolute() }),
  },
  {
    name: "sealed with the server's password but no token inside",
    code: "malformed_credentials",
    cookie: (c) => sealWith({ 1: c.secrets.sessionPassword }, { a: absolute(), user: "admin", role: "admin" }),
  },
  {
    name: "sealed with the server's password, token too short",
    code: "malformed_credentials",
    cookie: (c) => sealWith({ 1: c.secrets.sessionPassword }, { t: "abc", a: absolute() }),
  },
  {
    name: "sealed with the server's password, a token the server never issued",
    code: "session_not_found",
    cookie: (c) => sealWith({ 1: c.secrets.sessionPassword }, { t: token(), a: absolute() }),
  },
  {
    name: "a seal whose own expiry has passed",
    code: "malformed_credentials",
    cookie: async (c) =>
      `${await seal(crypto as unknown as Parameters<typeof seal>[0], { t: token(), a: absolute() }, { id: "1", secret: c.secrets.sessionPassword }, { ...defaults, ttl: 1000, localtimeOffsetMsec: -3_600_000 })}~2`,
  },
  { name: "truncated", code: "malformed_credentials", cookie: (c) => c.aliceCookie.slice(0, c.aliceCookie.length - 30) },
  { name: "ciphertext tampered", code: "malformed_credentials", cookie: (c) => tamper(c.aliceCookie, 4) },
  { name: "MAC tampered", code: "malformed_credentials", cookie: (c) => tamper(c.aliceCookie, 7) },
  { name: "expiry field moved (MAC covers it)", code: "malformed_credentials", cookie: (c) => tamper(c.aliceCookie, 5) },
  {
    name: "an access token in the session cookie (mode confusion)",
    code: "malformed_credentials",
    cookie: () => "eyJhbGciOiJIUzI1NiJ9.e30.sig",
  },
  { name: "an 8 KB cookie", code: "malformed_credentials", cookie: () => `Fe26.2*1*${"A".repeat(8 * 1024)}~2` },
  { name: "percent-encoded control characters", code: "malformed_credentials", cookie: () => "%00%0d%0aSet-Cookie:%20x=1" },
];

let ctx: Ctx;
let client: Client;

test.beforeAll(async () => {
  client = newClient("session");
  const alice = await signUp(client);
  const bob = await signUp(client);
  const aliceCookie = (await logIn(alice, "session", client)).authlab_session as string;
  const bobCookie = (await logIn(bob, "session", client)).authlab_session as string;
  ctx = { alice, bob, aliceCookie, bobCookie, secrets: serverSecrets() };
});

const scope = (attacker: Client) => ({ userIds: [ctx.alice.id, ctx.bob.id], client: attacker });

test("control: the issued session cookie is accepted", async () => {
  const res = await call("/api/me", { client, cookies: { authlab_session: ctx.aliceCookie } });
  expect(res.status).toBe(200);
  expect((res.body.user as { username: string }).username).toBe(ctx.alice.username);
});

for (const c of cases) {
  test(`session cookie: ${c.name} → 401 ${c.code}`, async () => {
    const value = await c.cookie(ctx);
    const attacker = newClient("session-attack");
    const res = await withoutRowChanges(scope(attacker), () => call("/api/me", { client: attacker, cookies: { authlab_session: value } }));
    expectRefused(res, 401, c.code);
  });
}

test("a 100 KB cookie is refused before any code runs (431), and the server keeps serving", async () => {
  const attacker = newClient("huge-cookie");
  const before = await withoutRowChanges(scope(attacker), () =>
    fetch(`${BASE}/api/me`, { headers: { cookie: `authlab_session=${"A".repeat(100 * 1024)}`, "x-forwarded-for": attacker.ip } }),
  );
  expect(before.status).toBe(431);
  expect(before.headers.getSetCookie()).toEqual([]);
  const after = await call("/api/me", { client, cookies: { authlab_session: ctx.aliceCookie } });
  expect(after.status).toBe(200);
});

test.describe("duplicate cookies (cookie tossing): ambiguous, so neither counts", () => {
  test("the valid cookie first, garbage second → 401 malformed_credentials", async () => {
    const attacker = newClient("dup");
    const res = await withoutRowChanges(scope(attacker), () =>
      call("/api/me", { client: attacker, cookies: `authlab_session=${ctx.aliceCookie}; authlab_session=garbage` }),
    );
    expectRefused(res, 401, "malformed_credentials");
  });

  test("garbage first, the valid cookie second → 401 malformed_credentials", async () => {
    const attacker = newClient("dup");
    const res = await withoutRowChanges(scope(attacker), () =>
      call("/api/me", { client: attacker, cookies: `authlab_session=garbage; authlab_session=${ctx.aliceCookie}` }),
    );
    expectRefused(res, 401, "malformed_credentials");
  });

  test("two valid cookies of two users (a planted login) → 401 malformed_credentials", async () => {
    const attacker = newClient("dup");
    const res = await withoutRowChanges(scope(attacker), () =>
      call("/api/me", { client: attacker, cookies: `authlab_session=${ctx.bobCookie}; authlab_session=${ctx.aliceCookie}` }),
    );
    expectRefused(res, 401, "malformed_credentials");
  });

  test("the same cookie in two Cookie headers → 401 malformed_credentials", async () => {
    const attacker = newClient("dup");
    const res = await withoutRowChanges(scope(attacker), async () => {
      const headers = new Headers({ "x-forwarded-for": attacker.ip, "user-agent": attacker.ua });
      headers.append("cookie", `authlab_session=${ctx.aliceCookie}`);
      headers.append("cookie", `authlab_session=${ctx.bobCookie}`);
      const r = await fetch(`${BASE}/api/me`, { headers });
      const text = await r.text();
      return { status: r.status, headers: r.headers, setCookies: r.headers.getSetCookie(), text, body: JSON.parse(text) };
    });
    expectRefused(res, 401, "malformed_credentials");
  });
});

test("a session cookie replayed after logout → 401 session_revoked", async () => {
  const user = await signUp(client);
  const cookie = (await logIn(user, "session", client)).authlab_session as string;
  const out = await call("/api/auth/logout", { method: "POST", client, cookies: { authlab_session: cookie } });
  expect(out.status).toBe(200);
  const attacker = newClient("replay");
  const res = await withoutRowChanges({ userIds: [user.id], client: attacker }, () =>
    call("/api/me", { client: attacker, cookies: { authlab_session: cookie } }),
  );
  expectRefused(res, 401, "session_revoked");
});

test("a session token copied to another client still names only its own user (no escalation via /api/admin)", async () => {
  const attacker = newClient("escalate");
  // Alice's own rows may be touched (a valid session slides its idle expiry): only the attacker's are checked.
  const res = await withoutRowChanges({ client: attacker }, () =>
    call("/api/admin/users", { client: attacker, cookies: { authlab_session: ctx.aliceCookie } }),
  );
  expectRefused(res, 403, "forbidden");
});
