import { expect, test } from "@playwright/test";
import {
  BASE,
  call,
  DB_FILE,
  expectRefused,
  issuedCookies,
  logIn,
  newClient,
  queryDb,
  rawChunkedPost,
  signUp,
  uniqueName,
  withoutRowChanges,
} from "./support";

// What a client sends (OWASP Input Validation, SQL Injection Prevention, Mass Assignment
// and REST Security cheat sheets; OWASP CSRF Prevention): usernames with SQL and look-
// alike characters, hostile JSON, oversized bodies, wrong content types and cross-site
// writes. Each gets the exact 4xx and code, issues nothing and changes no row.

test.describe.configure({ mode: "parallel" });

const login = (json: unknown, client = newClient("input")) => call("/api/auth/login", { client, json });
const signup = (json: unknown, client = newClient("input")) => call("/api/auth/signup", { client, json });

test.describe("SQL metacharacters", () => {
  for (const username of ["admin' OR '1'='1", "admin'--", "admin' /*", '" OR ""="', "admin'; DROP TABLE users; --", "%' OR 1=1 --"]) {
    test(`login with username ${JSON.stringify(username)} → 401 invalid_credentials`, async () => {
      const attacker = newClient("sqli");
      const res = await withoutRowChanges({ client: attacker, usernames: ["admin"] }, () =>
        login({ username, password: "anything-at-all" }, attacker),
      );
      expectRefused(res, 401, "invalid_credentials");
    });
  }

  test("login with SQL in the password of a real account → 401 invalid_credentials", async () => {
    const attacker = newClient("sqli");
    const user = await signUp(attacker);
    const res = await withoutRowChanges({ client: attacker, userIds: [user.id] }, () =>
      login({ username: user.username, password: "' OR '1'='1' --" }, attacker),
    );
    expectRefused(res, 401, "invalid_credentials");
  });

  test("signup with SQL in the username → 400 invalid_input, and the users table is intact", async () => {
    const username = "x'); DELETE FROM users; --";
    const res = await withoutRowChanges({ usernames: [username, "admin", "alice"] }, () =>
      signup({ username, password: "long-enough-pw" }),
    );
    expectRefused(res, 400, "invalid_input");
    expect(queryDb<{ n: number }>(DB_FILE, "SELECT count(*) AS n FROM users WHERE username IN ('admin','alice','bob')")[0]?.n).toBe(3);
  });
});

test.describe("one name, one account: NFKC + case folding", () => {
  for (const lookalike of ["ａｄｍｉｎ", "ADMIN", "Admin", " admin ", "ＡＤＭＩＮ"]) {
    test(`signup as ${JSON.stringify(lookalike)} → 409 username_taken (it is "admin")`, async () => {
      const res = await withoutRowChanges({ usernames: ["admin", lookalike] }, () =>
        signup({ username: lookalike, password: "long-enough-pw" }),
      );
      expectRefused(res, 409, "username_taken");
    });
  }

  for (const [label, lookalike] of [
    ["Cyrillic а", "\u0430dmin"],
    ["Greek ο in bob", "b\u03bfb"],
    ["zero-width space", "admin\u200b"],
    ["right-to-left override", "\u202enimda"],
  ] as const) {
    test(`signup with a look-alike that NFKC does not fold (${label}) → 400 invalid_input`, async () => {
      const res = await withoutRowChanges({ usernames: [lookalike, lookalike.normalize("NFKC").toLowerCase()] }, () =>
        signup({ username: lookalike, password: "long-enough-pw" }),
      );
      expectRefused(res, 400, "invalid_input");
    });
  }

  test("login with the full-width form of a name logs in as that very account", async () => {
    const client = newClient("nfkc");
    const user = await signUp(client, uniqueName("nfkc"));
    const fullWidth = [...user.username]
      .map((ch) => (ch >= "!" && ch <= "~" ? String.fromCharCode(ch.charCodeAt(0) + 0xfee0) : ch))
      .join("");
    expect(fullWidth).not.toBe(user.username);
    const res = await login({ username: fullWidth, password: user.password, mode: "session" }, client);
    expect(res.status, res.text).toBe(200);
    expect((res.body.user as { id: string }).id).toBe(user.id);
  });
});

