// The server's signup rules (lib/auth/validation.ts), checked in the form first so
// most mistakes get a precise, translated message before a request is made. Kept
// free of zod to keep it out of the browser bundle; validate-signup.test.ts fails if
// these rules and the server's schema ever disagree. The server stays the authority.

import { normalizeUsername, PASSWORD_MAX, PASSWORD_MIN, USERNAME_MAX, USERNAME_MIN } from "@/lib/auth/account-rules";

const USERNAME_CHARS = /^[a-z0-9_.-]+$/;

export type UsernameProblem = "usernameTooShort" | "usernameTooLong" | "usernameInvalidChars";
export type PasswordProblem = "passwordTooShort" | "passwordTooLong";

export function usernameProblem(raw: string): UsernameProblem | null {
  const name = normalizeUsername(raw);
  if (name.length > 0 && !USERNAME_CHARS.test(name)) return "usernameInvalidChars";
  if (name.length < USERNAME_MIN) return "usernameTooShort";
  if (name.length > USERNAME_MAX) return "usernameTooLong";
  return null;
}

export function passwordProblem(password: string): PasswordProblem | null {
  if (password.length < PASSWORD_MIN) return "passwordTooShort";
  if (password.length > PASSWORD_MAX) return "passwordTooLong";
  return null;
}
