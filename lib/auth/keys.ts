import "server-only";
import { hkdfSync } from "node:crypto";
import { env } from "@/lib/env";
import { loadSecrets, type Secrets } from "@/lib/secrets";
import { singleton } from "@/lib/singleton";

// Secrets are read once per process; JWT keys are imported once as CryptoKeys (importing
// raw bytes on every verify costs more than the HMAC itself).

interface JwtKey {
  kid: string;
  key: CryptoKey;
}

// Loaded once per process (lib/singleton.ts): a restart reads the same secrets back.
const g = singleton("keys", () => ({
  derived: undefined as Map<string, Buffer> | undefined,
  secrets: undefined as Secrets | undefined,
  jwtKeys: undefined as Promise<{ signing: JwtKey; byKid: Map<string, CryptoKey> }> | undefined,
}));

export function secrets(): Secrets {
  g.secrets ??= loadSecrets(env());
  return g.secrets;
}

export function sessionPasswords(): Record<string, string> {
  return secrets().sessionPasswords;
}

async function importAll(): Promise<{ signing: JwtKey; byKid: Map<string, CryptoKey> }> {
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
  return { signing, byKid };
}

export function jwtKeys(): Promise<{ signing: JwtKey; byKid: Map<string, CryptoKey> }> {
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
}
