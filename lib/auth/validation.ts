import { z } from "zod";
import { normalizeUsername, PASSWORD_MAX, PASSWORD_MIN, USERNAME_MAX, USERNAME_MIN } from "./account-rules";
import { MODE_NAMES } from "./types";

// Request-body schemas, shared by the route handlers and the forms' messages.

export const usernameSchema = z
  .string({ error: "username must be a string" })
  .max(USERNAME_MAX * 4, `username must be at most ${USERNAME_MAX} characters`)
  .transform(normalizeUsername)
  .pipe(
    z
      .string()
      .min(USERNAME_MIN, `username must be at least ${USERNAME_MIN} characters`)
      .max(USERNAME_MAX, `username must be at most ${USERNAME_MAX} characters`)
      .regex(/^[a-z0-9_.-]+$/, "username may use only letters a-z, digits, '.', '_' and '-'"),
  );

export const passwordSchema = z
  .string({ error: "password must be a string" })
  .min(PASSWORD_MIN, `password must be at least ${PASSWORD_MIN} characters`)
  .max(PASSWORD_MAX, `password must be at most ${PASSWORD_MAX} characters`);

export const modeSchema = z.enum(MODE_NAMES as [string, ...string[]], {
  error: 'mode must be "session" or "jwt"',
}) as unknown as z.ZodType<"session" | "jwt">;

export const signupBody = z.strictObject({ username: usernameSchema, password: passwordSchema });

// Login checks only the shape: a length rule here would tell an attacker which
// passwords can't exist. Over-long values are still refused before any hashing.
export const loginBody = z.strictObject({
  username: z
    .string({ error: "username must be a string" })
    .min(1, "username is required")
    .max(USERNAME_MAX * 4, `username must be at most ${USERNAME_MAX} characters`),
  password: z
    .string({ error: "password must be a string" })
    .min(1, "password is required")
    .max(PASSWORD_MAX, `password must be at most ${PASSWORD_MAX} characters`),
  mode: modeSchema.optional(),
  // The way out of single-reject: with the right password, end the other logins first.
  endOtherLogins: z.boolean({ error: "endOtherLogins must be true or false" }).optional(),
});

export const modeBody = z.strictObject({ mode: modeSchema });

const currentPasswordSchema = z
  .string({ error: "currentPassword must be a string" })
  .min(1, "currentPassword is required")
  .max(PASSWORD_MAX, `currentPassword must be at most ${PASSWORD_MAX} characters`);

// Changing who may stay logged in is a sensitive change: it asks for the password again
// (OWASP Session Management / Authentication cheat sheets: re-authenticate).
export const policyBody = z.strictObject({
  currentPassword: currentPasswordSchema,
  concurrentLogins: z.enum(["many", "single-evict", "single-reject"], {
    error: 'concurrentLogins must be "many", "single-evict" or "single-reject"',
  }),
});

export const passwordChangeBody = z.strictObject({
  currentPassword: currentPasswordSchema,
  newPassword: passwordSchema,
});
