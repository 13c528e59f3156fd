import { randomBytes } from "node:crypto";
import { SignJWT } from "jose";
import {
  COOKIES,
  claimsOf,
  credentialCookiesSet,
  curl,
  en,
  expect,
  expectApiError,
  logInViaApi,
  SERVERS,
  signUpViaApi,
  test,
  waitUntilTime,
} from "./fixtures";

// Garbage, truncated, tampered, forged and expired credentials: each is a 401 with a
// code that says why (never a 5xx, never a stack trace), and none gets a credential
// cookie back.

const base = SERVERS.main;
const b64url = (value: unknown) => Buffer.from(JSON.stringify(value)).toString("base64url");
const part = (token: string, i: number) => token.split(".")[i] ?? "";
const header = (token: string) => JSON.parse(Buffer.from(part(token, 0), "base64url").toString()) as Record<string, unknown>;

async function expectRejected(cookie: Record<string, string>, code: string, label: string): Promise<void> {
  for (const [method, path] of [
    ["GET", "/api/me"],
    ["GET", "/api/auth/inspect"],
  ] as const) {
    const res = await curl(base, method, path, { cookie });
    expectApiError(res, 401, code, `${label} on ${path}`);
    expect(credentialCookiesSet(res)).toEqual([]);
  }
  const put = await curl(base, "PUT", "/api/me/mode", { cookie, json: { mode: "session" } });
  expectApiError(put, 401, code, `${label} on PUT /api/me/mode`);
  expect(credentialCookiesSet(put)).toEqual([]);
}

test("broken session cookies: garbage, truncated, flipped, foreign, oversized, badly encoded", async () => {
  const user = await signUpViaApi(base);
  const seal = (await logInViaApi(base, user, "session"))[COOKIES.session] ?? "";
  const foreignUser = await signUpViaApi(SERVERS.shortTtl);
  const foreign = (await logInViaApi(SERVERS.shortTtl, foreignUser, "session"))[COOKIES.session] ?? "";
  const mid = Math.floor(seal.length / 2);
  const flipped = seal.slice(0, mid) + (seal[mid] === "A" ? "B" : "A") + seal.slice(mid + 1);

  const cases: Record<string, string> = {
    garbage: "hello",
    truncated: seal.slice(0, mid),
    "one character flipped": flipped,
    "sealed by another server's key": foreign,
    "5000 bytes": "F".repeat(5000),
  };
  for (const [label, value] of Object.entries(cases)) {
    await expectRejected({ [COOKIES.session]: value }, "malformed_credentials", label);
  }
  // A value that is not even valid percent-encoding is dropped by the cookie parser.
  await expectRejected({ [COOKIES.session]: "%E0%A4%A" }, "no_credentials", "bad percent-encoding");
  // The real one still works: the refusals changed nothing.
  expect((await curl(base, "GET", "/api/me", { cookie: { [COOKIES.session]: seal } })).status).toBe(200);
});

test("broken and forged access tokens: truncated, tampered, alg none, another key", async () => {
  const user = await signUpViaApi(base);
  const token = (await logInViaApi(base, user, "jwt"))[COOKIES.access] ?? "";
  const claims = claimsOf(token);
  const { kid } = header(token);
  const promoted = { ...claims, role: "admin", name: "admin" };
  const otherKey = new Uint8Array(randomBytes(32));
  const signWith = (key: Uint8Array, k: unknown) =>
    new SignJWT({ ...promoted }).setProtectedHeader({ alg: "HS256", typ: "at+jwt", kid: String(k) }).sign(key);

  const cases: Record<string, string> = {
    garbage: "not.a.jwt",
    "one segment": "eyJhbGciOiJIUzI1NiJ9",
    "truncated signature": token.slice(0, -10),
    "claims edited, signature kept": `${part(token, 0)}.${b64url(promoted)}.${part(token, 2)}`,
    "alg none": `${b64url({ alg: "none", typ: "at+jwt", kid })}.${b64url(promoted)}.`,
    "alg none, signature kept": `${b64url({ alg: "none", typ: "at+jwt", kid })}.${b64url(promoted)}.${part(token, 2)}`,
    "signed by another key (same kid)": await signWith(otherKey, kid),
    "signed by another key (other kid)": await signWith(otherKey, "attacker"),
    "3000 characters": "e".repeat(3000),
  };
  for (const [label, value] of Object.entries(cases)) {
    await expectRejected({ [COOKIES.access]: value }, "token_invalid", label);
  }
  expect((await curl(base, "GET", "/api/me", { cookie: { [COOKIES.access]: token } })).status).toBe(200);
});

test("an expired access token gets 401 token_expired, and the trace says so", async () => {
  const short = SERVERS.shortTtl;
  const user = await signUpViaApi(short);
  const token = (await logInViaApi(short, user, "jwt"))[COOKIES.access] ?? "";
  await waitUntilTime(claimsOf(token).exp * 1000 + 50);
  const res = await curl(short, "GET", "/api/me", { cookie: { [COOKIES.access]: token } });
  expectApiError(res, 401, "token_expired");
  expect((res.body as { trace: { failure: string } }).trace.failure).toBe("token_expired");
  expect(credentialCookiesSet(res)).toEqual([]);
});

test("broken refresh cookies get 401 refresh_invalid and are cleared", async () => {
  for (const value of ["garbage", "r".repeat(300), "%ZZ"]) {
    const res = await curl(base, "POST", "/api/auth/refresh", { cookie: { [COOKIES.refresh]: value } });
    expectApiError(res, 401, "refresh_invalid", value.slice(0, 10));
    expect(credentialCookiesSet(res)).toEqual([]);
  }
  const none = await curl(base, "POST", "/api/auth/refresh");
  expectApiError(none, 401, "refresh_invalid", "no cookie");
});

test("pages never fail on a broken cookie: they redirect to /login and say why", async ({ page, context }) => {
  // Without a browser: the redirect chain, one hop at a time.
  const session = await curl(base, "GET", "/dashboard", { cookie: { [COOKIES.session]: "garbage" }, headers: { accept: "text/html" } });
  expect(session.status).toBe(307);
  expect(session.headers.location).toBe("/login?next=%2Fdashboard&reason=malformed_credentials");
  const access = await curl(base, "GET", "/dashboard", { cookie: { [COOKIES.access]: "garbage" }, headers: { accept: "text/html" } });
  expect(access.status).toBe(307);
  expect(access.headers.location).toBe("/api/auth/refresh?next=%2Fdashboard");

  // In the browser: the login page explains what was wrong with the cookie.
  await context.addCookies([{ name: COOKIES.session, value: "garbage", url: base }]);
  const res = await page.goto("/dashboard");
  expect(res?.status()).toBe(200);
  await expect(page).toHaveURL(/\/login\?next=%2Fdashboard&reason=malformed_credentials$/);
  await expect(page.getByTestId("login-reason")).toHaveText(en.login.loggedOutReason.replace("{message}", en.errors.malformed_credentials));
});

test("a login over broken cookies still works and replaces them", async () => {
  const user = await signUpViaApi(base);
  const res = await curl(base, "POST", "/api/auth/login", {
    cookie: { [COOKIES.session]: "garbage", [COOKIES.access]: "x.y.z", [COOKIES.refresh]: "nope" },
    json: { username: user.username, password: user.password, mode: "session" },
  });
  expect(res.status).toBe(200);
  expect(credentialCookiesSet(res).map((l) => l.split("=")[0])).toEqual([COOKIES.session]);
});
