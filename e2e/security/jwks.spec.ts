import { createHmac, createPrivateKey, createPublicKey, generateKeyPairSync, type KeyObject } from "node:crypto";
import fs from "node:fs";
import http from "node:http";
import { expect, test } from "@playwright/test";
import { exportJWK, type JWTPayload, SignJWT } from "jose";
import { EDDSA_PORT } from "../../playwright.config";
import { base64url, call, expectRefused, logIn, newClient, type Reply, randomUUID, signUp, type TestUser } from "./support";

// JWT_ALG=EdDSA: the published key set and a resource server that checks tokens against it
// (RFC 7517, RFC 8725 §2.1/§3.1/§3.2, RFC 9068). Every forged token is sent both to the app
// (GET /api/me) and to the resource server (GET /resource/me): both must refuse it, with
// the one error shape and no credential issued. The JWKS never shows a private member and
// nothing in a request can add a key to it or make a verifier fetch one.

const BASE = `http://localhost:${EDDSA_PORT}`;
const DATA_DIR = `.tmp/e2e-${EDDSA_PORT}`;
const PRIVATE_MEMBERS = ["d", "k", "p", "q", "dp", "dq", "qi", "oth"];

interface Ctx {
  user: TestUser;
  /** A real access token the server issued (the control: it verifies on both sides). */
  issued: string;
  kid: string;
  publicKey: KeyObject;
}

let ctx: Ctx;

test.describe.configure({ mode: "serial" });

let started: { user: TestUser; client: ReturnType<typeof newClient>; cookies: Record<string, string> } | undefined;

test.beforeAll(async () => {
  const client = newClient("jwks");
  const user = await signUp(client, undefined, BASE);
  const cookies = await logIn(user, "session", client, BASE);
  // The lab starts the resource server (demo mode); its run needs a live login.
  const run = await call("/api/lab/jwks/run", { method: "POST", client, cookies, base: BASE });
  expect(run.status, run.text).toBe(200);
  started = { user, client, cookies };
});

// Per test: the key that signs right now and a token it signed. The resource-server lab
// may rotate on this server meanwhile (its spec runs in parallel); a retired key stays
// valid for ACCESS_TOKEN_TTL + 5 s = 11 s, far longer than any case here.
test.beforeEach(async () => {
  if (!started) throw new Error("not started");
  const cookies = await logIn(started.user, "jwt", started.client, BASE);
  const issued = cookies.authlab_access as string;
  const kid = JSON.parse(Buffer.from(issued.split(".")[0] as string, "base64url").toString()).kid as string;
  const keys = JSON.parse(fs.readFileSync(`${DATA_DIR}/jwt-keys.json`, "utf8")).keys as Array<{ kid: string; privateKey: string }>;
  const signing = keys.find((k) => k.kid === kid);
  if (!signing) throw new Error("the token's key is not in the key file");
  const publicKey = createPublicKey(createPrivateKey({ key: Buffer.from(signing.privateKey, "base64url"), format: "der", type: "pkcs8" }));
  ctx = { user: started.user, issued, kid, publicKey };
});

function claims(over: Record<string, unknown> = {}): JWTPayload {
  const iat = Math.floor(Date.now() / 1000);
  return {
    iss: "authlab",
    aud: ["authlab:api", "authlab:resource"],
    sub: ctx.user.id,
    jti: randomUUID(),
    iat,
    exp: iat + 60,
    name: ctx.user.username,
    role: "admin",
    fid: randomUUID(),
    ...over,
  };
}

/** A token with any header, HMAC-signed with `secret` (alg HS256) or left unsigned (alg none). */
function handMade(header: Record<string, unknown>, secret?: Buffer): string {
  const input = `${base64url(JSON.stringify(header))}.${base64url(JSON.stringify(claims()))}`;
  const sig = secret ? createHmac("sha256", secret).update(input).digest("base64url") : "";
  return `${input}.${sig}`;
}

const app = (token: string) => call("/api/me", { cookies: { authlab_access: token }, client: newClient("jwks-app"), base: BASE });
const rs = (token: string, via: "cookie" | "bearer" = "cookie") =>
  call("/resource/me", {
    base: BASE,
    client: newClient("jwks-rs"),
    ...(via === "cookie" ? { cookies: { authlab_access: token } } : { headers: { authorization: `Bearer ${token}` } }),
  });

async function bothRefuse(token: string, rsCode: string): Promise<[Reply, Reply]> {
  const [a, r, rb] = await Promise.all([app(token), rs(token), rs(token, "bearer")]);
  expectRefused(a, 401, "token_invalid");
  expectRefused(r, 401, rsCode);
  expectRefused(rb, 401, rsCode);
  expect(r.headers.get("www-authenticate") ?? "").toMatch(/^Bearer .*error="invalid_token"/);
  return [a, r];
}

