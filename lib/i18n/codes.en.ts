// What the server sends as codes (lib/auth/codes.ts), in words: trace steps and their
// details, the notes on the cookie and server cards, why a login ended, roles and chips.
// The server never sends this prose; the one trace renderer and the cards look it up.
// Placeholders: `{...At}` is an epoch-ms time (shown localized), `{reason}` an end reason.
export const codesEn = {
  trace: {
    mechanism: "Mechanism",
    cookie: "Cookie read",
    none: "none",
    noSteps: "No steps were run.",
    ms: "{ms} ms",
    db: "DB queries: {n}",
    total: "Total {ms} ms, {n} DB queries",
    failure: "Failure reason: {code}",
  },
  steps: {
    read_cookies: "Read the cookies",
    read_cookie: "Read the credential cookie",
    unseal: "Unseal the cookie (iron-session)",
    hash_token: "Hash the token (SHA-256)",
    db_lookup: "Look up the session in the database",
    check_session_state: "Check revoked, idle and absolute expiry",
    touch_session: "Update last seen",
    verify_jwt: "Verify the JWT signature and claims",
    denylist_lookup: "Look up the denylist (JWT_DENYLIST=on)",
    no_db_lookup: "No database lookup",
  },
  details: {
    no_credential_cookie: "No credential cookie: HTTP is stateless, so without one this request is a stranger.",
    cookie_present: "{cookie}: {bytes} bytes",
    cookie_missing: "No {cookie} cookie: this request is a stranger.",
    seal_cache_hit: "Cache hit: this seal was opened (decrypted, MAC verified) before; the crypto was skipped, the row is still read.",
    seal_opened: "First seen: decrypted and MAC verified; found the opaque session token.",
    seal_invalid: "Not a valid seal: tampered, truncated or made with another key.",
    token_hash: "{hash}… (the database key)",
    session_found: "Session {session}… of {user}",
    session_row_missing: "No row with this hash.",
    session_live: "Live: idle until {idleAt}",
    session_revoked: "Ended ({reason}).",
    session_idle_expired: "Idle too long: expired.",
    session_expired: "Past its absolute expiry.",
    idle_slid: "Slid the idle expiry (written at most once a minute).",
    idle_not_slid: "Storage unavailable: the idle expiry was not slid this time.",
    jwt_verified: "First seen: {alg} signature verified; alg, typ, iss, aud, sub, jti, iat and exp checked. Expires in {seconds} s.",
    jwt_cache_hit: "Cache hit: verified before, so the signature was not recomputed; exp checked again. Expires in {seconds} s.",
    jwt_exp_passed: "exp has passed.",
    jwt_iat_future: "iat is in the future.",
    jwt_claim_failed: "A claim check failed: {claim}.",
    jwt_claim_missing: "A required claim is missing: {claim}.",
    jwt_claim_invalid: "A claim has the wrong type: {claim}.",
    jwt_missing_claims: "The name, role or fid claim is missing.",
    jwt_alg_not_allowed: "Algorithm not allowed (only HS256).",
    jwt_bad_signature: "The signature does not match.",
    jwt_unknown_kid: "Unknown key id (kid).",
    jwt_too_long: "The token is too long.",
    jwt_malformed: "Not a well-formed JWT.",
    denylist_hit: "Revoked {seconds} s ago ({reason}).",
    denylist_miss: "Not revoked: one indexed query, paid on every request.",
    claims_suffice: "Everything needed is in the signed claims: this is what makes JWTs cheap, and impossible to take back.",
    gap_accepted:
      "Accepted although this login was ended {seconds} s ago: a signature cannot know. Open for {left} s more (JWT_DENYLIST=on closes this gap).",
  },
  notes: {
    session_cookie:
      "An iron-session seal: the token is encrypted (AES-256-CBC) and MACed (HMAC-SHA256) with the server's password. The browser, and any script, sees only noise; only the server can open it.",
    session_server:
      "The server keeps the session (who, since when, until when) under the SHA-256 of the token. Deleting or revoking this row logs the browser out on its very next request.",
    jwt_access_cookie:
      "A signed JWT: the header and claims are only base64url, readable by anyone who holds it; the HMAC signature makes them tamper-proof. The server checks it without any lookup, so it stays valid until exp even after a logout elsewhere.",
    jwt_access_lifetime:
      "The cookie lives longer than the token inside it (exp, {ttl}). That is on purpose: an expired token still arrives, so the server can answer “expired” and the page refreshes it, instead of “who are you?”. The cookie ends with the login at the latest.",
    jwt_refresh_cookie:
      "An opaque random 256-bit token. Path={path} means the browser sends it only to the endpoints under {path} ({path}/refresh, /logout, /login, /signup, /inspect, /sessions), never with pages or other API calls such as /api/me. Only refresh and logout (and a new login, which ends the old one) act on it. Each use replaces it.",
    jwt_server:
      "No access token is stored anywhere on the server: it is checked by its signature alone. The server keeps only the SHA-256 of each refresh token of this login (its token family), to rotate it and to detect reuse.",
  },
  reasons: {
    logout: "logged out",
    replaced_by_login: "replaced by a new login in that browser",
    mode_switched: "switched to the other mode",
    revoked_by_user: "ended from the devices list",
    forced_logout: "forced logout by an admin",
    evicted: "evicted by a newer login",
    ended_by_owner: "ended by the owner logging in elsewhere",
    password_changed: "password changed",
    reuse_detected: "refresh token reuse",
    lab_revoked: "ended by a lab",
    lab_done: "a lab finished with it",
    unknown: "no reason recorded",
  },
  roles: {
    user: "user",
    admin: "admin",
  },
  chips: {
    ok: "passed",
    failed: "failed",
  },
};

export type CodesDict = typeof codesEn;
