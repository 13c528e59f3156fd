import { createPublicKey, generateKeyPairSync } from "node:crypto";
import fs from "node:fs";
import { createLocalJWKSet, decodeProtectedHeader, jwtVerify, SignJWT } from "jose";
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { env, resetEnvForTests } from "@/lib/env";
import { publishedJwks } from "../jwks";
import { jwtKeys, resetKeysForTests, rotateSigningKey } from "../keys";
import { signingKeysPath } from "../signing-keys";
import { signAccessToken, verifyAccessToken } from "./access-token";
import { RESOURCE_AUDIENCE, verifyOptions } from "./claims.mjs";

// JWT_ALG=EdDSA / ES256: signing with a private key, verifying with the published set
// (as the resource server does), and rotation: old tokens verify until they expire, then
// their key leaves the set and they are refused.

const USER = { id: "user-1", username: "alice", role: "user" as const };
const TTL = 300;
const T0 = Date.UTC(2026, 11, 4, 8, 0, 0);

function useAlg(alg: "EdDSA" | "ES256") {
  process.env.JWT_ALG = alg;
  resetEnvForTests();
  resetKeysForTests();
}

/** What the resource server does: the published set, the shared rules, its own audience. */
async function verifyAsResourceServer(token: string, nowMs: number) {
  const set = publishedJwks(nowMs);
  if (!set) throw new Error("no set");
  return jwtVerify(token, createLocalJWKSet(set), verifyOptions({ alg: env().JWT_ALG, audience: RESOURCE_AUDIENCE, nowMs }));
}

beforeEach(() => {
  vi.useFakeTimers({ toFake: ["Date"] });
  vi.setSystemTime(T0);
});

afterEach(() => {
  vi.useRealTimers();
  delete process.env.JWT_ALG;
  delete process.env.JWT_PRIVATE_KEY;
});

describe.each(["EdDSA", "ES256"] as const)("JWT_ALG=%s", (alg) => {
  beforeEach(() => useAlg(alg));

  it("signs with the private key, names it in kid, and verifies in the app and against the JWKS", async () => {
    const { signing } = await jwtKeys();
    const { token, claims } = await signAccessToken(USER, "family-1", T0);
    expect(decodeProtectedHeader(token)).toEqual({ alg, typ: "at+jwt", kid: signing.kid });
    expect(await verifyAccessToken(token, T0)).toEqual({ ok: true, claims });
    const { payload, protectedHeader } = await verifyAsResourceServer(token, T0);
    expect(payload.sub).toBe("user-1");
    expect(protectedHeader.kid).toBe(signing.kid);
  });

  it("publishes public members only, with kid, alg and use", () => {
    const set = publishedJwks(T0);
    expect(set?.keys).toHaveLength(1);
    const [k] = set?.keys ?? [];
    const members = alg === "EdDSA" ? ["alg", "crv", "kid", "kty", "use", "x"] : ["alg", "crv", "kid", "kty", "use", "x", "y"];
    expect(Object.keys(k ?? {}).sort()).toEqual(members);
    expect(k).toMatchObject({ alg, use: "sig", kty: alg === "EdDSA" ? "OKP" : "EC", crv: alg === "EdDSA" ? "Ed25519" : "P-256" });
    expect(JSON.stringify(set)).not.toMatch(/"d"|"k"|"p"|"q"/);
  });

  it("keeps the private key in the data folder with mode 0600, and reuses it after a restart", async () => {
    const { signing } = await jwtKeys();
    const file = signingKeysPath(env());
    expect(fs.statSync(file).mode & 0o777).toBe(0o600);
    resetKeysForTests();
    expect((await jwtKeys()).signing.kid).toBe(signing.kid);
  });

  it("rotation: the new key signs at once; the old one's tokens verify until they expire, then its key is gone", async () => {
    const before = await signAccessToken(USER, "family-1", T0);
    const oldKid = decodeProtectedHeader(before.token).kid;
    vi.setSystemTime(T0 + 60_000);
    const { retired, added } = rotateSigningKey(T0 + 60_000);
    expect(retired).toBe(oldKid);

    const after = await signAccessToken(USER, "family-1", T0 + 60_000);
    expect(decodeProtectedHeader(after.token).kid).toBe(added);
    expect(publishedJwks(T0 + 60_000)?.keys.map((k) => k.kid)).toEqual([oldKid, added]);
    // The old token is still valid: both the app and the set accept it until its exp.
    expect((await verifyAccessToken(before.token, T0 + 60_000)).ok).toBe(true);
    await expect(verifyAsResourceServer(before.token, T0 + 60_000)).resolves.toBeTruthy();

    // Retired at +60 s; its last token expires by +60 s + TTL; the set keeps it 5 s more (clock skew).
    const gone = T0 + 60_000 + (TTL + 5) * 1000;
    vi.setSystemTime(gone - 1);
    expect(publishedJwks(gone - 1)?.keys.map((k) => k.kid)).toEqual([oldKid, added]);
    vi.setSystemTime(gone);
    expect(publishedJwks(gone)?.keys.map((k) => k.kid)).toEqual([added]);
    // Its tokens are refused by key now, even with the clock ignored.
    expect(await verifyAccessToken(before.token, gone, { allowExpired: true })).toEqual({
      ok: false,
      code: "token_invalid",
      detail: { code: "jwt_unknown_kid" },
    });
    await expect(verifyAsResourceServer(before.token, gone)).rejects.toThrow(/no applicable key/i);
    expect((await verifyAccessToken(after.token, gone, { allowExpired: true })).ok).toBe(true);
    const fresh = await signAccessToken(USER, "family-1", gone);
    expect(decodeProtectedHeader(fresh.token).kid).toBe(added);
  });

  it("refuses a token signed by a key that is not published", async () => {
    const stranger = alg === "EdDSA" ? generateKeyPairSync("ed25519") : generateKeyPairSync("ec", { namedCurve: "P-256" });
    const { signing } = await jwtKeys();
    const iat = Math.floor(T0 / 1000);
    const forged = await new SignJWT({ name: "alice", role: "admin", fid: "f" })
      .setProtectedHeader({ alg, typ: "at+jwt", kid: signing.kid })
      .setIssuer("authlab")
      .setAudience(["authlab:api", "authlab:resource"])
      .setSubject("user-1")
      .setJti("j")
      .setIssuedAt(iat)
      .setExpirationTime(iat + 60)
      .sign(stranger.privateKey);
    expect(await verifyAccessToken(forged, T0)).toMatchObject({ ok: false, detail: { code: "jwt_bad_signature" } });
    await expect(verifyAsResourceServer(forged, T0)).rejects.toThrow(/signature/i);
  });

  it("refuses alg switched to HS256 with the public key as the HMAC secret", async () => {
    const { signing } = await jwtKeys();
    const pub = createPublicKey(signing.key as Parameters<typeof createPublicKey>[0]);
    const iat = Math.floor(T0 / 1000);
    for (const secret of [pub.export({ format: "der", type: "spki" }), Buffer.from(pub.export({ format: "pem", type: "spki" }))]) {
      const forged = await new SignJWT({ name: "alice", role: "admin", fid: "f" })
        .setProtectedHeader({ alg: "HS256", typ: "at+jwt", kid: signing.kid })
        .setIssuer("authlab")
        .setAudience(["authlab:api", "authlab:resource"])
        .setSubject("user-1")
        .setJti("j")
        .setIssuedAt(iat)
        .setExpirationTime(iat + 60)
        .sign(new Uint8Array(secret));
      expect(await verifyAccessToken(forged, T0)).toMatchObject({ ok: false, detail: { code: "jwt_alg_not_allowed" } });
      await expect(verifyAsResourceServer(forged, T0)).rejects.toThrow();
    }
  });

  it("the app pins its own audience: a token for the resource server only is refused by the app", async () => {
    const { signing } = await jwtKeys();
    const iat = Math.floor(T0 / 1000);
    const rsOnly = await new SignJWT({ name: "alice", role: "user", fid: "f" })
      .setProtectedHeader({ alg, typ: "at+jwt", kid: signing.kid })
      .setIssuer("authlab")
      .setAudience(RESOURCE_AUDIENCE)
      .setSubject("user-1")
      .setJti("j")
      .setIssuedAt(iat)
      .setExpirationTime(iat + 60)
      .sign(signing.key);
    expect(await verifyAccessToken(rsOnly, T0)).toMatchObject({
      ok: false,
      detail: { code: "jwt_claim_failed", params: { claim: "aud" } },
    });
    await expect(verifyAsResourceServer(rsOnly, T0)).resolves.toBeTruthy();
  });
});

