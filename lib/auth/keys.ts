import "server-only";
import { env } from "@/lib/env";
import { loadSecrets, type Secrets } from "@/lib/secrets";

// Secrets are read once per process; JWT keys are imported once as CryptoKeys (importing
// raw bytes on every verify costs more than the HMAC itself).

interface JwtKey {
  kid: string;
  key: CryptoKey;
}

const g = globalThis as unknown as {
  __authlabSecrets?: Secrets;
  __authlabJwtKeys?: Promise<{ signing: JwtKey; byKid: Map<string, CryptoKey> }>;
};

export function secrets(): Secrets {
  g.__authlabSecrets ??= loadSecrets(env());
  return g.__authlabSecrets;
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
  g.__authlabJwtKeys ??= importAll();
  return g.__authlabJwtKeys;
}

export function resetKeysForTests(): void {
  g.__authlabSecrets = undefined;
  g.__authlabJwtKeys = undefined;
}
