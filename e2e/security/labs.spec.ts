import { expect, test } from "@playwright/test";
import { decodeJwt } from "jose";
import { call, expectRefused, issuedCookies, logIn, newClient, signUp, withoutRowChanges } from "./support";

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
  // A's jar still holds A's copy: replaying it from A's state is A, not B.
  const replayA = await call("/api/lab/replay/attack", { method: "POST", client: alice, cookies: { authlab_lab: aLab ?? "" } });
  expect((replayA.body.request as { user: string | null }).user).toBe(a.username);
});
