import { expect, test } from "@playwright/test";
import { call, expectRefused, newClient, signUp, uniqueName, withoutRowChanges } from "./support";

// Sign-up costs a scrypt and writes a row: an anonymous client may not turn it into a
// hashing or a row-writing engine (lib/auth/signup-throttle.ts: 20 per client per 10
// minutes). Clients are told apart by X-Forwarded-For (TRUST_PROXY=1 on this server).

const LIMIT = 20;

test("one client: 20 sign-ups, then 429 rate_limited with Retry-After, and the refused one writes nothing", async () => {
  const client = newClient("signup-flood");
  for (let i = 0; i < LIMIT; i++) await signUp(client);
  const name = uniqueName("flood");
  const refused = await withoutRowChanges({ usernames: [name], client }, () =>
    call("/api/auth/signup", { client, json: { username: name, password: "a-long-enough-password" } }),
  );
  expectRefused(refused, 429, "rate_limited");
  expect(Number(refused.headers.get("retry-after"))).toBeGreaterThan(0);
  expect((refused.body as { error: { details?: { scope?: string } } }).error.details?.scope).toBe("signup");
  // Another client is not held, and a taken name costs an attempt like any other.
  await signUp(newClient("signup-other"), name);
});

test("a taken name counts: guessing which names exist by signing up is throttled too", async () => {
  const owner = await signUp(newClient("signup-owner"));
  const prober = newClient("signup-prober");
  for (let i = 0; i < LIMIT; i++) {
    const r = await call("/api/auth/signup", { client: prober, json: { username: owner.username, password: "a-long-enough-password" } });
    expectRefused(r, 409, "username_taken");
  }
  const r = await call("/api/auth/signup", { client: prober, json: { username: owner.username, password: "a-long-enough-password" } });
  expectRefused(r, 429, "rate_limited");
});

test("a body the schema refuses is not counted (nothing was hashed)", async () => {
  const client = newClient("signup-bad-bodies");
  for (let i = 0; i < LIMIT + 5; i++) {
    expectRefused(await call("/api/auth/signup", { client, json: { username: "x", password: "short" } }), 400, "invalid_input");
  }
  await signUp(client);
});
