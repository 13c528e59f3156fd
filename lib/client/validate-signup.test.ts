import { describe, expect, it } from "vitest";
import { normalizeUsername } from "@/lib/auth/account-rules";
import * as server from "../auth/validation";
import { passwordProblem, usernameProblem } from "./validate-signup";

describe("signup validation in the form", () => {
  it.each([
    ["alice", null],
    ["  Alice.B_1-x ", null],
    ["ab", "usernameTooShort"],
    ["", "usernameTooShort"],
    ["a".repeat(65), "usernameTooLong"],
    ["a".repeat(64), null],
    ["al ice", "usernameInvalidChars"],
    ["한글이름", "usernameInvalidChars"],
    ["bob!", "usernameInvalidChars"],
  ])("username %j -> %s", (raw, expected) => {
    expect(usernameProblem(raw)).toBe(expected);
  });

  it.each([
    ["1234567", "passwordTooShort"],
    ["12345678", null],
    ["x".repeat(1024), null],
    ["x".repeat(1025), "passwordTooLong"],
  ])("password of length %#", (raw, expected) => {
    expect(passwordProblem(raw)).toBe(expected);
  });
});

describe("the form's rules match the server's schema", () => {
  const usernames = ["alice", "  Alice ", "ａｄｍｉｎ", "ab", "a b", "a".repeat(64), "a".repeat(65), "x.y_z-1", "é", "", "ok\t"];
  const passwords = ["", "1234567", "12345678", "x".repeat(1024), "x".repeat(1025), "비밀번호비밀번호"];

  // The limits themselves are one module (lib/auth/account-rules.ts); what can still drift
  // is how each side applies them.
  it.each(usernames)("username %j", (raw) => {
    const parsed = server.usernameSchema.safeParse(raw);
    expect(usernameProblem(raw) === null).toBe(parsed.success);
    if (parsed.success) expect(parsed.data).toBe(normalizeUsername(raw));
  });

  it.each(passwords)("password %#", (raw) => {
    expect(passwordProblem(raw) === null).toBe(server.passwordSchema.safeParse(raw).success);
  });
});
