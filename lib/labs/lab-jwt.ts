import "server-only";
import { decodeJwt, decodeProtectedHeader, errors, jwtVerify, SignJWT } from "jose";
import { jwtKeys } from "@/lib/auth/keys";
import { newId } from "@/lib/auth/tokens";

// Tokens the labs hand to page scripts on purpose (to decode, to tamper with, to keep in
// localStorage, to grow past the cookie limit). They are signed with the server's key but
// carry a lab audience, and the access-token check pins aud=authlab:api: none of them can
// ever be used as an access token.

export const LAB_AUDIENCE = "authlab:lab";
export const LAB_BEARER_AUDIENCE = "authlab:lab-bearer";

export async function signLabToken(
  audience: string,
  claims: Record<string, unknown> & { sub: string },
  ttlSeconds: number,
  nowMs: number,
): Promise<string> {
  const { signing } = await jwtKeys();
  const iat = Math.floor(nowMs / 1000);
  const { sub, ...rest } = claims;
  return new SignJWT(rest)
    .setProtectedHeader({ alg: "HS256", typ: "JWT", kid: signing.kid })
    .setIssuer("authlab")
    .setAudience(audience)
    .setSubject(sub)
    .setJti(newId())
    .setIssuedAt(iat)
    .setExpirationTime(iat + ttlSeconds)
    .sign(signing.key);
}

export type LabVerify =
  | { ok: true; header: Record<string, unknown>; claims: Record<string, unknown> }
  | {
      ok: false;
      reason: "malformed" | "bad_signature" | "expired" | "wrong_audience" | "invalid";
      header: Record<string, unknown> | null;
      claims: Record<string, unknown> | null;
    };

export async function verifyLabToken(token: string, audience: string, nowMs: number): Promise<LabVerify> {
  let header: Record<string, unknown> | null = null;
  let claims: Record<string, unknown> | null = null;
  try {
    header = decodeProtectedHeader(token) as Record<string, unknown>;
    claims = decodeJwt(token) as Record<string, unknown>;
  } catch {
    return { ok: false, reason: "malformed", header, claims };
  }
  const { byKid } = await jwtKeys();
  try {
    await jwtVerify(
      token,
      (h) => {
        const key = h.kid ? byKid.get(h.kid) : undefined;
        if (!key) throw new errors.JWKSNoMatchingKey();
        return key;
      },
      { algorithms: ["HS256"], issuer: "authlab", audience, currentDate: new Date(nowMs) },
    );
    return { ok: true, header, claims };
  } catch (err) {
    if (err instanceof errors.JWSSignatureVerificationFailed) return { ok: false, reason: "bad_signature", header, claims };
    if (err instanceof errors.JWTExpired) return { ok: false, reason: "expired", header, claims };
    if (err instanceof errors.JWTClaimValidationFailed && err.claim === "aud")
      return { ok: false, reason: "wrong_audience", header, claims };
    return { ok: false, reason: "invalid", header, claims };
  }
}
