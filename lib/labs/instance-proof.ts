import { createHmac, timingSafeEqual } from "node:crypto";

// The scale-out lab talks only to processes it started: each child gets a random
// per-start secret in its environment (AUTHLAB_SCALE_TOKEN) and answers a fresh challenge
// with HMAC(secret, challenge). A listener that took the port first cannot, so it never
// receives a login. The secret itself never crosses the wire.

export const INSTANCE_CHALLENGE_HEADER = "x-authlab-instance-challenge";
export const INSTANCE_PROOF_HEADER = "x-authlab-instance-proof";

export function proofFor(secret: string, challenge: string): string {
  return createHmac("sha256", secret).update(challenge).digest("base64url");
}

/** This process's answer to a challenge, or null when it is not a scale-out child. */
export function instanceProof(challenge: string, secret = process.env.AUTHLAB_SCALE_TOKEN): string | null {
  if (!secret || challenge.length > 128) return null;
  return proofFor(secret, challenge);
}

export function isProofValid(secret: string, challenge: string, proof: string | null): boolean {
  if (!proof) return false;
  const want = Buffer.from(proofFor(secret, challenge));
  const got = Buffer.from(proof);
  return want.length === got.length && timingSafeEqual(want, got);
}
