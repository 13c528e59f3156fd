import "server-only";
import { hkdfSync, type KeyObject } from "node:crypto";
import { env } from "@/lib/env";
import { loadSecrets, type Secrets } from "@/lib/secrets";
import { singleton } from "@/lib/singleton";
import type { AccessAlg } from "./jwt/claims.mjs";
import { type AsymmetricAlg, type KeyRing, keyFileStamp, loadKeyRing, rotateKeyFile } from "./signing-keys";

// Secrets are read once per process; JWT keys are imported once as CryptoKeys (importing
// raw bytes on every verify costs more than the HMAC itself).

interface JwtKey {
  kid: string;
  key: CryptoKey | KeyObject;
}

export interface JwtKeys {
  alg: AccessAlg;
  signing: JwtKey;
  byKid: Map<string, CryptoKey | KeyObject>;
}

// Loaded once per process (lib/singleton.ts): a restart reads the same secrets back.
const g = singleton("keys", () => ({
  derived: undefined as Map<string, Buffer> | undefined,
  secrets: undefined as Secrets | undefined,
  jwtKeys: undefined as Promise<JwtKeys> | undefined,
  ring: undefined as { ring: KeyRing; stamp: number; checkedAt: number } | undefined,
}));

export function secrets(): Secrets {
  g.secrets ??= loadSecrets(env());
  return g.secrets;
}

export function sessionPasswords(): Record<string, string> {
  return secrets().sessionPasswords;
}

async function importAll(): Promise<JwtKeys> {
  const byKid = new Map<string, CryptoKey>();
  let signing: JwtKey | undefined;
  for (const { kid, secret } of secrets().jwtKeys) {
    const key = await crypto.subtle.importKey("raw", new TextEncoder().encode(secret), { name: "HMAC", hash: "SHA-256" }, false, [
      "sign",
      "verify",
    ]);
    byKid.set(kid, key);
    signing = { kid, key }; // the last one listed signs
  }
  if (!signing) throw new Error("no JWT key configured");
  return { alg: "HS256", signing, byKid };
}

/** The configured algorithm (JWT_ALG): the one every access token is signed and checked with. */
export function accessAlg(): AccessAlg {
  return env().JWT_ALG;
}

// Another process sharing the data folder (a scale-out child) may rotate: the key file's
// modification time is looked at, at most once a second.
const RING_CHECK_MS = 1000;

/**
 * The asymmetric key ring, reloaded when the file changed or a retired key's window
 * closed (so a key leaves verification the moment it leaves the JWKS). The same object
 * is returned until then: the verified-token cache is keyed by it.
 */
export function keyRing(nowMs = Date.now()): KeyRing {
  const alg = accessAlg();
  if (alg === "HS256") throw new Error("keyRing() needs an asymmetric JWT_ALG");
  const e = env();
  const cur = g.ring;
  if (cur && nowMs < cur.ring.nextChange) {
    if (nowMs - cur.checkedAt < RING_CHECK_MS) return cur.ring;
    cur.checkedAt = nowMs;
    if (keyFileStamp(e) === cur.stamp) return cur.ring;
  }
  const ring = loadKeyRing(e, alg as AsymmetricAlg, nowMs);
  g.ring = { ring, stamp: keyFileStamp(e), checkedAt: nowMs };
  g.jwtKeys = undefined;
  return ring;
}

/** Rotation (the lab, an operator): a new key signs from now; the old one stays published until its tokens expired. */
export function rotateSigningKey(nowMs = Date.now()): { retired: string | null; added: string } {
  const alg = accessAlg();
  if (alg === "HS256") throw new Error("rotateSigningKey() needs an asymmetric JWT_ALG");
  const result = rotateKeyFile(env(), alg as AsymmetricAlg, nowMs);
  g.ring = undefined;
  g.jwtKeys = undefined;
  return result;
}

export function jwtKeys(): Promise<JwtKeys> {
  if (accessAlg() !== "HS256") {
    const before = g.ring?.ring;
    let ring: KeyRing;
    try {
      ring = keyRing();
    } catch (err) {
      return Promise.reject(err);
    }
    if (!g.jwtKeys || ring !== before) g.jwtKeys = Promise.resolve({ alg: ring.alg, signing: ring.signing, byKid: ring.byKid });
    return g.jwtKeys;
  }
  g.jwtKeys ??= importAll();
  return g.jwtKeys;
}

/**
 * One key per purpose (RFC 8725 §3.12): a 256-bit key derived with HKDF-SHA256 from the
 * sealing password, under a label naming its use, so a value made for one purpose (a
 * device cookie, a lab token) can never pass as another, and no new secret has to be
 * stored. Rotating SESSION_PASSWORD rotates these too.
 */
export type KeyPurpose = "device-cookie" | "lab-token";

export function derivedKey(purpose: KeyPurpose): Buffer {
  g.derived ??= new Map();
  let key = g.derived.get(purpose);
  if (!key) {
    const passwords = sessionPasswords();
    const newest = Object.keys(passwords).sort((a, b) => Number(b) - Number(a))[0] ?? "";
    key = Buffer.from(hkdfSync("sha256", passwords[newest] ?? "", "authlab", `authlab ${purpose} v1`, 32));
    g.derived.set(purpose, key);
  }
  return key;
}

export function resetKeysForTests(): void {
  g.derived = undefined;
  g.secrets = undefined;
  g.jwtKeys = undefined;
  g.ring = undefined;
}
