import "server-only";
import { decodeJwt, decodeProtectedHeader, errors, jwtVerify, SignJWT } from "jose";
import { env } from "@/lib/env";
import type { Coded, TraceDetailCode } from "../codes";
import { credentialCache } from "../credential-cache";
import { jwtKeys } from "../keys";
import { newId } from "../tokens";
import { detail } from "../trace";
import type { Role, UserDTO } from "../types";
import { ACCESS_AUDIENCES, APP_AUDIENCE, claimsProblem, ISSUER, MAX_TOKEN_LENGTH, TOKEN_TYP, verifyOptions } from "./claims.mjs";

// Access tokens: JWTs verified by signature and claims alone (no DB), signed with HS256 or,
// with JWT_ALG=EdDSA/ES256, a private key whose public half is in the JWKS. Every claim
// RFC 8725 asks for is checked: the algorithm is pinned from the configuration (never read
// from the header), typ is "at+jwt" (RFC 9068), and iss, aud, sub, jti, iat and exp must
// all be present and right. The rules live in claims.mjs, shared with the resource server.

export const JWT_ISSUER = ISSUER;
/** The app's own audience; tokens also name the resource server's (claims.mjs). */
export const JWT_AUDIENCE = APP_AUDIENCE;
export const JWT_TYP = TOKEN_TYP;

export interface AccessClaims {
  iss: string;
  aud: string[];
  sub: string;
  jti: string;
  iat: number;
  exp: number;
  name: string;
  role: Role;
  fid: string; // refresh family: ties this access token to one login (device)
}

export async function signAccessToken(user: UserDTO, familyId: string, nowMs: number): Promise<{ token: string; claims: AccessClaims }> {
  const { alg, signing } = await jwtKeys();
  const iat = Math.floor(nowMs / 1000);
  const claims: AccessClaims = {
    iss: JWT_ISSUER,
    aud: [...ACCESS_AUDIENCES],
    sub: user.id,
    jti: newId(),
    iat,
    exp: iat + env().ACCESS_TOKEN_TTL,
    name: user.username,
    role: user.role,
    fid: familyId,
  };
  const token = await new SignJWT({ name: claims.name, role: claims.role, fid: claims.fid })
    .setProtectedHeader({ alg, typ: JWT_TYP, kid: signing.kid })
    .setIssuer(claims.iss)
    .setAudience(claims.aud)
    .setSubject(claims.sub)
    .setJti(claims.jti)
    .setIssuedAt(claims.iat)
    .setExpirationTime(claims.exp)
    .sign(signing.key);
  return { token, claims };
}

/** `cached`: this exact token verified before, so its signature was not recomputed (the trace says so). */
export type VerifyResult =
  | { ok: true; claims: AccessClaims; cached?: true }
  | { ok: false; code: "token_expired" | "token_invalid"; detail: Coded<TraceDetailCode> };

/** jose's reason for a failed claim check, as the trace's detail code. */
const CLAIM_DETAIL: Record<string, TraceDetailCode> = { missing: "jwt_claim_missing", invalid: "jwt_claim_invalid" };

export { MAX_TOKEN_LENGTH };

/** Tokens that verified, until their `exp` (lib/auth/credential-cache.ts). */
const verifiedTokens = credentialCache<AccessClaims>("access-token");

/**
 * The checks that depend on the clock, exactly as jose makes them (tolerance 0), for a
 * token whose signature and fixed claims verified before. Runs on every cache hit.
 */
function checkClock(claims: AccessClaims, nowMs: number, allowExpired: boolean): VerifyResult | null {
  const now = allowExpired ? 0 : Math.floor(nowMs / 1000);
  const nbf = (claims as { nbf?: unknown }).nbf;
  if (typeof nbf === "number" && nbf > now)
    return { ok: false, code: "token_invalid", detail: detail("jwt_claim_failed", { claim: "nbf" }) };
  if (allowExpired) return null;
  if (claims.exp <= now) return { ok: false, code: "token_expired", detail: detail("jwt_exp_passed") };
  const age = now - claims.iat;
  if (age > env().ACCESS_TOKEN_TTL + 5) return { ok: false, code: "token_expired", detail: detail("jwt_exp_passed") };
  if (age < 0) return { ok: false, code: "token_invalid", detail: detail("jwt_claim_failed", { claim: "iat" }) };
  if (claims.iat * 1000 > nowMs + 5000) return { ok: false, code: "token_invalid", detail: detail("jwt_iat_future") };
  return null;
}

export async function verifyAccessToken(token: string, nowMs: number, opts: { allowExpired?: boolean } = {}): Promise<VerifyResult> {
  if (token.length > MAX_TOKEN_LENGTH) return { ok: false, code: "token_invalid", detail: detail("jwt_too_long") };
  const { alg, byKid } = await jwtKeys();
  const seen = verifiedTokens.get(token, byKid, nowMs);
  if (seen) return checkClock(seen, nowMs, opts.allowExpired === true) ?? { ok: true, claims: { ...seen }, cached: true };
  try {
    const { payload } = await jwtVerify(
      token,
      (header) => {
        const key = header.kid ? byKid.get(header.kid) : undefined;
        if (!key) throw new errors.JWKSNoMatchingKey();
        return key;
      },
      // The app knows the TTL, so it also bounds the token's age (iat).
      verifyOptions({ alg, audience: JWT_AUDIENCE, nowMs, allowExpired: opts.allowExpired, maxAgeSeconds: env().ACCESS_TOKEN_TTL }),
    );
    const problem = claimsProblem(payload, nowMs, { allowExpired: opts.allowExpired });
    if (problem) return { ok: false, code: "token_invalid", detail: detail(problem) };
    const claims = payload as unknown as AccessClaims;
    // Kept until exp: past it the token can never verify again (a hit re-checks the clock anyway).
    verifiedTokens.set(token, { ...claims }, claims.exp * 1000, byKid, nowMs);
    return { ok: true, claims };
  } catch (err) {
    if (err instanceof errors.JWTExpired) return { ok: false, code: "token_expired", detail: detail("jwt_exp_passed") };
    if (err instanceof errors.JWTClaimValidationFailed)
      return { ok: false, code: "token_invalid", detail: detail(CLAIM_DETAIL[err.reason] ?? "jwt_claim_failed", { claim: err.claim }) };
    if (err instanceof errors.JOSEAlgNotAllowed) return { ok: false, code: "token_invalid", detail: detail("jwt_alg_not_allowed") };
    if (err instanceof errors.JWSSignatureVerificationFailed)
      return { ok: false, code: "token_invalid", detail: detail("jwt_bad_signature") };
    if (err instanceof errors.JWKSNoMatchingKey) return { ok: false, code: "token_invalid", detail: detail("jwt_unknown_kid") };
    return { ok: false, code: "token_invalid", detail: detail("jwt_malformed") };
  }
}

/** Header and claims as anyone holding the token can read them (they are only base64url). */
export function decodeUnverified(token: string): { header: Record<string, unknown>; claims: Record<string, unknown> } | null {
  try {
    return { header: decodeProtectedHeader(token) as Record<string, unknown>, claims: decodeJwt(token) as Record<string, unknown> };
  } catch {
    return null;
  }
}
