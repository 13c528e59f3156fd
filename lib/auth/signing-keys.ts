import "server-only";
import { createHash, createPrivateKey, createPublicKey, generateKeyPairSync, type KeyObject } from "node:crypto";
import fs from "node:fs";
import path from "node:path";
import { z } from "zod";
import type { Env } from "@/lib/env";
import { type AccessAlg, CLOCK_SKEW_SECONDS } from "./jwt/claims.mjs";

// The asymmetric signing keys (JWT_ALG=EdDSA or ES256): private keys kept like the other
// secrets, public keys published at /.well-known/jwks.json. A rotation adds a key that
// signs from that moment and retires the old one, which stays published (and accepted)
// until the last token it signed has expired: retiredAt + ACCESS_TOKEN_TTL + clock skew
// (docs/decisions/042-jwks-and-key-rotation.md).

export type AsymmetricAlg = Exclude<AccessAlg, "HS256">;

export interface StoredKey {
  kid: string;
  alg: AsymmetricAlg;
  /** PKCS#8 DER, base64url. Never leaves this process except into the 0600 file. */
  privateKey: string;
  createdAt: number;
  /** When a newer key took over signing; null while this one signs. */
  retiredAt: number | null;
}

const KeyFileSchema = z.object({
  keys: z.array(
    z.object({
      kid: z.string().min(1).max(64),
      alg: z.enum(["EdDSA", "ES256"]),
      privateKey: z.string().min(1),
      createdAt: z.number(),
      retiredAt: z.number().nullable(),
    }),
  ),
});

/** The public members a JWK may carry here (RFC 7517 §4, RFC 8037, RFC 7518 §6.2.1): an allowlist, so `d` never can. */
export interface PublicJwk {
  kty: "OKP" | "EC";
  crv: string;
  x: string;
  y?: string;
  kid: string;
  alg: AsymmetricAlg;
  use: "sig";
}

export interface KeyRing {
  alg: AsymmetricAlg;
  source: "env" | "file";
  signing: { kid: string; key: KeyObject };
  /** Public keys that verify: the signing key and retired keys still in their window. */
  byKid: Map<string, KeyObject>;
  /** The same keys, with their times, for the JWKS and the lab. */
  published: StoredKey[];
  /** When the next retired key leaves the set (ms; Infinity: none will). */
  nextChange: number;
}

export function signingKeysPath(env: Env): string {
  return path.join(env.dataDir, "jwt-keys.json");
}

function publicKeyOf(k: StoredKey): KeyObject {
  return createPublicKey(privateKeyOf(k));
}

function privateKeyOf(k: StoredKey): KeyObject {
  return createPrivateKey({ key: Buffer.from(k.privateKey, "base64url"), format: "der", type: "pkcs8" });
}

/** The key's public members, picked one by one (never a spread of the exported JWK). */
function publicMembers(pub: KeyObject): { kty: "OKP" | "EC"; crv: string; x: string; y?: string } {
  const jwk = pub.export({ format: "jwk" });
  if (jwk.kty === "OKP") return { kty: "OKP", crv: String(jwk.crv), x: String(jwk.x) };
  return { kty: "EC", crv: String(jwk.crv), x: String(jwk.x), y: String(jwk.y) };
}

/** The kid: the start of the key's RFC 7638 thumbprint, so the same key always has the same name. */
export function kidFor(pub: KeyObject): string {
  const m = publicMembers(pub);
  const canonical = m.kty === "OKP" ? { crv: m.crv, kty: m.kty, x: m.x } : { crv: m.crv, kty: m.kty, x: m.x, y: m.y };
  return createHash("sha256").update(JSON.stringify(canonical)).digest("base64url").slice(0, 16);
}

function keyMatchesAlg(key: KeyObject, alg: AsymmetricAlg): boolean {
  if (alg === "EdDSA") return key.asymmetricKeyType === "ed25519";
  return key.asymmetricKeyType === "ec" && key.asymmetricKeyDetails?.namedCurve === "prime256v1";
}

export function generateKey(alg: AsymmetricAlg, nowMs: number): StoredKey {
  const { privateKey, publicKey } = alg === "EdDSA" ? generateKeyPairSync("ed25519") : generateKeyPairSync("ec", { namedCurve: "P-256" });
  return {
    kid: kidFor(publicKey),
    alg,
    privateKey: privateKey.export({ format: "der", type: "pkcs8" }).toString("base64url"),
    createdAt: nowMs,
    retiredAt: null,
  };
}

/** When a retired key's last token has expired, and the key leaves the set (ms); null while it signs. */
export function publishedUntil(k: StoredKey, ttlSeconds: number): number | null {
  return k.retiredAt === null ? null : k.retiredAt + (ttlSeconds + CLOCK_SKEW_SECONDS) * 1000;
}

export function publicJwk(k: StoredKey): PublicJwk {
  return { ...publicMembers(publicKeyOf(k)), kid: k.kid, alg: k.alg, use: "sig" };
}

function readFile(file: string): StoredKey[] | null {
  let raw: string;
  try {
    raw = fs.readFileSync(file, "utf8");
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === "ENOENT") return null;
    throw new Error(`AuthLab cannot start: cannot read ${file} (${(err as NodeJS.ErrnoException).code}). Fix its permissions (chmod 600).`);
  }
  let json: unknown;
  try {
    json = JSON.parse(raw);
  } catch {
    json = undefined;
  }
  const parsed = KeyFileSchema.safeParse(json);
  if (!parsed.success) {
    throw new Error(
      `AuthLab cannot start: ${file} is corrupt. Restore it from your backup, or delete it to generate a new signing key ` +
        "(everyone's access token is refused once and refreshed; refresh tokens are unaffected).",
    );
  }
  return parsed.data.keys;
}

