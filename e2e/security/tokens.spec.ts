import { createHmac } from "node:crypto";
import { expect, test } from "@playwright/test";
import { exportJWK, generateKeyPair, type JWTPayload, SignJWT } from "jose";
import {
  base64url,
  type Client,
  call,
  expectRefused,
  logIn,
  newClient,
  randomUUID,
  type ServerSecrets,
  serverSecrets,
  signUp,
  type TestUser,
  withoutRowChanges,
} from "./support";

// Access tokens (RFC 8725 "JSON Web Token Best Current Practices", OWASP JWT Cheat
// Sheet): every way a JWT can be forged, bent or broken, presented as the access cookie.
// Each must get 401 with the exact code, issue no credential and change no row.

test.describe.configure({ mode: "parallel" });

interface Forge {
  user: TestUser;
  secrets: ServerSecrets;
  /** A real token the server issued to `user` at login. */
  issued: string;
}

const now = () => Math.floor(Date.now() / 1000);

function claims(f: Forge, over: Record<string, unknown> = {}): JWTPayload {
  const iat = now();
  const base: Record<string, unknown> = {
    iss: "authlab",
    aud: "authlab:api",
    sub: f.user.id,
    jti: randomUUID(),
    iat,
    exp: iat + 60,
    name: f.user.username,
    role: "user",
    fid: randomUUID(),
  };
  for (const [k, v] of Object.entries(over)) {
    if (v === undefined) delete base[k];
    else base[k] = v;
  }
  return base as JWTPayload;
}

const realKey = (f: Forge) => new TextEncoder().encode(f.secrets.jwtSecret);
const otherKey = () => new TextEncoder().encode("an-attacker-chosen-hmac-key-of-plenty-of-length");

/** Signs with the server's own key and header, so exactly one thing is wrong. */
function signReal(f: Forge, payload: JWTPayload, header: Record<string, unknown> = {}): Promise<string> {
  const h = { alg: "HS256", typ: "at+jwt", kid: f.secrets.kid, ...header };
  for (const [k, v] of Object.entries(h)) if (v === undefined) delete (h as Record<string, unknown>)[k];
  return new SignJWT(payload).setProtectedHeader(h as { alg: string }).sign(realKey(f));
}

/** header.payload.signature assembled by hand (for what jose refuses to produce). */
function raw(header: object, payload: object, signature = ""): string {
  return `${base64url(JSON.stringify(header))}.${base64url(JSON.stringify(payload))}.${signature}`;
}

function hmac(secret: string, signingInput: string): string {
  return createHmac("sha256", secret).update(signingInput).digest("base64url");
}

function parts(token: string): [string, string, string] {
  const [h = "", p = "", s = ""] = token.split(".");
  return [h, p, s];
}

