import { execFileSync } from "node:child_process";
import fs from "node:fs";
import path from "node:path";
import { expect, test } from "@playwright/test";
import Database from "better-sqlite3";
import { EXTRA_PORTS, freshDataDir, type RunningServer, startServer } from "../load/server";
import { type Answer, chattr, credentials, expectStartFailure, inPrivateTmpfs, seenBy, send } from "./support";

// The disk fills up or the data folder turns read-only while the server runs: a write
// then answers 503 storage_unavailable (the one JSON error shape, with Retry-After) and
// logs one clear line; no credential is issued for a login that was not stored, no row
// is half-written, reads keep working, the process does not crash, and it recovers on
// its own once the disk is writable again.

test.describe.configure({ mode: "serial" });

function expectStorage503(a: Answer): void {
  expect(a.status, a.text).toBe(503);
  expect(String(a.headers["content-type"])).toMatch(/^application\/json/);
  expect(a.body.error?.code).toBe("storage_unavailable");
  expect(a.body.error?.message).toBe("The database cannot be written right now. Try again shortly.");
  expect(a.headers["retry-after"]).toBe("5");
  expect(credentials(a)).toEqual({});
  expect(a.text).not.toMatch(/SQLITE|\/work\/|at \S+ \(/);
}

/**
 * The login tables, serialised. `inNamespaceOf`: read from inside that process's mount
 * namespace (its tmpfs is invisible outside; SQLite cannot open it via /proc/<pid>/root).
 */
function snapshot(dbFile: string, inNamespaceOf?: RunningServer): string {
  const script = `
    const Database = require(${JSON.stringify(path.resolve("node_modules/better-sqlite3"))});
    const db = new Database(process.argv[1], { readonly: true, fileMustExist: true });
    const all = (t) => db.prepare("SELECT * FROM " + t + " ORDER BY rowid").all();
    process.stdout.write(JSON.stringify({ users: all("users"), sessions: all("sessions"), refresh: all("refresh_tokens") }));
  `;
  const argv = [process.execPath, "-e", script, dbFile];
  const [cmd = "", ...args] = inNamespaceOf ? ["nsenter", "-t", String(inNamespaceOf.proc.pid), "-m", "--", ...argv] : argv;
  return execFileSync(cmd, args, { encoding: "utf8" });
}

async function exercise(server: RunningServer, cookies: Record<string, string>, log: RegExp, inNamespace: boolean): Promise<void> {
  const dbFile = path.join(server.dataDir, "authlab.db");
  const before = snapshot(dbFile, inNamespace ? server : undefined);
  for (const mode of ["session", "jwt"] as const) {
    expectStorage503(await send(server.url, "/api/auth/login", { json: { username: "alice", password: "alice-demo-pass", mode } }));
  }
  expectStorage503(await send(server.url, "/api/auth/signup", { json: { username: "new-user-while-full", password: "long-enough-pw" } }));
  // A failed login is logged to auth_events, so it cannot be answered either.
  expectStorage503(await send(server.url, "/api/auth/login", { json: { username: "alice", password: "wrong-password" } }));
  // Reads still work: the login made before the fault is still recognised, pages render.
  const me = await send(server.url, "/api/me", { cookies });
  expect(me.status, me.text).toBe(200);
  expect((await send(server.url, "/login")).status).toBe(200);
  expect(snapshot(dbFile, inNamespace ? server : undefined)).toBe(before);
  // The log line travels on the server's stdout pipe, not with the 503: wait for it to arrive.
  await expect.poll(() => server.output()).toMatch(log);
  expect(server.proc.exitCode).toBeNull();
}

test("a full disk: 503 storage_unavailable + a log line, no credential, no row written, reads work; recovers when space is freed", async () => {
  test.setTimeout(120_000);
  const dataDir = freshDataDir("disk-full");
  const server = await startServer({ port: EXTRA_PORTS.diskFull, dataDir, wrap: inPrivateTmpfs(dataDir, 16) });
  try {
    const login = await send(server.url, "/api/auth/login", { json: { username: "bob", password: "bob-demo-pass", mode: "session" } });
    expect(login.status).toBe(200);
    const cookies = credentials(login);

    // Fill the server's tmpfs (seen through /proc/<pid>/root: the mount is private to it).
    const filler = seenBy(server, path.join(dataDir, "filler"));
    const fd = fs.openSync(filler, "w");
    const chunk = Buffer.alloc(64 * 1024);
    try {
      for (;;) fs.writeSync(fd, chunk);
    } catch (err) {
      expect((err as NodeJS.ErrnoException).code).toBe("ENOSPC");
    } finally {
      fs.closeSync(fd);
    }

    await exercise(server, cookies, /\[authlab\] storage unavailable: SQLITE_FULL on POST \/api\/auth\/login/, true);

    fs.rmSync(filler);
    const again = await send(server.url, "/api/auth/login", { json: { username: "alice", password: "alice-demo-pass", mode: "jwt" } });
    expect(again.status, again.text).toBe(200);
    expect(Object.keys(credentials(again)).sort()).toEqual(["authlab_access", "authlab_refresh"]);
  } finally {
    await server.stop();
  }
});

test("the database files turn read-only under a running server: 503 storage_unavailable + a log line, no row written; recovers", async () => {
  test.setTimeout(120_000);
  // An ext4 folder (.tmp/), made immutable with chattr +i: the kernel then refuses every
  // write, even through the file descriptors SQLite already holds, as a read-only remount would.
  const dataDir = freshDataDir("read-only");
  const server = await startServer({ port: EXTRA_PORTS.readOnly, dataDir });
  const files = ["authlab.db", "authlab.db-wal"].map((f) => path.join(dataDir, f));
  try {
    const login = await send(server.url, "/api/auth/login", { json: { username: "bob", password: "bob-demo-pass", mode: "session" } });
    expect(login.status).toBe(200);
    chattr("+i", ...files);
    try {
      await exercise(server, credentials(login), /\[authlab\] storage unavailable: SQLITE_IOERR\w* on POST \/api\/auth\/login/, false);
    } finally {
      chattr("-i", ...files);
    }
    const again = await send(server.url, "/api/auth/login", { json: { username: "alice", password: "alice-demo-pass", mode: "session" } });
    expect(again.status, again.text).toBe(200);
    expect(Object.keys(credentials(again))).toEqual(["authlab_session"]);
  } finally {
    await server.stop();
  }
});

/** A data folder from an earlier run (database + secrets), and a session cookie it issued. */
async function usedFolder(name: string): Promise<{ seed: string; cookies: Record<string, string> }> {
  const seed = freshDataDir(name);
  const first = await startServer({ port: EXTRA_PORTS.readOnly, dataDir: seed });
  const login = await send(first.url, "/api/auth/login", { json: { username: "bob", password: "bob-demo-pass", mode: "session" } });
  expect(login.status).toBe(200);
  await first.stop();
  return { seed, cookies: credentials(login) };
}

test("a data folder mounted read-only (with the WAL files of its last run): reads work, writes get 503 + a log line", async () => {
  test.setTimeout(120_000);
  const { seed, cookies } = await usedFolder("read-only-seed");
  // The process was stopped, not closed: SQLite's -wal and -shm are still there, so it can open read-only.
  expect(fs.existsSync(path.join(seed, "authlab.db-shm"))).toBe(true);
  const dataDir = freshDataDir("read-only-at-start");
  const server = await startServer({
    port: EXTRA_PORTS.readOnly,
    dataDir,
    wrap: inPrivateTmpfs(dataDir, 16, { seedFrom: seed, readOnly: true }),
  });
  try {
    await exercise(server, cookies, /\[authlab\] storage unavailable: SQLITE_READONLY on POST \/api\/auth\/login/, true);
  } finally {
    await server.stop();
  }
});

test("a data folder mounted read-only after a clean close (SQLite cannot even open it): the start stops with what to do", async () => {
  test.setTimeout(120_000);
  const { seed } = await usedFolder("read-only-clean-seed");
  // Close it the way a clean shutdown does: checkpoint, and the -wal and -shm files go away.
  const db = new Database(path.join(seed, "authlab.db"));
  db.pragma("wal_checkpoint(TRUNCATE)");
  db.close();
  expect(fs.existsSync(path.join(seed, "authlab.db-wal"))).toBe(false);
  const dataDir = freshDataDir("read-only-clean-at-start");
  const { code, output } = await expectStartFailure({
    port: EXTRA_PORTS.readOnly,
    dataDir,
    wrap: inPrivateTmpfs(dataDir, 16, { seedFrom: seed, readOnly: true }),
  });
  expect(code, output).toBe(1);
  expect(output).toContain(`AuthLab cannot start: cannot open the database ${path.join(dataDir, "authlab.db")} (SQLITE_CANTOPEN`);
  expect(output).toContain(`The data folder ${dataDir} must exist and be writable by the user running AuthLab`);
  expect(output).not.toMatch(/\n\s+at \S+ \(/); // no stack trace
});
