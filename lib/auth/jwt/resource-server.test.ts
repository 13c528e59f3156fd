import { generateKeyPairSync } from "node:crypto";
import http from "node:http";
import type { AddressInfo } from "node:net";
import { SignJWT } from "jose";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { resetEnvForTests } from "@/lib/env";
import { createResourceServer } from "../../../resource-server/server.mjs";
import { publishedJwks } from "../jwks";
import { resetKeysForTests, rotateSigningKey } from "../keys";
import { signAccessToken } from "./access-token";

// The resource server in process, against a JWKS served from this test: it verifies the
// app's tokens with the public keys only, follows a rotation on the first token of the new
// key (despite its cache), and refuses what it cannot verify with a 401 and a code.

const USER = { id: "user-1", username: "alice", role: "user" as const };
const servers: http.Server[] = [];

async function listen(server: http.Server): Promise<string> {
  servers.push(server);
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  return `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
}

let rs: string;
let jwksHits = 0;

beforeEach(async () => {
  process.env.JWT_ALG = "EdDSA";
  resetEnvForTests();
  resetKeysForTests();
  jwksHits = 0;
  const jwks = await listen(
    http.createServer((_req, res) => {
      jwksHits++;
      res.writeHead(200, { "content-type": "application/jwk-set+json" });
      res.end(JSON.stringify(publishedJwks()));
    }),
  );
  rs = await listen(
    createResourceServer({
      port: 0,
      host: "127.0.0.1",
      jwksUrl: new URL(`${jwks}/.well-known/jwks.json`),
      alg: "EdDSA",
      issuer: "authlab",
      audience: "authlab:resource",
      instanceToken: "",
    }),
  );
});

afterEach(async () => {
  delete process.env.JWT_ALG;
  await Promise.all(servers.splice(0).map((s) => new Promise((r) => s.close(r))));
});

const me = async (headers: Record<string, string>) => {
  const res = await fetch(`${rs}/resource/me`, { headers });
  return { status: res.status, body: (await res.json()) as Record<string, unknown>, www: res.headers.get("www-authenticate") };
};

describe("resource server", () => {
  it("verifies the app's token from the cookie or a Bearer header, with the public keys only", async () => {
    const { token, claims } = await signAccessToken(USER, "f", Date.now());
    const ways: Array<Record<string, string>> = [
      { cookie: `authlab_session=x; authlab_access=${token}` },
      { authorization: `Bearer ${token}` },
    ];
    for (const headers of ways) {
      const r = await me(headers);
      expect(r.status).toBe(200);
      expect(r.body.verified).toMatchObject({ sub: "user-1", name: "alice", alg: "EdDSA", exp: claims.exp });
    }
  });

  it("follows a rotation on the first token of the new key, and keeps accepting the old key's tokens", async () => {
    const old = await signAccessToken(USER, "f", Date.now());
    expect((await me({ authorization: `Bearer ${old.token}` })).status).toBe(200);
    const hitsBefore = jwksHits;
    rotateSigningKey();
    const fresh = await signAccessToken(USER, "f", Date.now());
    await new Promise((r) => setTimeout(r, 1100)); // past the 1 s re-fetch cooldown
    expect((await me({ authorization: `Bearer ${fresh.token}` })).status).toBe(200);
    expect(jwksHits).toBe(hitsBefore + 1);
    expect((await me({ authorization: `Bearer ${old.token}` })).status).toBe(200);
  });

  it("refuses without a token, with a bad one, and for another server's keys, with RFC 6750 headers", async () => {
    const none = await me({ cookie: "authlab_session=opaque" });
    expect(none).toMatchObject({ status: 401, body: { error: { code: "no_token" }, cookiesSeen: ["authlab_session"] } });
    expect(none.www).toBe('Bearer realm="authlab-resource"');
    const bad = await me({ authorization: "Bearer a.b.c" });
    expect(bad).toMatchObject({ status: 401, body: { error: { code: "token_invalid" } } });
    expect(bad.www).toMatch(/error="invalid_token"/);
    // A token signed by a key that is not in the set, under a kid the set does not have.
    const stranger = generateKeyPairSync("ed25519").privateKey;
    const iat = Math.floor(Date.now() / 1000);
    const foreign = await new SignJWT({ name: "alice", role: "user", fid: "f" })
      .setProtectedHeader({ alg: "EdDSA", typ: "at+jwt", kid: "someone-else" })
      .setIssuer("authlab")
      .setAudience(["authlab:api", "authlab:resource"])
      .setSubject("user-1")
      .setJti("j")
      .setIssuedAt(iat)
      .setExpirationTime(iat + 60)
      .sign(stranger);
    const r = await me({ authorization: `Bearer ${foreign}` });
    expect(r).toMatchObject({ status: 401, body: { error: { code: "key_unknown" } } });
  });
});
