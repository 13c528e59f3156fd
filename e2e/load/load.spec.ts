import fs from "node:fs";
import { expect, test } from "@playwright/test";
import { checkDatabase, createAccounts, formatReport, runLoad } from "./engine";
import { EXTRA_PORTS, freshDataDir, type RunningServer, startServer } from "./server";

// `npm run test:load`: 200 simulated users for 30 s doing login → /api/me ×3 → refresh
// (JWT) or inspect (session) → /api/me → logout, both modes, against a production server
// of its own on loopback. Then: no 5xx, every answer the expected one, and the database
// exactly what the answers said (no lost or duplicate rows, one current token per live
// refresh family, revoked families fully revoked), `PRAGMA integrity_check` ok.
// `npm test` (CI) runs the short profile: 40 users for 8 s.

const FULL = process.env.LOAD_PROFILE === "full";
const USERS = Number(process.env.LOAD_USERS ?? (FULL ? 200 : 40));
const DURATION_S = Number(process.env.LOAD_DURATION ?? (FULL ? 30 : 8));

let server: RunningServer;

test.beforeAll(async () => {
  test.setTimeout(120_000);
  server = await startServer({ port: EXTRA_PORTS.load, dataDir: freshDataDir("load") });
});

test.afterAll(async () => {
  await server?.stop();
});

test(`${USERS} users for ${DURATION_S} s, both modes: zero 5xx, consistent refresh families, no lost or duplicate rows, integrity ok`, async () => {
  test.setTimeout((DURATION_S + 150) * 1000);
  const accounts = await createAccounts(server.url, USERS, "load");
  const report = await runLoad({ base: server.url, accounts, users: USERS, durationMs: DURATION_S * 1000 });
  const text = formatReport(`load (${FULL ? "full" : "short"} profile)`, report);
  console.log(text);
  fs.mkdirSync(".tmp/reports", { recursive: true });
  fs.writeFileSync(`.tmp/reports/load-${FULL ? "full" : "short"}.json`, JSON.stringify({ ...report, vus: undefined }, null, 2));

  expect(report.fiveXX).toBe(0);
  expect(report.networkErrors).toEqual([]);
  expect(report.unexpected).toEqual([]);
  expect(report.writes.sessionLogins).toBeGreaterThan(0);
  expect(report.writes.jwtLogins).toBeGreaterThan(0);
  expect(report.writes.rotations).toBeGreaterThan(0);

  // Stop the server (a clean shutdown), then read what it left.
  await server.stop();
  const db = checkDatabase(
    server.dbFile,
    accounts.map((a) => a.id),
  );
  console.log(`[load] database: ${JSON.stringify(db)}`);
  expect(db.integrity).toBe("ok");
  expect(db.duplicateHashes).toBe(0);
  expect(db.sessions).toBe(report.writes.sessionLogins);
  expect(db.revokedSessions).toBe(report.writes.sessionLogouts);
  expect(db.families).toBe(report.writes.jwtLogins);
  expect(db.refreshRows).toBe(report.writes.jwtLogins + report.writes.rotations);
  expect(db.revokedFamilies).toBe(report.writes.jwtLogouts);
  // Every round ran to its logout: every login the run made has ended.
  expect(report.writes.sessionLogouts).toBe(report.writes.sessionLogins);
  expect(report.writes.jwtLogouts).toBe(report.writes.jwtLogins);
  expect(db.badLiveFamilies).toEqual([]);
  expect(db.brokenChains).toEqual([]);
  expect(db.halfRevoked).toEqual([]);
});
