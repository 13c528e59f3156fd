// Every code the server sends where a person will read words: trace steps and their
// details, the notes on the cookie and server cards, why a login ended, roles. The UI
// turns each into words from lib/i18n/codes.*.ts; lib/i18n/i18n.test.ts fails when one
// lacks a translation. Plain data: safe to import from client components.

/** A trace step's stable id. Never derived from a label: renaming words cannot drop one. */
export const TRACE_STEP_IDS = [
  "read_cookies",
  "read_cookie",
  "unseal",
  "hash_token",
  "db_lookup",
  "check_session_state",
  "touch_session",
  "verify_jwt",
  "denylist_lookup",
  "no_db_lookup",
] as const;
export type TraceStepId = (typeof TRACE_STEP_IDS)[number];

/** What a step found, as a code; its parameters travel beside it (`{ code, params }`). */
export const TRACE_DETAIL_CODES = [
  "no_credential_cookie",
  "cookie_present",
  "cookie_missing",
  "seal_cache_hit",
  "seal_opened",
  "seal_invalid",
  "token_hash",
  "session_found",
  "session_row_missing",
  "session_live",
  "session_revoked",
  "session_idle_expired",
  "session_expired",
  "idle_slid",
  "idle_not_slid",
  "jwt_verified",
  "jwt_cache_hit",
  "jwt_exp_passed",
  "jwt_iat_future",
  "jwt_claim_failed",
  "jwt_claim_missing",
  "jwt_claim_invalid",
  "jwt_missing_claims",
  "jwt_alg_not_allowed",
  "jwt_bad_signature",
  "jwt_unknown_kid",
  "jwt_too_long",
  "jwt_malformed",
  "denylist_hit",
  "denylist_miss",
  "claims_suffice",
  "gap_accepted",
] as const;
export type TraceDetailCode = (typeof TRACE_DETAIL_CODES)[number];

/** The notes under each cookie card and each mode's server card. */
export const NOTE_CODES = [
  "session_cookie",
  "session_server",
  "jwt_access_cookie",
  "jwt_access_lifetime",
  "jwt_refresh_cookie",
  "jwt_server",
] as const;
export type NoteCode = (typeof NOTE_CODES)[number];

/** Why a login ended: stored on its rows, shown on the dashboard, devices and admin pages. */
export const END_REASONS = [
  "logout",
  "replaced_by_login",
  "mode_switched",
  "revoked_by_user",
  "forced_logout",
  "evicted",
  "ended_by_owner",
  "password_changed",
  "reuse_detected",
  "lab_revoked",
  "lab_done",
] as const;
export type EndReason = (typeof END_REASONS)[number];

export const ROLES = ["user", "admin"] as const;

/** Why a request was not recognised (AuthResult's `code`, a trace's `failure`). */
export const AUTH_FAILURE_CODES = [
  "no_credentials",
  "malformed_credentials",
  "session_not_found",
  "session_revoked",
  "session_idle_expired",
  "session_expired",
  "token_invalid",
  "token_expired",
  "token_revoked",
  "user_not_found",
] as const;

/** A code plus what fills its placeholders. `{...At}` params are epoch ms, `reason` an EndReason. */
export interface Coded<C extends string> {
  code: C;
  params?: Record<string, string | number>;
}