test("control: the issued EdDSA token verifies at the app and at the resource server, by cookie and by Bearer", async () => {
  const a = await app(ctx.issued);
  expect(a.status, a.text).toBe(200);
  for (const via of ["cookie", "bearer"] as const) {
    const r = await rs(ctx.issued, via);
    expect(r.status, r.text).toBe(200);
    expect(r.body.verified).toMatchObject({ sub: ctx.user.id, kid: ctx.kid, alg: "EdDSA" });
  }
});

test("the JWKS publishes public members only, with a cache header and the JWK Set media type", async () => {
  const res = await call("/.well-known/jwks.json", { base: BASE });
  expect(res.status).toBe(200);
  expect(res.headers.get("content-type")).toMatch(/^application\/jwk-set\+json/);
  expect(res.headers.get("cache-control")).toBe("public, max-age=30");
  const keys = (res.body as { keys: Array<Record<string, unknown>> }).keys;
  expect(keys.length).toBeGreaterThan(0);
  for (const k of keys) {
    expect(Object.keys(k).sort()).toEqual(["alg", "crv", "kid", "kty", "use", "x"]);
    expect(k).toMatchObject({ kty: "OKP", crv: "Ed25519", alg: "EdDSA", use: "sig" });
    for (const m of PRIVATE_MEMBERS) expect(k[m], m).toBeUndefined();
  }
  expect(keys.map((k) => k.kid)).toContain(ctx.kid);
});

test("a JWKS request cannot inject a key: query, headers and a body change nothing; other methods are refused", async () => {
  const plain = await call("/.well-known/jwks.json", { base: BASE });
  const evil = (await exportJWK(generateKeyPairSync("ed25519").publicKey)) as Record<string, unknown>;
  const q = new URLSearchParams({ jwk: JSON.stringify({ ...evil, kid: "evil" }), kid: "evil", jku: "http://127.0.0.1:1/x", keys: "[]" });
  const injected = await call(`/.well-known/jwks.json?${q}`, {
    base: BASE,
    headers: {
      "x-jwk": JSON.stringify(evil),
      jku: "http://127.0.0.1:1/x",
      x5u: "http://127.0.0.1:1/x",
    },
  });
  expect(injected.status).toBe(200);
  expect(injected.text).toBe(plain.text);
  expect(injected.text).not.toContain("evil");
  for (const method of ["POST", "PUT", "DELETE"]) {
    const res = await call("/.well-known/jwks.json", { base: BASE, method, json: { keys: [{ ...evil, kid: "evil" }] } });
    expect(res.status, method).toBe(405);
  }
  const after = await call("/.well-known/jwks.json", { base: BASE });
  expect(after.text).toBe(plain.text);
});

test("a token signed by a key that is not published, under a published kid, is refused", async () => {
  const stranger = generateKeyPairSync("ed25519");
  const token = await new SignJWT(claims()).setProtectedHeader({ alg: "EdDSA", typ: "at+jwt", kid: ctx.kid }).sign(stranger.privateKey);
  await bothRefuse(token, "token_invalid");
});

test("a kid that is not in the set is refused (the resource server re-fetches the set, finds nothing)", async () => {
  const stranger = generateKeyPairSync("ed25519");
  const token = await new SignJWT(claims())
    .setProtectedHeader({ alg: "EdDSA", typ: "at+jwt", kid: "not-in-the-set" })
    .sign(stranger.privateKey);
  await bothRefuse(token, "key_unknown");
  const noKid = await new SignJWT(claims()).setProtectedHeader({ alg: "EdDSA", typ: "at+jwt" }).sign(stranger.privateKey);
  const a = await app(noKid);
  expectRefused(a, 401, "token_invalid");
  const r = await rs(noKid);
  expect(r.status).toBe(401);
  expect(["token_invalid", "key_unknown"]).toContain(r.body.error?.code);
});

test("alg switched to HS256 with the public key as the HMAC secret is refused, in every encoding of that key", async () => {
  const jwk = (await exportJWK(ctx.publicKey)) as { x: string };
  const secrets = [
    Buffer.from(jwk.x, "base64url"), // the raw 32-byte public key
    Buffer.from(jwk.x), // its base64url text
    ctx.publicKey.export({ format: "der", type: "spki" }),
    Buffer.from(ctx.publicKey.export({ format: "pem", type: "spki" })),
    Buffer.from(JSON.stringify({ ...jwk, kid: ctx.kid, alg: "EdDSA", use: "sig" })),
  ];
  for (const secret of secrets) await bothRefuse(handMade({ alg: "HS256", typ: "at+jwt", kid: ctx.kid }, secret), "token_invalid");
});