const cases: Array<{
  name: string;
  code: "token_invalid" | "token_expired";
  token: (f: Forge) => Promise<string> | string;
  path?: string;
}> = [
  // Tampering: any change to a signed token breaks its signature.
  {
    name: "tampered payload (role raised to admin, signature kept)",
    code: "token_invalid",
    token: (f) => {
      const [h, p, s] = parts(f.issued);
      const payload = JSON.parse(Buffer.from(p, "base64url").toString());
      return `${h}.${base64url(JSON.stringify({ ...payload, role: "admin" }))}.${s}`;
    },
  },
  {
    name: "tampered payload on an admin route",
    code: "token_invalid",
    path: "/api/admin/users",
    token: (f) => {
      const [h, p, s] = parts(f.issued);
      const payload = JSON.parse(Buffer.from(p, "base64url").toString());
      return `${h}.${base64url(JSON.stringify({ ...payload, role: "admin", name: "admin" }))}.${s}`;
    },
  },
  {
    name: "tampered header (an extra field, signature kept)",
    code: "token_invalid",
    token: (f) => {
      const [h, p, s] = parts(f.issued);
      const header = JSON.parse(Buffer.from(h, "base64url").toString());
      return `${base64url(JSON.stringify({ ...header, x: 1 }))}.${p}.${s}`;
    },
  },
  {
    name: "tampered signature (one character changed)",
    code: "token_invalid",
    token: (f) => {
      const [h, p, s] = parts(f.issued);
      const i = 10;
      return `${h}.${p}.${s.slice(0, i)}${s[i] === "A" ? "B" : "A"}${s.slice(i + 1)}`;
    },
  },
  { name: "signature removed", code: "token_invalid", token: (f) => `${parts(f.issued)[0]}.${parts(f.issued)[1]}.` },
  // Algorithms (RFC 8725 §3.1, §3.2): only HS256 with a known kid.
  { name: "alg: none, unsigned", code: "token_invalid", token: (f) => raw({ alg: "none", typ: "at+jwt" }, claims(f)) },
  {
    name: "alg: NONE (case variant)",
    code: "token_invalid",
    token: (f) => raw({ alg: "NONE", typ: "at+jwt", kid: f.secrets.kid }, claims(f)),
  },
  {
    name: "alg: none with the real signature attached",
    code: "token_invalid",
    token: (f) => {
      const [, , s] = parts(f.issued);
      return raw({ alg: "none", typ: "at+jwt", kid: f.secrets.kid }, claims(f), s);
    },
  },
  {
    name: "HS256 signed with another key, server's kid",
    code: "token_invalid",
    token: (f) => new SignJWT(claims(f)).setProtectedHeader({ alg: "HS256", typ: "at+jwt", kid: f.secrets.kid }).sign(otherKey()),
  },
  {
    name: "HS256 signed with another key, unknown kid",
    code: "token_invalid",
    token: (f) => new SignJWT(claims(f)).setProtectedHeader({ alg: "HS256", typ: "at+jwt", kid: "deadbeef" }).sign(otherKey()),
  },
  { name: "HS256 with the real key but no kid", code: "token_invalid", token: (f) => signReal(f, claims(f), { kid: undefined }) },
  { name: "HS512 with the real key (alg not pinned)", code: "token_invalid", token: (f) => signReal(f, claims(f), { alg: "HS512" }) },
  {
    name: "RS256 signed with the attacker's RSA key",
    code: "token_invalid",
    token: async (f) => {
      const { privateKey } = await generateKeyPair("RS256");
      return new SignJWT(claims(f)).setProtectedHeader({ alg: "RS256", typ: "at+jwt", kid: f.secrets.kid }).sign(privateKey);
    },
  },
  {
    name: "RS256 with the attacker's public key embedded (jwk header)",
    code: "token_invalid",
    token: async (f) => {
      const { privateKey, publicKey } = await generateKeyPair("RS256");
      const jwk = await exportJWK(publicKey);
      return new SignJWT(claims(f)).setProtectedHeader({ alg: "RS256", typ: "at+jwt", jwk }).sign(privateKey);
    },
  },
  {
    name: "ES256 signed with the attacker's EC key",
    code: "token_invalid",
    token: async (f) => {
      const { privateKey } = await generateKeyPair("ES256");
      return new SignJWT(claims(f)).setProtectedHeader({ alg: "ES256", typ: "at+jwt", kid: f.secrets.kid }).sign(privateKey);
    },
  },
  {
    name: "EdDSA signed with the attacker's Ed25519 key",
    code: "token_invalid",
    token: async (f) => {
      const { privateKey } = await generateKeyPair("EdDSA", { crv: "Ed25519" });
      return new SignJWT(claims(f)).setProtectedHeader({ alg: "EdDSA", typ: "at+jwt", kid: f.secrets.kid }).sign(privateKey);
    },
  },
  {
    name: "algorithm confusion: alg RS256, HMAC-signed with the server's secret",
    code: "token_invalid",
    token: (f) => {
      const header = base64url(JSON.stringify({ alg: "RS256", typ: "at+jwt", kid: f.secrets.kid }));
      const payload = base64url(JSON.stringify(claims(f)));
      return `${header}.${payload}.${hmac(f.secrets.jwtSecret, `${header}.${payload}`)}`;
    },
  },
  {
    name: "jku header pointing at the attacker's key set",
    code: "token_invalid",
    token: (f) =>
      new SignJWT(claims(f))
        .setProtectedHeader({ alg: "HS256", typ: "at+jwt", kid: "attacker", jku: "https://attacker.example/jwks.json" })
        .sign(otherKey()),
  },
  {
    name: "crit header naming an unknown extension",
    code: "token_invalid",
    token: (f) => {
      const header = base64url(JSON.stringify({ alg: "HS256", typ: "at+jwt", kid: f.secrets.kid, crit: ["x-unknown"], "x-unknown": true }));
      const payload = base64url(JSON.stringify(claims(f)));
      return `${header}.${payload}.${hmac(f.secrets.jwtSecret, `${header}.${payload}`)}`;
    },
  },
  // Claims (RFC 8725 §3.8-3.11, RFC 9068): all present, all right.
  { name: "expired (exp in the past)", code: "token_expired", token: (f) => signReal(f, claims(f, { iat: now() - 400, exp: now() - 10 })) },
  { name: "nbf in the future", code: "token_invalid", token: (f) => signReal(f, claims(f, { nbf: now() + 3600 })) },
  { name: "iat in the future", code: "token_invalid", token: (f) => signReal(f, claims(f, { iat: now() + 3600, exp: now() + 3660 })) },
  {
    name: "iat long ago with a far exp (older than the access-token lifetime)",
    code: "token_expired",
    token: (f) => signReal(f, claims(f, { iat: now() - 86_400, exp: now() + 86_400 })),
  },
  { name: "wrong iss", code: "token_invalid", token: (f) => signReal(f, claims(f, { iss: "someone-else" })) },
  { name: "wrong aud", code: "token_invalid", token: (f) => signReal(f, claims(f, { aud: "another-api" })) },
  { name: "wrong typ (plain JWT, e.g. an ID token)", code: "token_invalid", token: (f) => signReal(f, claims(f), { typ: "JWT" }) },
  { name: "typ missing", code: "token_invalid", token: (f) => signReal(f, claims(f), { typ: undefined }) },
  { name: "sub missing", code: "token_invalid", token: (f) => signReal(f, claims(f, { sub: undefined })) },
  { name: "jti missing", code: "token_invalid", token: (f) => signReal(f, claims(f, { jti: undefined })) },
  { name: "exp missing", code: "token_invalid", token: (f) => signReal(f, claims(f, { exp: undefined })) },
  { name: "iat missing", code: "token_invalid", token: (f) => signReal(f, claims(f, { iat: undefined })) },
  { name: "role outside user/admin", code: "token_invalid", token: (f) => signReal(f, claims(f, { role: "superuser" })) },
  // Shape.
  { name: "truncated (the last 20 characters cut)", code: "token_invalid", token: (f) => f.issued.slice(0, f.issued.length - 20) },
  { name: "not base64url", code: "token_invalid", token: () => "e30!.e30*.@@@" },
  { name: "one part", code: "token_invalid", token: (f) => parts(f.issued)[1] },
  { name: "two parts", code: "token_invalid", token: (f) => parts(f.issued).slice(0, 2).join(".") },
  { name: "four parts", code: "token_invalid", token: (f) => `${f.issued}.${parts(f.issued)[2]}` },
  { name: "five parts (a JWE)", code: "token_invalid", token: (f) => `${parts(f.issued)[0]}.e30.e30.e30.e30` },
  { name: "an 8 KB token", code: "token_invalid", token: (f) => signReal(f, claims(f, { pad: "x".repeat(8 * 1024) })) },
];

let forge: Forge;
let client: Client;

test.beforeAll(async () => {
  client = newClient("jwt");
  const user = await signUp(client);
  const cookies = await logIn(user, "jwt", client);
  expect(cookies.authlab_access).toBeTruthy();
  forge = { user, secrets: serverSecrets(), issued: cookies.authlab_access as string };
});

test("control: a token forged with the server's own key and right claims is accepted (the harness can tell)", async () => {
  const res = await call("/api/me", { client, cookies: { authlab_access: await signReal(forge, claims(forge)) } });
  expect(res.status, res.text).toBe(200);
  expect((res.body.user as { id: string }).id).toBe(forge.user.id);
});

for (const c of cases) {
  test(`access token: ${c.name} → 401 ${c.code}`, async () => {
    const token = await c.token(forge);
    const attacker = newClient("jwt-attack");
    const res = await withoutRowChanges({ userIds: [forge.user.id], client: attacker }, () =>
      call(c.path ?? "/api/me", { client: attacker, cookies: { authlab_access: token } }),
    );
    expectRefused(res, 401, c.code);
  });
}