describe("JWT_ALG switches", () => {
  it("a key of the old algorithm retires when JWT_ALG changes, and its tokens are refused by the pinned algorithm", async () => {
    useAlg("EdDSA");
    const ed = await signAccessToken(USER, "family-1", T0);
    useAlg("ES256");
    const es = await signAccessToken(USER, "family-1", T0);
    expect(decodeProtectedHeader(es.token).alg).toBe("ES256");
    expect(publishedJwks(T0)?.keys.map((k) => k.alg)).toEqual(["EdDSA", "ES256"]);
    expect(await verifyAccessToken(ed.token, T0)).toMatchObject({ ok: false, detail: { code: "jwt_alg_not_allowed" } });
  });

  it("HS256 publishes nothing", () => {
    expect(publishedJwks(T0)).toBeNull();
  });

  it("JWT_PRIVATE_KEY: the keys come from the env, the last one signs, no file is written", async () => {
    const a = generateKeyPairSync("ed25519").privateKey.export({ format: "der", type: "pkcs8" }).toString("base64url");
    const b = generateKeyPairSync("ed25519").privateKey.export({ format: "der", type: "pkcs8" }).toString("base64url");
    process.env.JWT_PRIVATE_KEY = `${a},${b}`;
    useAlg("EdDSA");
    const { signing } = await jwtKeys();
    const set = publishedJwks(T0);
    expect(set?.keys).toHaveLength(2);
    expect(set?.keys[1]?.kid).toBe(signing.kid);
    expect(fs.existsSync(signingKeysPath(env()))).toBe(false);
  });

  it("JWT_PRIVATE_KEY of the wrong kind stops the start with what to do", async () => {
    process.env.JWT_PRIVATE_KEY = generateKeyPairSync("ec", { namedCurve: "P-256" })
      .privateKey.export({ format: "der", type: "pkcs8" })
      .toString("base64url");
    useAlg("EdDSA");
    await expect(jwtKeys()).rejects.toThrow(/not an EdDSA key/);
  });
});
