import "server-only";
import { env } from "@/lib/env";
import { accessAlg, keyRing } from "./keys";
import { type PublicJwk, publicJwk, publishedUntil } from "./signing-keys";

// The JSON Web Key Set (RFC 7517 §5) at /.well-known/jwks.json: the public half of every key
// that may have signed a still-valid access token. Built member by member from the public
// key (signing-keys.ts), so a private member (`d`) or a symmetric key (`k`) cannot appear.

export interface KeyStatus {
  kid: string;
  alg: string;
  signing: boolean;
  createdAt: number;
  retiredAt: number | null;
  /** When it leaves the set (ms); null while it signs. */
  publishedUntil: number | null;
}

/** null when JWT_ALG=HS256: there is no public key to publish (DESIGN.md: 404). */
export function publishedJwks(nowMs = Date.now()): { keys: PublicJwk[] } | null {
  if (accessAlg() === "HS256") return null;
  return { keys: keyRing(nowMs).published.map(publicJwk) };
}

/** The same set with its times, for the lab (no key material at all). */
export function keyStatuses(nowMs = Date.now()): KeyStatus[] {
  if (accessAlg() === "HS256") return [];
  const ring = keyRing(nowMs);
  return ring.published.map((k) => ({
    kid: k.kid,
    alg: k.alg,
    signing: k.kid === ring.signing.kid,
    createdAt: k.createdAt,
    retiredAt: k.retiredAt,
    publishedUntil: publishedUntil(k, env().ACCESS_TOKEN_TTL),
  }));
}

/** Seconds a verifier (or a shared cache) may keep the set: short, since a rotated-in key signs at once. */
export const JWKS_MAX_AGE = 30;
