import type { AuthFailureCode } from "./types";

const MESSAGES: Record<AuthFailureCode, string> = {
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
};

export function failureMessage(code: AuthFailureCode): string {
  return MESSAGES[code];
}
