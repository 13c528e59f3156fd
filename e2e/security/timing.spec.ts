import { expect, test } from "@playwright/test";
import { EXTRA_PORTS, freshDataDir, type RunningServer, startServer } from "../load/server";
import { call, expectRefused, newClient, uniqueName } from "./support";

// No account enumeration by timing (OWASP Authentication Cheat Sheet): a login for an
// account that does not exist must cost what a wrong password costs, so the server
// verifies against a dummy scrypt hash. This needs the real KDF (scrypt at OWASP
// parameters, ~0.3 s), so it runs on a server of its own without AUTHLAB_FAST_KDF:
// were the dummy hash skipped, unknown names would answer ~50x faster.
//
// This compares medians of interleaved samples, so it asserts equality of cost, not
// speed; the bound is wide (2x) because the machine is shared with other suites.

let server: RunningServer;

test.beforeAll(async () => {
  test.setTimeout(120_000);
  server = await startServer({ port: EXTRA_PORTS.timing, dataDir: freshDataDir("timing"), env: { AUTHLAB_FAST_KDF: "0" } });
});

test.afterAll(async () => {
  await server?.stop();
});

async function timedLogin(username: string): Promise<number> {
  const client = newClient("timing");
  const t0 = performance.now();
  const res = await call("/api/auth/login", { base: server.url, client, json: { username, password: "not-the-password" } });
  const ms = performance.now() - t0;
  expectRefused(res, 401, "invalid_credentials");
  return ms;
}

const median = (xs: number[]) => {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)] as number;
};

test("an unknown username takes as long to refuse as a wrong password (median ratio within 0.5-2)", async () => {
  test.setTimeout(240_000);
  // Real accounts, each tried at most twice (below the per-account limit of 5).
  const accounts: string[] = [];
  for (let i = 0; i < 4; i += 1) {
    const username = uniqueName("timing");
    const res = await call("/api/auth/signup", {
      base: server.url,
      client: newClient("timing"),
      json: { username, password: "the-real-password" },
    });
    expect(res.status, res.text).toBe(201);
    accounts.push(username);
  }
  // Warm up both paths (the dummy hash is computed on first use).
  await timedLogin(uniqueName("ghost"));
  await timedLogin(accounts[0] as string);

  const known: number[] = [];
  const unknown: number[] = [];
  for (let round = 0; round < 2; round += 1) {
    for (const username of accounts) {
      known.push(await timedLogin(username));
      unknown.push(await timedLogin(uniqueName("ghost")));
    }
  }
  const ratio = median(unknown) / median(known);
  console.log(
    `[timing] median wrong password ${median(known).toFixed(0)} ms, unknown user ${median(unknown).toFixed(0)} ms, ratio ${ratio.toFixed(2)}`,
  );
  // A real KDF ran in both cases: far above the cost of an HTTP round trip.
  expect(median(known)).toBeGreaterThan(50);
  expect(ratio).toBeGreaterThan(0.5);
  expect(ratio).toBeLessThan(2);
});