/** Written whole to a temporary file (0600) and renamed over the old one: a reader never sees half a file. */
function writeFile(file: string, keys: StoredKey[]): void {
  fs.mkdirSync(path.dirname(file), { recursive: true });
  const tmp = `${file}.${process.pid}.tmp`;
  fs.writeFileSync(tmp, `${JSON.stringify({ keys }, null, 2)}\n`, { mode: 0o600 });
  fs.renameSync(tmp, file);
}

/**
 * The file's keys brought up to date at `nowMs`: keys whose window closed are dropped, and
 * if no key of the configured algorithm signs (first start, or JWT_ALG changed), a new one
 * is made and the others retire now. Returns whether anything changed.
 */
function settle(keys: StoredKey[], alg: AsymmetricAlg, ttl: number, nowMs: number): { keys: StoredKey[]; changed: boolean } {
  let changed = false;
  let out = keys.filter((k) => {
    const until = publishedUntil(k, ttl);
    const keep = until === null || until > nowMs;
    if (!keep) changed = true;
    return keep;
  });
  const active = out.filter((k) => k.retiredAt === null);
  if (active.length !== 1 || active[0]?.alg !== alg) {
    out = out.map((k) => (k.retiredAt === null ? { ...k, retiredAt: nowMs } : k));
    out.push(generateKey(alg, nowMs));
    changed = true;
  }
  return { keys: out, changed };
}

function ringOf(keys: StoredKey[], alg: AsymmetricAlg, source: KeyRing["source"], ttl: number): KeyRing {
  const byKid = new Map<string, KeyObject>();
  let signing: KeyRing["signing"] | undefined;
  let nextChange = Number.POSITIVE_INFINITY;
  for (const k of keys) {
    const priv = privateKeyOf(k);
    if (!keyMatchesAlg(priv, k.alg)) throw new Error(`AuthLab cannot start: the signing key ${k.kid} is not an ${k.alg} key.`);
    // A key of another algorithm (JWT_ALG changed) stays listed until its window ends, but
    // never verifies here: the algorithm is pinned.
    if (k.alg === alg) byKid.set(k.kid, createPublicKey(priv));
    if (k.retiredAt === null && k.alg === alg) signing = { kid: k.kid, key: priv };
    const until = publishedUntil(k, ttl);
    if (until !== null) nextChange = Math.min(nextChange, until);
  }
  if (!signing) throw new Error("no signing key");
  return { alg, source, signing, byKid, published: keys, nextChange };
}

/** JWT_PRIVATE_KEY: every key listed is published and verifies; the last one signs. Rotate by editing the list. */
function fromEnv(env: Env, alg: AsymmetricAlg): KeyRing {
  const list = (env.JWT_PRIVATE_KEY ?? "")
    .split(",")
    .map((s) => s.trim())
    .filter(Boolean);
  const keys: StoredKey[] = list.map((b64) => {
    let priv: KeyObject;
    try {
      priv = createPrivateKey({ key: Buffer.from(b64, "base64url"), format: "der", type: "pkcs8" });
    } catch {
      throw new Error(
        "AuthLab cannot start: JWT_PRIVATE_KEY is not a list of PKCS#8 keys (base64url DER). " +
          "Make one with: openssl genpkey -algorithm ed25519 -outform DER | basenc --base64url -w0",
      );
    }
    if (!keyMatchesAlg(priv, alg)) throw new Error(`AuthLab cannot start: JWT_PRIVATE_KEY holds a key that is not an ${alg} key.`);
    return { kid: kidFor(createPublicKey(priv)), alg, privateKey: b64, createdAt: 0, retiredAt: null };
  });
  if (keys.length === 0) throw new Error("AuthLab cannot start: JWT_PRIVATE_KEY is empty.");
  // No retire times here: every listed key stays until the operator drops it; the last one
  // listed signs (ringOf keeps the last signing candidate).
  return ringOf(keys, alg, "env", env.ACCESS_TOKEN_TTL);
}

export function loadKeyRing(env: Env, alg: AsymmetricAlg, nowMs: number): KeyRing {
  if (env.JWT_PRIVATE_KEY) return fromEnv(env, alg);
  const file = signingKeysPath(env);
  const current = readFile(file) ?? [];
  const { keys, changed } = settle(current, alg, env.ACCESS_TOKEN_TTL, nowMs);
  if (changed) writeFile(file, keys);
  return ringOf(keys, alg, "file", env.ACCESS_TOKEN_TTL);
}

/** Retires the signing key now and adds a new one that signs from this moment. */
export function rotateKeyFile(env: Env, alg: AsymmetricAlg, nowMs: number): { retired: string | null; added: string } {
  const file = signingKeysPath(env);
  const settled = settle(readFile(file) ?? [], alg, env.ACCESS_TOKEN_TTL, nowMs).keys;
  const retired = settled.find((k) => k.retiredAt === null)?.kid ?? null;
  const fresh = generateKey(alg, nowMs);
  const keys = [...settled.map((k) => (k.retiredAt === null ? { ...k, retiredAt: nowMs } : k)), fresh];
  writeFile(file, keys);
  return { retired, added: fresh.kid };
}

/** The file's modification time, to notice a rotation another process (or the lab) made. */
export function keyFileStamp(env: Env): number {
  try {
    return fs.statSync(signingKeysPath(env)).mtimeMs;
  } catch {
    return 0;
  }
}
