// In-process access-token verification cost, HS256 next to EdDSA (and ES256), each with
// its floor: the bare signature check on the same bytes (createHmac / crypto.verify), so
// the ratio shows what jose's parsing and the claim rules add. One run, medians in µs:
//
//   node bench/jwt-verify.mjs [iterations]
//
// Same rules as the app and the resource server (lib/auth/jwt/claims.mjs).
import { createHmac, createSecretKey, verify as cryptoVerify, generateKeyPairSync, randomBytes } from "node:crypto";
import { jwtVerify, SignJWT } from "jose";
import { ACCESS_AUDIENCES, APP_AUDIENCE, claimsProblem, verifyOptions } from "../lib/auth/jwt/claims.mjs";

const N = Number(process.argv[2] ?? 20000);

function median(xs) {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)];
}

async function time(fn) {
  for (let i = 0; i < Math.min(2000, N); i++) await fn(); // warm up
  const samples = new Array(N);
  for (let i = 0; i < N; i++) {
    const t0 = process.hrtime.bigint();
    await fn();
    samples[i] = Number(process.hrtime.bigint() - t0) / 1000;
  }
  return median(samples);
}

async function tokenFor(alg, key) {
  const iat = Math.floor(Date.now() / 1000);
  return new SignJWT({ name: "alice", role: "user", fid: "f" })
    .setProtectedHeader({ alg, typ: "at+jwt", kid: "k1" })
    .setIssuer("authlab")
    .setAudience(ACCESS_AUDIENCES)
    .setSubject("user-1")
    .setJti("j")
    .setIssuedAt(iat)
    .setExpirationTime(iat + 300)
    .sign(key);
}

const rows = [];
const hmacKey = randomBytes(48);
const ed = generateKeyPairSync("ed25519");
const es = generateKeyPairSync("ec", { namedCurve: "P-256" });
// As the app holds them: the HMAC key imported once as a CryptoKey (lib/auth/keys.ts), the
// asymmetric keys as KeyObjects (lib/auth/signing-keys.ts); and, for comparison, the public
// keys imported once as CryptoKeys.
const subtle = globalThis.crypto.subtle;
const hmacCrypto = await subtle.importKey("raw", hmacKey, { name: "HMAC", hash: "SHA-256" }, false, ["sign", "verify"]);
const spki = (k) => k.export({ format: "der", type: "spki" });
const edCrypto = await subtle.importKey("spki", spki(ed.publicKey), { name: "Ed25519" }, false, ["verify"]);
const esCrypto = await subtle.importKey("spki", spki(es.publicKey), { name: "ECDSA", namedCurve: "P-256" }, false, ["verify"]);
const cases = [
  { alg: "HS256", label: "HS256 (CryptoKey, as the app)", sign: createSecretKey(hmacKey), verify: hmacCrypto },
  { alg: "EdDSA", label: "EdDSA (KeyObject, as the app)", sign: ed.privateKey, verify: ed.publicKey },
  { alg: "EdDSA", label: "EdDSA (CryptoKey)", sign: ed.privateKey, verify: edCrypto },
  { alg: "ES256", label: "ES256 (KeyObject, as the app)", sign: es.privateKey, verify: es.publicKey },
  { alg: "ES256", label: "ES256 (CryptoKey)", sign: es.privateKey, verify: esCrypto },
];
for (const c of cases) {
  const token = await tokenFor(c.alg, c.sign);
  const [h, p, s] = token.split(".");
  const input = Buffer.from(`${h}.${p}`);
  const sig = Buffer.from(s, "base64url");
  const full = await time(async () => {
    const nowMs = Date.now();
    const { payload } = await jwtVerify(token, c.verify, verifyOptions({ alg: c.alg, audience: APP_AUDIENCE, nowMs, maxAgeSeconds: 300 }));
    if (claimsProblem(payload, nowMs)) throw new Error("claims");
  });
  const floor = await time(async () => {
    if (c.alg === "HS256") {
      if (!createHmac("sha256", hmacKey).update(input).digest().equals(sig)) throw new Error("sig");
    } else if (
      !cryptoVerify(
        c.alg === "EdDSA" ? null : "sha256",
        input,
        { key: c.alg === "EdDSA" ? ed.publicKey : es.publicKey, dsaEncoding: "ieee-p1363" },
        sig,
      )
    ) {
      throw new Error("sig");
    }
  });
  rows.push({ alg: c.label, tokenBytes: token.length, verifyUs: full, floorUs: floor });
}
const base = rows[0].verifyUs;
console.log(`node ${process.version}, ${N} verifications each, median µs`);
console.log(`${"key".padEnd(30)} token B  verify µs  floor µs  verify/floor  verify/HS256`);
for (const r of rows) {
  console.log(
    `${r.alg.padEnd(30)} ${String(r.tokenBytes).padStart(7)}  ${r.verifyUs.toFixed(1).padStart(9)}  ${r.floorUs.toFixed(1).padStart(8)}  ${(r.verifyUs / r.floorUs).toFixed(2).padStart(12)}  ${(r.verifyUs / base).toFixed(2).padStart(12)}`,
  );
}