test.describe("HTML and script in user-supplied fields", () => {
  for (const username of ["<script>alert(1)</script>", "<img src=x onerror=alert(1)>", '"><svg/onload=alert(1)>', "javascript:alert(1)"]) {
    test(`signup with username ${JSON.stringify(username)} → 400 invalid_input`, async () => {
      const res = await withoutRowChanges({ usernames: [username, username.toLowerCase()] }, () =>
        signup({ username, password: "long-enough-pw" }),
      );
      expectRefused(res, 400, "invalid_input");
    });
  }

  test("a failed login never echoes what was typed", async () => {
    const payload = "<script>alert('typed')</script>";
    const attacker = newClient("echo");
    const res = await withoutRowChanges({ client: attacker }, () => login({ username: payload, password: payload }, attacker));
    expectRefused(res, 401, "invalid_credentials");
    expect(res.text).not.toContain("<script>");
    expect(res.text).not.toContain("typed");
  });
});

test.describe("hostile JSON", () => {
  test("deeply nested JSON (8 000 levels, just under the body limit) → 400 invalid_input, the server keeps serving", async () => {
    const attacker = newClient("nested");
    const depth = 8_000;
    const body = `{"username":${"[".repeat(depth)}${"]".repeat(depth)},"password":"x"}`;
    const res = await withoutRowChanges({ client: attacker }, () =>
      call("/api/auth/login", { client: attacker, body, headers: { "content-type": "application/json" } }),
    );
    expectRefused(res, 400, "invalid_input");
    expect((await call("/api/health")).status).toBe(200);
  });

  test("invalid JSON → 400 invalid_json", async () => {
    const attacker = newClient("json");
    const res = await withoutRowChanges({ client: attacker }, () =>
      call("/api/auth/login", { client: attacker, body: '{"username": "alice",', headers: { "content-type": "application/json" } }),
    );
    expectRefused(res, 400, "invalid_json");
  });

  test("invalid UTF-8 → 400 invalid_json", async () => {
    const attacker = newClient("json");
    const res = await withoutRowChanges({ client: attacker }, () =>
      call("/api/auth/login", {
        client: attacker,
        body: Buffer.from([0x7b, 0x22, 0xff, 0xfe, 0x22, 0x3a, 0x31, 0x7d]),
        headers: { "content-type": "application/json" },
      }),
    );
    expectRefused(res, 400, "invalid_json");
  });

  test("mass assignment: signup with role: admin → 400 invalid_input (unknown keys are refused)", async () => {
    const username = uniqueName("mass");
    const res = await withoutRowChanges({ usernames: [username] }, () => signup({ username, password: "long-enough-pw", role: "admin" }));
    expectRefused(res, 400, "invalid_input");
  });

  test("prototype pollution: a __proto__ key → 400 invalid_input", async () => {
    const username = uniqueName("proto");
    const res = await withoutRowChanges({ usernames: [username] }, () =>
      call("/api/auth/signup", {
        body: `{"username":"${username}","password":"long-enough-pw","__proto__":{"role":"admin"}}`,
        headers: { "content-type": "application/json" },
      }),
    );
    expectRefused(res, 400, "invalid_input");
  });

  for (const [label, value] of [
    ["a number", 42],
    ["an array", ["admin"]],
    ["an object", { $ne: null }],
    ["null", null],
  ] as const) {
    test(`username as ${label} → 400 invalid_input`, async () => {
      const attacker = newClient("types");
      const res = await withoutRowChanges({ client: attacker }, () => login({ username: value, password: "x" }, attacker));
      expectRefused(res, 400, "invalid_input");
    });
  }

  test("a 1 025-character password → 400 invalid_input (refused before any hashing)", async () => {
    const attacker = newClient("long-pw");
    const res = await withoutRowChanges({ client: attacker }, () => login({ username: "alice", password: "p".repeat(1025) }, attacker));
    expectRefused(res, 400, "invalid_input");
  });
});

test.describe("body size", () => {
  test("a 1 MB body → 413 payload_too_large", async () => {
    const attacker = newClient("big");
    const body = JSON.stringify({ username: "alice", password: "x".repeat(1024 * 1024) });
    const res = await withoutRowChanges({ client: attacker }, () =>
      call("/api/auth/login", { client: attacker, body, headers: { "content-type": "application/json" } }),
    );
    expectRefused(res, 413, "payload_too_large");
  });

  test("a 1 MB body streamed without Content-Length (chunked) → 413 payload_too_large", async () => {
    const attacker = newClient("big-chunked");
    const chunks = ['{"username":"alice","password":"', ...Array(16).fill("x".repeat(64 * 1024)), '"}'];
    const res = await withoutRowChanges({ client: attacker }, () =>
      rawChunkedPost(
        "/api/auth/login",
        { "content-type": "application/json", "x-forwarded-for": attacker.ip, "user-agent": attacker.ua },
        chunks,
      ),
    );
    expectRefused(res, 413, "payload_too_large");
  });
});

