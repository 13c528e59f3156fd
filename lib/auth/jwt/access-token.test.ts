import { decodeJwt, decodeProtectedHeader, SignJWT } from "jose";
import { afterEach, describe, expect, it } from "vitest";
import { advanceClockForTests, now } from "@/lib/clock";
import { resetEnvForTests } from "@/lib/env";
import { jwtKeys, secrets } from "../keys";
import { signAccessToken, verifyAccessToken } from "./access-token";

const USER = { id: "user-1", username: "alice", role: "user" as const };
const TTL = 300; // ACCESS_TOKEN_TTL default

const b64 = (v: unknown) => Buffer.from(JSON.stringify(v)).toString("base64url");

/** A token exactly like the server's, signed with the real key, with edits applied. */
async function craft(
  edit: { header?: Record<string, unknown>; claims?: Record<string, unknown>; drop?: string[]; key?: CryptoKey | Uint8Array } = {},
) {
  const { signing } = await jwtKeys();
  const iat = Math.floor(now() / 1000);
  const claims: Record<string, unknown> = {
    name: USER.username,
    role: USER.role,
    fid: "family-1",
    iss: "authlab",
    aud: "authlab:api",
    sub: USER.id,
    jti: "jti-1",
    iat,
    exp: iat + TTL,
    ...edit.claims,
  };
  for (const k of edit.drop ?? []) delete claims[k];
  const header = { alg: "HS256", typ: "at+jwt", kid: signing.kid, ...edit.header };
  for (const k of Object.keys(header)) if (header[k as keyof typeof header] === undefined) delete header[k as keyof typeof header];
  return new SignJWT(claims).setProtectedHeader(header as { alg: string }).sign(edit.key ?? signing.key);
}

const verify = (token: string) => verifyAccessToken(token, now());

/** The trace detail a refusal carries: a code and its parameters, never prose. */
type Detail = { code: string; params?: Record<string, string> };
async function expectInvalid(token: string, detail: Detail) {
  const r = await verify(token);
  expect(r).toEqual({ ok: false, code: "token_invalid", detail });
}

afterEach(() => {
  delete process.env.ACCESS_TOKEN_TTL;
});

describe("access tokens: signing", () => {
  it("round-trips: what is signed verifies, with the same claims", async () => {
    const { token, claims } = await signAccessToken(USER, "family-1", now());
    const r = await verify(token);
    expect(r).toEqual({ ok: true, claims });
  });

  it("carries every claim and the pinned header", async () => {
    const { signing } = await jwtKeys();
    const at = now();
    const { token } = await signAccessToken(USER, "family-1", at);
    expect(decodeProtectedHeader(token)).toEqual({ alg: "HS256", typ: "at+jwt", kid: signing.kid });
    const c = decodeJwt(token);
    const iat = Math.floor(at / 1000);
    expect(c).toEqual({
      iss: "authlab",
      aud: ["authlab:api", "authlab:resource"],
      sub: "user-1",
      jti: expect.stringMatching(/^[0-9a-f-]{36}$/),
      iat,
      exp: iat + TTL,
      name: "alice",
      role: "user",
      fid: "family-1",
    });
    const second = decodeJwt((await signAccessToken(USER, "family-1", at)).token);
    expect(second.jti).not.toBe(c.jti);
  });

  it("exp follows ACCESS_TOKEN_TTL", async () => {
    process.env.ACCESS_TOKEN_TTL = "60";
    resetEnvForTests();
    const { claims } = await signAccessToken(USER, "f", now());
    expect(claims.exp - claims.iat).toBe(60);
  });

  it("the crafting helper makes tokens the server accepts (the baseline every rejection differs from)", async () => {
    const r = await verify(await craft());
    expect(r.ok).toBe(true);
  });
});

describe("access tokens: expiry", () => {
  it("valid one second before exp, token_expired at exp", async () => {
    const { token } = await signAccessToken(USER, "f", now());
    advanceClockForTests((TTL - 1) * 1000);
    expect((await verify(token)).ok).toBe(true);
    advanceClockForTests(1000);
    expect(await verify(token)).toEqual({ ok: false, code: "token_expired", detail: { code: "jwt_exp_passed" } });
  });

  it("a token whose only difference is an exp in the past is token_expired", async () => {
    const iat = Math.floor(now() / 1000);
    expect(await verify(await craft({ claims: { exp: iat - 1 } }))).toMatchObject({ ok: false, code: "token_expired" });
  });

  it("a far-future exp does not outlive ACCESS_TOKEN_TTL (iat age is checked)", async () => {
    const token = await craft({ claims: { exp: Math.floor(now() / 1000) + 86_400 * 365 } });
    expect((await verify(token)).ok).toBe(true);
    advanceClockForTests((TTL + 6) * 1000);
    expect(await verify(token)).toMatchObject({ ok: false, code: "token_expired" });
  });

  it("allowExpired still checks the signature", async () => {
    const { token } = await signAccessToken(USER, "f", now());
    advanceClockForTests(TTL * 2000);
    expect((await verifyAccessToken(token, now(), { allowExpired: true })).ok).toBe(true);
    const forged = await craft({ key: new TextEncoder().encode("k".repeat(48)) });
    expect((await verifyAccessToken(forged, now(), { allowExpired: true })).ok).toBe(false);
  });
});

