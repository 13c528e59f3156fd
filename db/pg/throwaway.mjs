// A throwaway PostgreSQL server for tests, the cluster demo and local runs: Debian's
// `postgresql` binaries (apt-installed when missing and we are root), `initdb` into a
// fresh temporary folder, `pg_ctl` on a free loopback port, one database and one
// password-authenticated role. stop() stops the server and deletes the folder; so does
// process exit. PostgreSQL refuses to run as root, so as root every server command runs
// as the `postgres` user, which owns the folder.
//
// Plain ESM, no TypeScript: node scripts, Playwright's and vitest's globalSetup use it.
// CLI: `node db/pg/throwaway.mjs [--port N]` prints the URL and runs until killed;
// `node db/pg/throwaway.mjs --ensure` only installs the binaries when missing.
import { execFileSync, spawnSync } from "node:child_process";
import crypto from "node:crypto";
import fs from "node:fs";
import net from "node:net";
import os from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";

const isRoot = typeof process.getuid === "function" && process.getuid() === 0;

function findBin() {
  const base = "/usr/lib/postgresql";
  if (!fs.existsSync(base)) return null;
  const versions = fs
    .readdirSync(base)
    .filter((v) => fs.existsSync(path.join(base, v, "bin", "initdb")))
    .sort((a, b) => Number(b) - Number(a));
  return versions.length ? path.join(base, versions[0], "bin") : null;
}

/** The binaries' folder; installs Debian's postgresql when they are missing and we may. */
export function ensurePostgresBinaries() {
  const found = findBin();
  if (found) return found;
  if (!isRoot) {
    throw new Error("PostgreSQL is not installed (no /usr/lib/postgresql/*/bin/initdb). Install it: sudo apt-get install -y postgresql");
  }
  console.log("[authlab] installing Debian's postgresql for the PostgreSQL tests…");
  execFileSync("sh", ["-c", "apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq postgresql >/dev/null"], {
    stdio: "inherit",
  });
  const bin = findBin();
  if (!bin) throw new Error("apt-get install postgresql did not provide initdb");
  return bin;
}

function freePort() {
  return new Promise((resolve, reject) => {
    const srv = net.createServer();
    srv.unref();
    srv.on("error", reject);
    srv.listen(0, "127.0.0.1", () => {
      const { port } = srv.address();
      srv.close(() => resolve(port));
    });
  });
}

/** Runs a server binary, as `postgres` when we are root. Output is captured, never the password. */
function run(bin, args, opts = {}) {
  const [cmd, argv] = isRoot ? ["runuser", ["-u", "postgres", "--", bin, ...args]] : [bin, args];
  const r = spawnSync(cmd, argv, { encoding: "utf8", ...opts });
  if (r.status !== 0) {
    throw new Error(`${path.basename(bin)} failed (exit ${r.status}): ${(r.stderr || r.stdout || "").trim().slice(-2000)}`);
  }
  return r.stdout;
}

/**
 * Starts a throwaway server. `signals: false` leaves SIGINT/SIGTERM to the caller (a
 * wrapper that must stop its own children first); process exit still cleans up.
 */
export async function startThrowawayPostgres({ port, signals = true } = {}) {
  const bin = ensurePostgresBinaries();
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "authlab-pg-"));
  const data = path.join(dir, "data");
  const sock = path.join(dir, "sock");
  fs.mkdirSync(sock);
  if (isRoot) execFileSync("chown", ["-R", "postgres:postgres", dir]);
  fs.chmodSync(dir, 0o700);

  let stopped = false;
  const cleanup = () => {
    if (stopped) return;
    stopped = true;
    try {
      if (fs.existsSync(path.join(data, "postmaster.pid"))) run(path.join(bin, "pg_ctl"), ["-D", data, "-m", "immediate", "-w", "stop"]);
    } catch {
      // Already gone: deleting the folder is all that is left.
    }
    fs.rmSync(dir, { recursive: true, force: true });
  };
  const onExit = () => cleanup();
  const onSignal = (sig) => {
    cleanup();
    process.removeListener(sig, onSignal);
    process.kill(process.pid, sig);
  };
  process.on("exit", onExit);
  if (signals) {
    process.on("SIGINT", onSignal);
    process.on("SIGTERM", onSignal);
  }

  try {
    run(path.join(bin, "initdb"), [
      "-D",
      data,
      "-U",
      "postgres",
      "--auth-local=trust",
      "--auth-host=scram-sha-256",
      "-E",
      "UTF8",
      "--no-sync",
    ]);
    const listenPort = port ?? (await freePort());
    const conf = [
      "listen_addresses = '127.0.0.1'",
      `port = ${listenPort}`,
      `unix_socket_directories = '${sock}'`,
      // A throwaway: durability is not wanted, speed is.
      "fsync = off",
      "synchronous_commit = off",
      "full_page_writes = off",
      "max_connections = 200",
      "shared_buffers = 64MB",
      "log_min_messages = warning",
    ].join("\n");
    fs.appendFileSync(path.join(data, "postgresql.conf"), `\n${conf}\n`);
    run(path.join(bin, "pg_ctl"), ["-D", data, "-l", path.join(dir, "server.log"), "-w", "-t", "60", "start"]);

    const password = crypto.randomBytes(18).toString("base64url");
    const role = "authlab";
    const database = "authlab";
    const psql = (sql) =>
      run(
        path.join(bin, "psql"),
        ["-h", sock, "-p", String(listenPort), "-U", "postgres", "-d", "postgres", "-v", "ON_ERROR_STOP=1", "-q"],
        { input: sql },
      );
    // The password goes over stdin, never on a command line another process could read.
    psql(`CREATE ROLE ${role} LOGIN PASSWORD '${password}' CREATEDB;\nCREATE DATABASE ${database} OWNER ${role};\n`);
    const url = `postgres://${role}:${password}@127.0.0.1:${listenPort}/${database}`;
    return {
      url,
      port: listenPort,
      dir,
      stop: async () => {
        cleanup();
        process.removeListener("exit", onExit);
        process.removeListener("SIGINT", onSignal);
        process.removeListener("SIGTERM", onSignal);
      },
    };
  } catch (err) {
    cleanup();
    throw err;
  }
}

// CLI mode: print the URL, keep running until killed (the exit handlers clean up).
// `--ensure`: only install the binaries when missing (npm test's pretest, .ci/run).
if (process.argv[1] && fileURLToPath(import.meta.url) === path.resolve(process.argv[1])) {
  if (process.argv.includes("--ensure")) {
    ensurePostgresBinaries();
    process.exit(0);
  }
  const i = process.argv.indexOf("--port");
  const port = i > 0 ? Number(process.argv[i + 1]) : undefined;
  const pg = await startThrowawayPostgres({ port });
  console.log(pg.url);
  setInterval(() => {}, 1 << 30);
}
