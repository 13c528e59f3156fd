import { describe, expect, it } from "vitest";
import { normalizeUsername } from "./account-rules";
import { loginBody, modeBody, modeSchema, passwordSchema, signupBody, usernameSchema } from "./validation";

const firstMessage = (r: { success: boolean; error?: { issues: { message: string }[] } }) => r.error?.issues[0]?.message;

describe("normalizeUsername", () => {
  it.each([
    ["Admin", "admin"],
    ["ＡＤＭＩＮ", "admin"],
    ["ａｄｍｉｎ", "admin"],
    ["  alice  ", "alice"],
    ["\u212Aate", "kate"], // KELVIN SIGN folds to K
    ["ali\uFB00", "aliff"], // ligature ﬀ
  ])("%j → %j", (raw, folded) => {
    expect(normalizeUsername(raw)).toBe(folded);
  });
});

describe("usernameSchema", () => {
  it.each([
    ["abc", "abc"],
    ["a".repeat(64), "a".repeat(64)],
    ["John.Doe_99-x", "john.doe_99-x"],
    ["ａｌｉｃｅ", "alice"],
  ])("accepts %j as %j", (raw, out) => {
    expect(usernameSchema.parse(raw)).toBe(out);
  });

  it.each([
    ["ab", "username must be at least 3 characters"],
    ["  ab  ", "username must be at least 3 characters"],
    ["", "username must be at least 3 characters"],
    ["a".repeat(65), "username must be at most 64 characters"],
    ["a".repeat(257), "username must be at most 64 characters"],
    ["al ice", "username may use only letters a-z, digits, '.', '_' and '-'"],
    ["alice!", "username may use only letters a-z, digits, '.', '_' and '-'"],
    ["élan", "username may use only letters a-z, digits, '.', '_' and '-'"],
    ["ali\u0000ce", "username may use only letters a-z, digits, '.', '_' and '-'"],
    ["alice\u200b", "username may use only letters a-z, digits, '.', '_' and '-'"], // zero-width space
    ["<script>", "username may use only letters a-z, digits, '.', '_' and '-'"],
  ])("rejects %j: %s", (raw, message) => {
    const r = usernameSchema.safeParse(raw);
    expect(r.success).toBe(false);
    expect(firstMessage(r)).toBe(message);
  });

  it.each([42, null, undefined, ["alice"], { u: "alice" }])("rejects the non-string %j", (raw) => {
    const r = usernameSchema.safeParse(raw);
    expect(r.success).toBe(false);
    expect(firstMessage(r)).toBe("username must be a string");
  });
});

describe("passwordSchema", () => {
  it("accepts 8 to 1024 characters, any characters", () => {
    expect(passwordSchema.parse("12345678")).toBe("12345678");
    expect(passwordSchema.parse("x".repeat(1024))).toHaveLength(1024);
    expect(passwordSchema.parse("  spaces kept  ")).toBe("  spaces kept  ");
    expect(passwordSchema.parse("пароль-密码-🔑")).toBe("пароль-密码-🔑");
  });

  it.each([
    ["1234567", "password must be at least 8 characters"],
    ["x".repeat(1025), "password must be at most 1024 characters"],
    [12345678, "password must be a string"],
  ])("rejects %j", (raw, message) => {
    const r = passwordSchema.safeParse(raw);
    expect(r.success).toBe(false);
    expect(firstMessage(r)).toBe(message);
  });
});

describe("mode", () => {
  it("is exactly session or jwt", () => {
    expect(modeSchema.parse("session")).toBe("session");
    expect(modeSchema.parse("jwt")).toBe("jwt");
    for (const bad of ["JWT", "Session", "oauth", "", " jwt", 1, null]) {
      const r = modeSchema.safeParse(bad);
      expect(r.success, String(bad)).toBe(false);
      expect(firstMessage(r)).toBe('mode must be "session" or "jwt"');
    }
  });
});

describe("request bodies are strict objects", () => {
  it("signup: exactly {username, password}; an extra key (role escalation) is refused", () => {
    expect(signupBody.parse({ username: "Alice", password: "password1" })).toEqual({ username: "alice", password: "password1" });
    const r = signupBody.safeParse({ username: "alice", password: "password1", role: "admin" });
    expect(r.success).toBe(false);
    expect(r.error?.issues[0]).toMatchObject({ code: "unrecognized_keys", keys: ["role"] });
    expect(signupBody.safeParse({ username: "alice" }).success).toBe(false);
    expect(signupBody.safeParse(["alice", "password1"]).success).toBe(false);
    expect(signupBody.safeParse(null).success).toBe(false);
  });

  it("login: checks shape only (no password length rule), mode optional", () => {
    expect(loginBody.parse({ username: "x", password: "y" })).toEqual({ username: "x", password: "y" });
    expect(loginBody.parse({ username: "x", password: "y", mode: "jwt" })).toEqual({ username: "x", password: "y", mode: "jwt" });
    expect(firstMessage(loginBody.safeParse({ username: "", password: "y" }))).toBe("username is required");
    expect(firstMessage(loginBody.safeParse({ username: "x", password: "" }))).toBe("password is required");
    expect(firstMessage(loginBody.safeParse({ username: "x", password: "y".repeat(1025) }))).toBe(
      "password must be at most 1024 characters",
    );
    expect(firstMessage(loginBody.safeParse({ username: "x", password: "y", mode: "oauth" }))).toBe('mode must be "session" or "jwt"');
    const extra = loginBody.safeParse({ username: "x", password: "y", remember: true });
    expect(extra.error?.issues[0]).toMatchObject({ code: "unrecognized_keys", keys: ["remember"] });
  });

  it("mode body: exactly {mode}", () => {
    expect(modeBody.parse({ mode: "session" })).toEqual({ mode: "session" });
    expect(modeBody.safeParse({}).success).toBe(false);
    expect(modeBody.safeParse({ mode: "jwt", userId: "someone-else" }).error?.issues[0]).toMatchObject({
      code: "unrecognized_keys",
      keys: ["userId"],
    });
  });

  it("a __proto__ key is not smuggled through", () => {
    const body = JSON.parse('{"username":"alice","password":"password1","__proto__":{"role":"admin"}}');
    const r = signupBody.safeParse(body);
    expect(r.success).toBe(false);
    expect(({} as Record<string, unknown>).role).toBeUndefined();
  });
});
