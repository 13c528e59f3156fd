import "server-only";
import { createHash } from "node:crypto";
import { decodeJwt, decodeProtectedHeader, errors, jwtVerify, SignJWT } from "jose";
import { derivedKey } from "@/lib/auth/keys";
import { newId } from "@/lib/auth/tokens";
import { singleton } from "@/lib/singleton";

// Tokens the labs hand to page scripts on purpose (to decode, to tamper with, to keep in
// localStorage, to grow past the cookie limit). They are signed with a key of their own
// and carry a lab audience: none of them can ever be used as an access token.

/**
 * The labs' own key (RFC 8725 §3.12: one key per kind of token), derived from the
 * secrets under its own label, imported once. Its kid ("lab-…") can never name an
 * access-token key, so the access-token check refuses a lab token by its key, before
 * aud or typ are even looked at.
 */
function labKey(): Promise<{ key: CryptoKey; kid: string }> {
  const raw = derivedKey("lab-token"); // follows the secrets (a rotation, a test's fresh ones)
  const kid = `lab-${createHash("sha256").update(raw).digest("hex").slice(0, 8)}`;
  const imported = singleton("lab-token-keys", () => new Map<string, Promise<CryptoKey>>());
  let key = imported.get(kid);
  if (!key) {
    key = crypto.subtle.importKey("raw", new Uint8Array(raw), { name: "HMAC", hash: "SHA-256" }, false, ["sign", "verify"]);
    imported.set(kid, key);
  }
  return key.then((k) => ({ key: k, kid }));
}

export const LAB_AUDIENCE = "authlab:lab";
export const LAB_BEARER_AUDIENCE = "authlab:lab-bearer";

export async function signLabToken(
  audience: string,
  claims: Record<string, unknown> & { sub: string },
  ttlSeconds: number,
  nowMs: number,
): Promise<string> {
  const { key, kid } = await labKey();
  const iat = Math.floor(nowMs / 1000);
  const { sub, ...rest } = claims;
  return new SignJWT(rest)
    .setProtectedHeader({ alg: "HS256", typ: "JWT", kid })
    .setIssuer("authlab")
    .setAudience(audience)
    .setSubject(sub)
    .setJti(newId())
    .setIssuedAt(iat)
    .setExpirationTime(iat + ttlSeconds)
    .sign(key);
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
  const lab = await labKey();
  try {
    await jwtVerify(
      token,
      (h) => {
        if (h.kid !== lab.kid) throw new errors.JWKSNoMatchingKey();
        return lab.key;
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
