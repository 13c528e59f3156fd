import { defineConfig, devices } from "@playwright/test";

// e2e runs against the production build (`npm run build` first), on the system
// Chromium: this machine cannot download Playwright's own browser. Two servers from
// the same build: one with default lifetimes, one with a 4-second access token so
// expiry and transparent refresh can be watched without waiting minutes.

// E2E_PORT lets two runs (or a run and a dev server) share the machine.
export const PORT = Number(process.env.E2E_PORT || 3210);
export const SHORT_TTL_PORT = PORT + 1;
export const DENYLIST_PORT = PORT + 2;
/** JWT_ALG=EdDSA: the JWKS, the resource server (on EDDSA_PORT+52) and their attacks. */
export const EDDSA_PORT = PORT + 3;

const chromiumArgs = [
  "--no-sandbox",
  "--disable-gpu",
  "--disable-background-networking",
  "--disable-component-update",
  "--disable-sync",
  "--no-first-run",
  "--disable-quic",
];

// E2E_STORE=postgres (`npm run test:e2e:pg`): the same servers, each on a throwaway
// PostgreSQL cluster of its own (db/pg/serve.mjs), and only the "postgres" project: the
// core flows again, on the shared store.
export const ON_POSTGRES = process.env.E2E_STORE === "postgres";

function server(port: number, extraEnv: Record<string, string>) {
  const dir = `.tmp/e2e-${port}`;
  return {
    command: `rm -rf ${dir} && node ${ON_POSTGRES ? "db/pg/serve.mjs" : "lib/serve.mjs"} -p ${port}`,
    // The wrapper must stop its PostgreSQL cluster (a daemon of its own): SIGTERM, not SIGKILL.
    ...(ON_POSTGRES ? { gracefulShutdown: { signal: "SIGTERM" as const, timeout: 15_000 } } : {}),
    url: `http://localhost:${port}/api/health`,
    reuseExistingServer: false,
    timeout: 60_000,
    stdout: "ignore" as const,
    stderr: "pipe" as const,
    env: {
      DATABASE_PATH: `${dir}/authlab.db`,
      AUTHLAB_FAST_KDF: "1",
      AUTHLAB_DEMO: "1",
      PORT: String(port),
      ...extraEnv,
    },
  };
}

export default defineConfig({
  testDir: "e2e",
  fullyParallel: true,
  workers: 2,
  retries: 0,
  timeout: 30_000,
  expect: { timeout: 7_000 },
  reporter: [["list"], ["json", { outputFile: `.tmp/reports/playwright${ON_POSTGRES ? "-pg" : ""}.json` }]],
  use: {
    baseURL: `http://localhost:${PORT}`,
    trace: "retain-on-failure",
    ...devices["Desktop Chrome"],
    launchOptions: {
      executablePath: process.env.CHROMIUM_PATH || "/usr/bin/chromium",
      args: chromiumArgs,
    },
  },
  projects: ON_POSTGRES
    ? [{ name: "postgres", testMatch: ["**/core-*.spec.ts"] }]
    : [
        // Real-browser flows: everything in e2e/ except the suites below.
        { name: "browser", testIgnore: ["**/e2e/security/**", "**/e2e/load/**", "**/e2e/faults/**"] },
        // The attack catalogue (docs/security.md): `npm run test:security`.
        { name: "security", testDir: "e2e/security", timeout: 60_000 },
        // These start their own servers (PORT+10 and up) and load the machine, so they run
        // after the others; `npm run test:load` / `test:faults` run them alone (--no-deps).
        {
          name: "load",
          testDir: "e2e/load",
          testIgnore: ["**/storm.spec.ts", "**/cluster.spec.ts"],
          dependencies: ["browser", "security"],
        },
        // The login storm runs alone: real scrypt saturates the machine on purpose.
        { name: "storm", testDir: "e2e/load", testMatch: ["**/storm.spec.ts"], dependencies: ["load"] },
        { name: "faults", testDir: "e2e/faults", dependencies: ["storm"] },
        // HAProxy, three instances and one PostgreSQL (lib/cluster/), one instance killed
        // halfway (PORT+30 to PORT+39): alone, after the rest.
        { name: "cluster", testDir: "e2e/load", testMatch: ["**/cluster.spec.ts"], dependencies: ["faults"] },
      ],
  // TRUST_PROXY=1 on two of them: the security suite stands in for a reverse proxy and
  // gives each simulated client its own address in X-Forwarded-For. The third trusts no
  // proxy, as a bare deployment does, and e2e/security/proxy.spec.ts proves it ignores them.
  webServer: [
    server(PORT, { TRUST_PROXY: "1" }),
    server(SHORT_TTL_PORT, { ACCESS_TOKEN_TTL: "4", REFRESH_REUSE_GRACE: "2", TRUST_PROXY: "1" }),
    server(DENYLIST_PORT, { ACCESS_TOKEN_TTL: "60", JWT_DENYLIST: "on" }),
    // Asymmetric signing, with the denylist on and a 6-second access token: the resource
    // server keeps accepting an ended login the app refuses, until exp (docs/decisions/043).
    server(EDDSA_PORT, { JWT_ALG: "EdDSA", ACCESS_TOKEN_TTL: "6", REFRESH_REUSE_GRACE: "2", JWT_DENYLIST: "on", TRUST_PROXY: "1" }),
  ],
});
