import { createHash, hkdfSync } from "node:crypto";
import { expect, test } from "@playwright/test";
import { decodeJwt, SignJWT } from "jose";
import { call, expectRefused, issuedCookies, logIn, newClient, randomUUID, serverSecrets, signUp, withoutRowChanges } from "./support";

// The labs hand tokens to page scripts on purpose and keep state per reader. A lab token
// is signed with the labs' own key (RFC 8725 §3.12: one key per kind of token), so it
// can never pass as an access token; lab state is created only for a signed-in reader,
// bound to them, and bounded (OWASP: limit what an anonymous client can make the server store).

test.describe.configure({ mode: "parallel" });

test("a lab token presented as the access cookie → 401 token_invalid (another key)", async () => {
  const client = newClient();
  const user = await signUp(client);
  const jar = await logIn(user, "session", client);
  const res = await call("/api/lab/xss/local-token", { method: "POST", client, cookies: jar });
  expect(res.status, res.text).toBe(200);
  const token = String(res.body.token);
  expect(String(decodeJwt(token).aud)).toContain("lab");
  const replay = await withoutRowChanges({ userIds: [user.id], client }, () =>
    call("/api/me", { client, cookies: { authlab_access: token } }),
  );
  expectRefused(replay, 401, "token_invalid");
});

/** The labs' key as the server derives it (lib/auth/keys.ts derivedKey("lab-token")), and its kid. */
function labKey(): { key: Uint8Array; kid: string } {
  const raw = Buffer.from(hkdfSync("sha256", serverSecrets().sessionPassword, "authlab", "authlab lab-token v1", 32));
  return { key: new Uint8Array(raw), kid: `lab-${createHash("sha256").update(raw).digest("hex").slice(0, 8)}` };
}

async function signWithLabKey(claims: Record<string, unknown>, typ: string, aud: string): Promise<string> {
  const { key, kid } = labKey();
  const iat = Math.floor(Date.now() / 1000);
  return new SignJWT(claims)
    .setProtectedHeader({ alg: "HS256", typ, kid })
    .setIssuer("authlab")
    .setAudience(aud)
    .setJti(randomUUID())
    .setIssuedAt(iat)
    .setExpirationTime(iat + 300)
    .sign(key);
}

test("a token signed by the lab key with the access token's aud and typ → 401 token_invalid (RFC 8725 §3.12)", async () => {
  const client = newClient();
  const user = await signUp(client);
  const claims = { sub: user.id, name: user.username, role: "user", fid: randomUUID() };
  // Control: the harness holds the server's real lab key (the lab's own verifier accepts it)…
  const control = await call("/api/lab/jwt/verify", { client, json: { token: await signWithLabKey(claims, "JWT", "authlab:lab") } });
  expect(control.status, control.text).toBe(200);
  expect(control.body.ok).toBe(true);
  // …yet the same key, with every claim of an access token, is refused by its key.
  const forged = await signWithLabKey(claims, "at+jwt", "authlab:api");
  for (const token of [forged, (await call("/api/lab/jwt/sample", { method: "POST", client })).body.token as string]) {
    const res = await withoutRowChanges({ userIds: [user.id], client }, () =>
      call("/api/me", { client, cookies: { authlab_access: token } }),
    );
    expectRefused(res, 401, "token_invalid");
  }
});

test("anonymous lab calls create no lab state", async () => {
  const client = newClient();
  for (const path of ["/api/lab/replay/steal", "/api/lab/compare", "/api/lab/xss/local-token"]) {
    const res = await call(path, { method: "POST", client });
    expectRefused(res, 401, "no_credentials");
    expect(Object.keys(issuedCookies(res))).not.toContain("authlab_lab");
  }
  const attack = await call("/api/lab/replay/attack", { method: "POST", client });
  expectRefused(attack, 409, "nothing_stolen");
  expect(Object.keys(issuedCookies(attack))).not.toContain("authlab_lab");
});

test("a reader's lab state id, sent by another reader, is not theirs: they get a state of their own", async () => {
  const alice = newClient("alice");
  const a = await signUp(alice);
  const aJar = await logIn(a, "session", alice);
  const stolenByA = await call("/api/lab/replay/steal", { method: "POST", client: alice, cookies: aJar });
  expect(stolenByA.status, stolenByA.text).toBe(200);
  const aLab = issuedCookies(stolenByA).authlab_lab;
  expect(aLab).toBeTruthy();

  const bob = newClient("bob");
  const b = await signUp(bob);
  const bJar = await logIn(b, "session", bob);
  const stolenByB = await call("/api/lab/replay/steal", { method: "POST", client: bob, cookies: { ...bJar, authlab_lab: aLab ?? "" } });
  expect(stolenByB.status, stolenByB.text).toBe(200);
  const bLab = issuedCookies(stolenByB).authlab_lab;
  expect(bLab).toBeTruthy();
  expect(bLab).not.toBe(aLab);
  // B presenting A's id to the attacker step finds nothing: A's copied credential is not replayed for B.
  const replayByB = await call("/api/lab/replay/attack", { method: "POST", client: bob, cookies: { ...bJar, authlab_lab: aLab ?? "" } });
  expectRefused(replayByB, 409, "nothing_stolen");
  // A's jar still holds A's copy: replaying it from A's state is A, not B.
  const replayA = await call("/api/lab/replay/attack", { method: "POST", client: alice, cookies: { authlab_lab: aLab ?? "" } });
  expect((replayA.body.request as { user: string | null }).user).toBe(a.username);
});
