// The access token's contract, in one plain-JavaScript module that both the app (TypeScript,
// through claims.d.mts) and the resource server (plain Node, resource-server/server.mjs)
// import, so both check exactly the same rules: issuer, audience, typ (RFC 9068 "at+jwt"),
// the required claims, the clock tolerance and the app's own claims. The algorithm is
// always the caller's configuration, never the token's header (RFC 8725 §3.1).

export const ISSUER = "authlab";
/** The app's own audience: its verification requires this one. */
export const APP_AUDIENCE = "authlab:api";
/** The resource server's audience: every access token carries both (docs/decisions/043). */
export const RESOURCE_AUDIENCE = "authlab:resource";
export const ACCESS_AUDIENCES = [APP_AUDIENCE, RESOURCE_AUDIENCE];
export const TOKEN_TYP = "at+jwt";
export const REQUIRED_CLAIMS = ["sub", "jti", "iat", "exp"];
/** An iat this far ahead of the verifier's clock is forged or mis-clocked; exp has no tolerance. */
export const CLOCK_SKEW_SECONDS = 5;
/** Longer than any token we sign: refused before any parsing, so garbage stays cheap. */
export const MAX_TOKEN_LENGTH = 2048;
export const ASYMMETRIC_ALGS = ["EdDSA", "ES256"];
export const ALGS = ["HS256", ...ASYMMETRIC_ALGS];

/**
 * Options for jose's jwtVerify. `alg` is the one configured algorithm; `audience` the
 * verifier's own; `maxAgeSeconds` (optional) bounds iat when the verifier knows the TTL.
 */
export function verifyOptions({ alg, audience, nowMs, allowExpired = false, maxAgeSeconds }) {
  if (!ALGS.includes(alg)) throw new Error(`unsupported algorithm ${alg}`);
  return {
    algorithms: [alg],
    issuer: ISSUER,
    audience,
    typ: TOKEN_TYP,
    requiredClaims: REQUIRED_CLAIMS,
    currentDate: new Date(allowExpired ? 0 : nowMs),
    clockTolerance: 0,
    maxTokenAge: allowExpired || maxAgeSeconds === undefined ? undefined : maxAgeSeconds + CLOCK_SKEW_SECONDS,
  };
}

/** English for curl users of the resource server; the app's UI words each code itself. */
export const CLAIM_PROBLEM_MESSAGES = {
  jwt_iat_future: "iat is in the future",
  jwt_missing_claims: "missing name, role or fid claim",
};

/**
 * What jose does not check: iat in the future, and the app's own claims (name, role, fid).
 * Returns null when the payload is right, or a code for what is wrong (never prose: the
 * app's trace carries codes, docs/decisions/044).
 */
export function claimsProblem(payload, nowMs, { allowExpired = false } = {}) {
  if (!allowExpired && typeof payload.iat === "number" && payload.iat * 1000 > nowMs + CLOCK_SKEW_SECONDS * 1000) {
    return "jwt_iat_future";
  }
  if (typeof payload.name !== "string" || typeof payload.fid !== "string" || (payload.role !== "user" && payload.role !== "admin")) {
    return "jwt_missing_claims";
  }
  return null;
}