test("alg none (and its spellings) is refused", async () => {
  for (const alg of ["none", "None", "NONE", "nOnE"]) await bothRefuse(handMade({ alg, typ: "at+jwt", kid: ctx.kid }), "token_invalid");
});

test("a key offered in the token header (jwk, jku, x5u, x5c) is never used, and no verifier fetches a URL it names", async () => {
  const hits: string[] = [];
  const bait = http.createServer((req, res) => {
    hits.push(req.url ?? "");
    res.writeHead(200, { "content-type": "application/json" });
    res.end(JSON.stringify({ keys: [] }));
  });
  const baitPort = EDDSA_PORT + 60;
  await new Promise<void>((resolve) => bait.listen(baitPort, "127.0.0.1", resolve));
  try {
    const attacker = generateKeyPairSync("ed25519");
    const jwk = { ...(await exportJWK(attacker.publicKey)), alg: "EdDSA", use: "sig" };
    const url = `http://127.0.0.1:${baitPort}/jwks.json`;
    const headers: Array<Record<string, unknown>> = [
      { jwk }, // embedded key, no kid
      { jwk, kid: ctx.kid }, // embedded key under the real kid
      { jku: url, kid: "bait" },
      { jku: url, kid: ctx.kid },
      { x5u: url, kid: ctx.kid },
      { x5c: ["MIIBIjANBgkqhkiG9w0BAQEFAAOCAQ8AMIIBCgKCAQEA"], kid: ctx.kid },
    ];
    for (const extra of headers) {
      const token = await new SignJWT(claims())
        .setProtectedHeader({ alg: "EdDSA", typ: "at+jwt", ...extra } as { alg: string })
        .sign(attacker.privateKey);
      const [a, r] = await Promise.all([app(token), rs(token)]);
      expectRefused(a, 401, "token_invalid");
      expect(r.status, JSON.stringify(extra)).toBe(401);
      expect(["token_invalid", "key_unknown"]).toContain(r.body.error?.code);
    }
    expect(hits, "a verifier fetched a URL named in a token").toEqual([]);
  } finally {
    await new Promise((resolve) => bait.close(resolve));
  }
});

test("an HS256 token signed with the server's own JWT_SECRET is refused: the algorithm is pinned to EdDSA", async () => {
  const secret = JSON.parse(fs.readFileSync(`${DATA_DIR}/secrets.json`, "utf8")).jwtSecret as string;
  await bothRefuse(handMade({ alg: "HS256", typ: "at+jwt", kid: ctx.kid }, Buffer.from(secret)), "token_invalid");
});

test("the resource server: a session cookie is no credential, garbage is a 401, other methods and paths are 4xx", async () => {
  const session = await logIn(ctx.user, "session", newClient("jwks-session"), BASE);
  const r = await call("/resource/me", { base: BASE, cookies: session });
  expectRefused(r, 401, "no_token");
  expect(r.body.cookiesSeen).toEqual(["authlab_session"]);
  for (const junk of ["x", "a.b.c", "e30.e30.", `${"a".repeat(3000)}.b.c`, "eyJhbGciOiJFZERTQSJ9.%%%.x"]) {
    const res = await rs(junk);
    expect(res.status, junk.slice(0, 20)).toBe(401);
  }
  expect((await call("/resource/me", { base: BASE, method: "POST", json: {} })).status).toBe(405);
  expect((await call("/resource/nothing-here", { base: BASE })).status).toBe(404);
  expect((await call("/resource/..%2f..%2fapi%2fme", { base: BASE })).status).toBe(404);
});

test("rotating the signing key: an anonymous client and an ended JWT login's copy are refused, and the published set is unchanged", async () => {
  const kids = async () =>
    (
      (await call("/.well-known/jwks.json", { client: newClient("jwks-rotate-read"), base: BASE })).body as { keys: Array<{ kid: string }> }
    ).keys
      .map((k) => k.kid)
      .sort();
  const before = await kids();
  expectRefused(
    await call("/api/lab/jwks/rotate", { method: "POST", client: newClient("jwks-rotate-anon"), base: BASE }),
    401,
    "no_credentials",
  );
  const client = newClient("jwks-rotate-gap");
  const cookies = await logIn(await signUp(client, undefined, BASE), "jwt", client, BASE);
  expect((await call("/api/auth/logout", { method: "POST", client, cookies, base: BASE })).status).toBe(200);
  const copy = { authlab_access: cookies.authlab_access as string };
  // This server runs JWT_DENYLIST=on, so the copy is refused at the check itself.
  expectRefused(await call("/api/lab/jwks/rotate", { method: "POST", client, cookies: copy, base: BASE }), 401, "token_revoked");
  expect(await kids()).toEqual(before);
});