describe("access tokens: each claim is checked (one difference from a valid token)", () => {
  const cases: Array<[string, Parameters<typeof craft>[0], Detail]> = [
    ["wrong iss", { claims: { iss: "someone-else" } }, { code: "jwt_claim_failed", params: { claim: "iss" } }],
    ["wrong aud", { claims: { aud: "another-api" } }, { code: "jwt_claim_failed", params: { claim: "aud" } }],
    ["aud array without ours", { claims: { aud: ["x", "y"] } }, { code: "jwt_claim_failed", params: { claim: "aud" } }],
    ["missing iss", { drop: ["iss"] }, { code: "jwt_claim_missing", params: { claim: "iss" } }],
    ["missing aud", { drop: ["aud"] }, { code: "jwt_claim_missing", params: { claim: "aud" } }],
    ["missing sub", { drop: ["sub"] }, { code: "jwt_claim_missing", params: { claim: "sub" } }],
    ["missing jti", { drop: ["jti"] }, { code: "jwt_claim_missing", params: { claim: "jti" } }],
    ["missing iat", { drop: ["iat"] }, { code: "jwt_claim_missing", params: { claim: "iat" } }],
    ["missing exp", { drop: ["exp"] }, { code: "jwt_claim_missing", params: { claim: "exp" } }],
    ["iat in the future", { claims: { iat: Math.floor(Date.now() / 1000) + 120 } }, { code: "jwt_claim_failed", params: { claim: "iat" } }],
    ["iat not a number", { claims: { iat: "yesterday" } }, { code: "jwt_claim_invalid", params: { claim: "iat" } }],
    ["missing name", { drop: ["name"] }, { code: "jwt_missing_claims" }],
    ["missing fid", { drop: ["fid"] }, { code: "jwt_missing_claims" }],
    ["unknown role", { claims: { role: "root" } }, { code: "jwt_missing_claims" }],
    ["typ JWT", { header: { typ: "JWT" } }, { code: "jwt_claim_failed", params: { claim: "typ" } }],
    ["no typ", { header: { typ: undefined } }, { code: "jwt_claim_failed", params: { claim: "typ" } }],
    ["unknown kid", { header: { kid: "deadbeef" } }, { code: "jwt_unknown_kid" }],
    ["no kid", { header: { kid: undefined } }, { code: "jwt_unknown_kid" }],
  ];
  for (const [name, edit, reason] of cases) {
    it(`${name} → token_invalid`, async () => {
      await expectInvalid(await craft(edit), reason);
    });
  }
});

describe("access tokens: signature and algorithm", () => {
  it("alg none (unsigned) → token_invalid", async () => {
    const valid = await craft();
    const payload = valid.split(".")[1];
    const header = { ...decodeProtectedHeader(valid), alg: "none" };
    await expectInvalid(`${b64(header)}.${payload}.`, { code: "jwt_alg_not_allowed" });
  });

  it("HS512 with the server's own secret → token_invalid (alg pinned)", async () => {
    const secret = new TextEncoder().encode(secrets().jwtKeys.at(-1)?.secret);
    await expectInvalid(await craft({ header: { alg: "HS512" }, key: secret }), { code: "jwt_alg_not_allowed" });
  });

  it("HS256 with another secret but our kid → token_invalid", async () => {
    await expectInvalid(await craft({ key: new TextEncoder().encode("attacker-secret-".repeat(3)) }), { code: "jwt_bad_signature" });
  });

  it("tampered payload (role escalated) → token_invalid", async () => {
    const [h, , s] = (await craft()).split(".");
    const claims = decodeJwt(await craft());
    await expectInvalid(`${h}.${b64({ ...claims, role: "admin" })}.${s}`, { code: "jwt_bad_signature" });
  });

  it("tampered signature → token_invalid", async () => {
    const [h, p, s = ""] = (await craft()).split(".");
    const flipped = (s[0] === "A" ? "B" : "A") + s.slice(1);
    await expectInvalid(`${h}.${p}.${flipped}`, { code: "jwt_bad_signature" });
  });
});

describe("access tokens: malformed input → token_invalid, never a throw", () => {
  const shapes: Array<[string, (valid: string) => string]> = [
    ["empty", () => ""],
    ["truncated", (v) => v.slice(0, -5)],
    ["one part", () => "abc"],
    ["two parts", (v) => v.split(".").slice(0, 2).join(".")],
    ["four parts", (v) => `${v}.extra`],
    ["not base64url", () => "!!!.@@@.###"],
    ["header not JSON", (v) => `${Buffer.from("nope").toString("base64url")}.${v.split(".").slice(1).join(".")}`],
    ["whitespace around it", (v) => ` ${v} `],
  ];
  for (const [name, make] of shapes) {
    it(name, async () => {
      const r = await verify(make(await craft()));
      expect(r).toMatchObject({ ok: false, code: "token_invalid" });
    });
  }

  it("a correctly signed 5 KB token is refused as too long", async () => {
    const big = await craft({ claims: { pad: "x".repeat(5000) } });
    expect(big.length).toBeGreaterThan(5000);
    expect(await verify(big)).toEqual({ ok: false, code: "token_invalid", detail: { code: "jwt_too_long" } });
  });
});
