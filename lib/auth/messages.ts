import type { AuthFailureCode } from "./types";

// The English `error.message` of every 401 a login check or a refresh gives (curl users
// read it; the UI speaks from its dictionaries by code).

export type RefreshFailureCode = "refresh_invalid" | "refresh_reused" | "refresh_expired";

const MESSAGES: Record<AuthFailureCode | RefreshFailureCode, string> = {
  no_credentials: "You are not logged in: this request carried no credential cookie.",
  malformed_credentials: "The credential cookie is not one this server issued (tampered, truncated or sealed with another key).",
  session_not_found: "No session matches this cookie: it was never issued here or has been purged.",
  session_revoked: "This session was ended on the server.",
  session_idle_expired: "This session expired after too long without activity.",
  session_expired: "This session reached its absolute lifetime.",
  token_invalid: "The access token is invalid.",
  token_expired: "The access token has expired: refresh it (POST /api/auth/refresh).",
  token_revoked: "The access token was revoked.",
  user_not_found: "Your account no longer exists.",
  refresh_invalid: "No valid refresh token: log in again.",
  refresh_reused: "This refresh token was already used: the login was ended to protect you. Log in again.",
  refresh_expired: "The refresh token has expired: log in again.",
};

export function failureMessage(code: AuthFailureCode | RefreshFailureCode): string {
  return MESSAGES[code];
}
