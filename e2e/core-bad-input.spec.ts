import {
  credentialCookiesSet,
  curl,
  expect,
  expectApiError,
  logInViaApi,
  SERVERS,
  signUpViaApi,
  type TestUser,
  test,
  uniqueUsername,
} from "./fixtures";

// Bad request bodies on the three write endpoints of the core: each gets one exact 4xx
// JSON error (never a 5xx, never a stack trace), sets no credential cookie and
// changes nothing.

const base = SERVERS.main;
const JSON_TYPE = { "content-type": "application/json" };

interface BadBody {
  name: string;
  body?: string | Buffer;
  json?: unknown;
  headers?: Record<string, string>;
  status: number;
  code: string;
}

/** Refusals any JSON endpoint gives before it looks at the fields. */
const shapeless: BadBody[] = [
  { name: "malformed JSON", body: '{"username": "a", ', headers: JSON_TYPE, status: 400, code: "invalid_json" },
  { name: "truncated JSON", body: '{"username": "abc", "password": "abcdef', headers: JSON_TYPE, status: 400, code: "invalid_json" },
  { name: "an empty body", body: "", headers: JSON_TYPE, status: 400, code: "invalid_json" },
  {
    name: "invalid UTF-8",
    body: Buffer.from([0x7b, 0xff, 0xfe, 0x7d]),
    headers: JSON_TYPE,
    status: 400,
    code: "invalid_json",
  },
  { name: "a JSON array", json: [], status: 400, code: "invalid_input" },
  { name: "JSON null", json: null, status: 400, code: "invalid_input" },
  { name: "a JSON string", json: "username", status: 400, code: "invalid_input" },
  {
    name: "form encoding",
    body: "username=a&password=b",
    headers: { "content-type": "application/x-www-form-urlencoded" },
    status: 415,
    code: "unsupported_media_type",
  },
  { name: "no content type", body: "{}", status: 415, code: "unsupported_media_type" },
  { name: "a 20 kB body", json: { username: "x".repeat(20_000), password: "y" }, status: 413, code: "payload_too_large" },
];

const credentialFields = (username: string, password: string): BadBody[] => [
  { name: "no fields", json: {}, status: 400, code: "invalid_input" },
  { name: "no password", json: { username }, status: 400, code: "invalid_input" },
  { name: "no username", json: { password }, status: 400, code: "invalid_input" },
  { name: "a numeric username", json: { username: 12345, password }, status: 400, code: "invalid_input" },
  { name: "a boolean password", json: { username, password: true }, status: 400, code: "invalid_input" },
  { name: "an operator object", json: { username: { $gt: "" }, password }, status: 400, code: "invalid_input" },
  { name: "an array username", json: { username: [username], password }, status: 400, code: "invalid_input" },
  { name: "a 1025-char password", json: { username, password: "p".repeat(1025) }, status: 400, code: "invalid_input" },
  { name: "a 300-char username", json: { username: "u".repeat(300), password }, status: 400, code: "invalid_input" },
  { name: "an unknown field", json: { username, password, role: "admin" }, status: 400, code: "invalid_input" },
];

async function expectRefusal(path: string, method: string, bad: BadBody, cookie?: Record<string, string>): Promise<void> {
  const res = await curl(base, method, path, { body: bad.body, json: bad.json, headers: bad.headers, cookie });
  expectApiError(res, bad.status, bad.code, bad.name);
  expect(credentialCookiesSet(res), `${bad.name}: no credential cookie`).toEqual([]);
}

/** The account's log, newest first, read with a fresh login (which adds one "login"). */
async function eventsOf(user: TestUser): Promise<string[]> {
  const cookies = await logInViaApi(base, user, "session");
  const res = await curl(base, "GET", "/api/me/events", { cookie: cookies });
  expect(res.status).toBe(200);
  return (res.body as { events: Array<{ type: string }> }).events.map((e) => e.type);
}

test("POST /api/auth/signup refuses every bad body, and the name stays free", async () => {
  const username = uniqueUsername("bad-signup");
  for (const bad of [...shapeless, ...credentialFields(username, "long-enough-pw")]) {
    await expectRefusal("/api/auth/signup", "POST", bad);
  }
  await expectRefusal("/api/auth/signup", "POST", {
    name: "65-char username",
    json: { username: "u".repeat(65), password: "long-enough-pw" },
    status: 400,
    code: "invalid_input",
  });
  // Nothing was created along the way.
  expect((await signUpViaApi(base, { username, password: "long-enough-pw" })).username).toBe(username);
});

test("POST /api/auth/login refuses every bad body before checking anything, and logs nothing", async () => {
  const user = await signUpViaApi(base);
  const bodies = [
    ...shapeless,
    ...credentialFields(user.username, user.password),
    // The right password with a mode that does not exist must not log anyone in.
    {
      name: "an unknown mode",
      json: { username: user.username, password: user.password, mode: "oauth" },
      status: 400,
      code: "invalid_input",
    },
    {
      name: "a mode in capitals",
      json: { username: user.username, password: user.password, mode: "JWT" },
      status: 400,
      code: "invalid_input",
    },
    { name: "a numeric mode", json: { username: user.username, password: user.password, mode: 1 }, status: 400, code: "invalid_input" },
  ];
  for (const bad of bodies) await expectRefusal("/api/auth/login", "POST", bad);
  // Login checks only the shape (up to 256 chars before folding): a 65-char name is
  // simply one no account can have.
  await expectRefusal("/api/auth/login", "POST", {
    name: "a 65-char username",
    json: { username: "u".repeat(65), password: user.password },
    status: 401,
    code: "invalid_credentials",
  });
  // Only the signup and the login that reads the log: no login, no failure recorded.
  expect(await eventsOf(user)).toEqual(["login", "signup"]);
});

test("PUT /api/me/mode refuses bad bodies and leaves the login as it was", async () => {
  const user = await signUpViaApi(base);
  const cookies = await logInViaApi(base, user, "session");
  const bodies = [
    ...shapeless,
    { name: "no mode", json: {}, status: 400, code: "invalid_input" },
    { name: "an unknown mode", json: { mode: "cookie" }, status: 400, code: "invalid_input" },
    { name: "a null mode", json: { mode: null }, status: 400, code: "invalid_input" },
    { name: "an extra field", json: { mode: "jwt", userId: "someone-else" }, status: 400, code: "invalid_input" },
  ];
  for (const bad of bodies) await expectRefusal("/api/me/mode", "PUT", bad, cookies);

  // Without a login, even a valid body is a 401.
  expectApiError(await curl(base, "PUT", "/api/me/mode", { json: { mode: "jwt" } }), 401, "no_credentials");

  const me = await curl(base, "GET", "/api/me", { cookie: cookies });
  expect(me.status).toBe(200);
  expect(me.body).toMatchObject({ mode: "session", user: { username: user.username } });
  const events = await eventsOf(user);
  expect(events).not.toContain("mode_switched");
  expect(events.filter((e) => e === "login")).toHaveLength(2);
});

test("a cross-site write is refused before it is read", async () => {
  const user = await signUpViaApi(base);
  const res = await curl(base, "POST", "/api/auth/login", {
    json: { username: user.username, password: user.password },
    headers: { origin: "https://evil.example" },
  });
  expectApiError(res, 403, "cross_origin");
  expect(res.setCookies).toEqual([]);
});