test.describe("content types", () => {
  for (const type of [
    "text/plain",
    "application/x-www-form-urlencoded",
    "multipart/form-data; boundary=x",
    "application/jsonx",
    "text/json",
    null,
  ]) {
    test(`login with Content-Type ${type ?? "(none)"} → 415 unsupported_media_type`, async () => {
      const attacker = newClient("ctype");
      const headers: Record<string, string> = type ? { "content-type": type } : {};
      const res = await withoutRowChanges({ client: attacker }, () =>
        call("/api/auth/login", { client: attacker, body: JSON.stringify({ username: "alice", password: "alice-demo-pass" }), headers }),
      );
      expectRefused(res, 415, "unsupported_media_type");
    });
  }
});

test.describe("cross-origin state-changing requests (CSRF)", () => {
  test("login posted from another site → 403 cross_origin", async () => {
    const attacker = newClient("csrf");
    const res = await withoutRowChanges({ client: attacker, usernames: ["alice"] }, () =>
      call("/api/auth/login", {
        client: attacker,
        json: { username: "alice", password: "alice-demo-pass" },
        headers: { origin: "https://evil.example" },
      }),
    );
    expectRefused(res, 403, "cross_origin");
  });

  test("an opaque origin (Origin: null, sandboxed iframes) → 403 cross_origin", async () => {
    const attacker = newClient("csrf");
    const res = await withoutRowChanges({ client: attacker }, () =>
      call("/api/auth/login", { client: attacker, json: { username: "alice", password: "alice-demo-pass" }, headers: { origin: "null" } }),
    );
    expectRefused(res, 403, "cross_origin");
  });

  test("a look-alike origin (same host name, other port) → 403 cross_origin", async () => {
    const attacker = newClient("csrf");
    const res = await withoutRowChanges({ client: attacker }, () =>
      call("/api/auth/login", {
        client: attacker,
        json: { username: "alice", password: "alice-demo-pass" },
        headers: { origin: `${BASE.replace(/:\d+$/, "")}:1` },
      }),
    );
    expectRefused(res, 403, "cross_origin");
  });

  test("logout from another site → 403 cross_origin, the session lives on", async () => {
    const client = newClient("csrf-victim");
    const user = await signUp(client);
    const cookies = await logIn(user, "session", client);
    const res = await withoutRowChanges({ userIds: [user.id], client }, () =>
      call("/api/auth/logout", { method: "POST", client, cookies, headers: { origin: "https://evil.example" } }),
    );
    expectRefused(res, 403, "cross_origin");
    expect((await call("/api/me", { client, cookies })).status).toBe(200);
  });

  test("mode switch from another site → 403 cross_origin", async () => {
    const client = newClient("csrf-victim");
    const user = await signUp(client);
    const cookies = await logIn(user, "session", client);
    const res = await withoutRowChanges({ userIds: [user.id], client }, () =>
      call("/api/me/mode", { method: "PUT", client, cookies, json: { mode: "jwt" }, headers: { origin: "https://evil.example" } }),
    );
    expectRefused(res, 403, "cross_origin");
  });

  test("signup from another site → 403 cross_origin", async () => {
    const username = uniqueName("csrf");
    const res = await withoutRowChanges({ usernames: [username] }, () =>
      call("/api/auth/signup", { json: { username, password: "long-enough-pw" }, headers: { origin: "https://evil.example" } }),
    );
    expectRefused(res, 403, "cross_origin");
  });

  test("the same request from this site's own origin is allowed (the check is not a blanket refusal)", async () => {
    const client = newClient("same-origin");
    const user = await signUp(client);
    const res = await call("/api/auth/login", {
      client,
      json: { username: user.username, password: user.password, mode: "session" },
      headers: { origin: BASE },
    });
    expect(res.status, res.text).toBe(200);
    expect(Object.keys(issuedCookies(res))).toContain("authlab_session");
  });
});
