import fs from "node:fs";
import path from "node:path";
import { expect, test } from "@playwright/test";
import { type Account, checkDatabase, createAccounts, formatReport, runLoad } from "../load/engine";
import { EXTRA_PORTS, freshDataDir, type RunningServer, startServer } from "../load/server";
import { credentials, FULL, send } from "./support";

// kill -9 in the middle of the load, then start again on the same data folder. SQLite in
// WAL mode (synchronous=NORMAL) keeps every committed transaction across a process crash
// and the secrets live in the data folder, so: the database opens clean, and every login
// issued before the kill still works, both modes, without logging in again.

const USERS = FULL ? 200 : 30;
const LOAD_BEFORE_KILL_S = FULL ? 15 : 6;
const IDLE_LOGINS = 10;

let server: RunningServer | undefined;
test.afterAll(async () => {
  await server?.stop();
});

test(`kill -9 under load (${USERS} users, ${LOAD_BEFORE_KILL_S} s): the database opens clean and every login issued before the kill still works`, async () => {
  test.setTimeout(240_000);
  const dataDir = freshDataDir("crash");
  server = await startServer({ port: EXTRA_PORTS.crash, dataDir });
  const secretsBefore = fs.readFileSync(path.join(dataDir, "secrets.json"), "utf8");
  const accounts = await createAccounts(server.url, USERS + IDLE_LOGINS, "crash");

  // Logins made before the load that sit idle through it (half in each mode).
  const idle: Array<{ account: Account; mode: "session" | "jwt"; cookies: Record<string, string> }> = [];
  for (const [i, account] of accounts.slice(USERS).entries()) {
    const mode = i % 2 === 0 ? "session" : "jwt";
    const res = await send(server.url, "/api/auth/login", { json: { username: account.username, password: account.password, mode } });
    expect(res.status, res.text).toBe(200);
    idle.push({ account, mode, cookies: credentials(res) });
  }

  // The load, and kill -9 while it runs.
  const running = server;
  let pull: () => void = () => {};
  const stop = new Promise<void>((resolve) => {
    pull = resolve;
  });
  const killer = setTimeout(() => {
    pull(); // users start nothing new…
    running.proc.kill("SIGKILL"); // …and the requests in flight die with the process
  }, LOAD_BEFORE_KILL_S * 1000);
  const report = await runLoad({
    base: running.url,
    accounts: accounts.slice(0, USERS),
    users: USERS,
    durationMs: (LOAD_BEFORE_KILL_S + 60) * 1000,
    stop,
  });
  clearTimeout(killer);
  await running.exited;
  expect(running.proc.signalCode).toBe("SIGKILL");
  console.log(formatReport("load until kill -9", report));
  expect(report.fiveXX).toBe(0);
  expect(report.unexpected).toEqual([]);
  const interrupted = report.vus.filter((v) => v.pending !== null);
  const inFlight: Record<string, number> = {};
  for (const v of interrupted) inFlight[v.pending as string] = (inFlight[v.pending as string] ?? 0) + 1;
  console.log(`[crash] ${interrupted.length} requests were in flight at the kill: ${JSON.stringify(inFlight)}`);

  // Start again on the same folder.
  server = await startServer({ port: EXTRA_PORTS.crash, dataDir });
  expect(fs.readFileSync(path.join(dataDir, "secrets.json"), "utf8")).toBe(secretsBefore);
  expect(server.output()).not.toMatch(/error|corrupt|malformed/i);
  const userIds = accounts.map((a) => (a as Account & { id: string }).id);
  const db = checkDatabase(server.dbFile, userIds);
  console.log(`[crash] database after restart: ${JSON.stringify(db)}`);
  expect(db.integrity).toBe("ok");
  expect(db.duplicateHashes).toBe(0);
  expect(db.badLiveFamilies).toEqual([]);
  expect(db.brokenChains).toEqual([]);
  expect(db.halfRevoked).toEqual([]);
  // Every login whose answer arrived is there; a login cut off by the kill may or may not be.
  const cutLogins = interrupted.filter((v) => v.pending === "login").length;
  expect(db.sessions - IDLE_LOGINS / 2).toBeGreaterThanOrEqual(report.writes.sessionLogins);
  expect(db.sessions - IDLE_LOGINS / 2).toBeLessThanOrEqual(report.writes.sessionLogins + cutLogins);

  // The idle logins: /api/me as before; the JWT ones can still refresh.
  for (const login of idle) {
    const me = await send(server.url, "/api/me", { cookies: login.cookies });
    expect(me.status, `${login.mode} ${me.text}`).toBe(200);
    expect((me.body.user as { username: string }).username).toBe(login.account.username);
    if (login.mode === "jwt") {
      const refreshed = await send(server.url, "/api/auth/refresh", { method: "POST", cookies: login.cookies });
      expect(refreshed.status, refreshed.text).toBe(200);
      expect((await send(server.url, "/api/me", { cookies: credentials(refreshed) })).status).toBe(200);
    }
  }

  // The load's users, as the kill left them.
  let checked = 0;
  for (const vu of report.vus) {
    const cookies = Object.fromEntries(vu.cookies);
    const me = await send(server.url, "/api/me", { cookies });
    expect(me.status).toBeLessThan(500);
    if (!vu.loggedIn || vu.pending === "logout" || vu.pending === "login") continue; // outcome cut off by the kill
    checked += 1;
    expect(me.status, `user ${vu.index} (${vu.mode}, in flight: ${vu.pending}): ${me.text.slice(0, 200)}`).toBe(200);
    if (vu.mode === "jwt" && vu.pending === null) {
      // Its refresh token is the current one of its family: rotation state survived.
      const refreshed = await send(server.url, "/api/auth/refresh", { method: "POST", cookies });
      expect(refreshed.status, refreshed.text).toBe(200);
    }
  }
  console.log(`[crash] ${checked} logins of the load checked after the restart`);
  expect(checked).toBeGreaterThan(0);
});
