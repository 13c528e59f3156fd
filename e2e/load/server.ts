import { type ChildProcess, spawn } from "node:child_process";
import fs from "node:fs";
import path from "node:path";
import { PORT } from "../../playwright.config";

// A production server of our own, for the suites that must start, kill, restart or
// starve one (load, faults, timing, key rotation). Same build as the e2e servers
// (NEXT_DIST_DIR), its own port (PORT+10 and up) and data folder under .tmp/.

export const EXTRA_PORTS = {
  load: PORT + 10,
  crash: PORT + 11,
  diskFull: PORT + 12,
  readOnly: PORT + 13,
  startup: PORT + 14,
  rotation: PORT + 15,
  timing: PORT + 16,
  tlsFront: PORT + 17,
  logs: PORT + 18,
  adminView: PORT + 19,
  tlsBack: PORT + 20,
  storm: PORT + 21,
} as const;

export interface ServerOptions {
  port: number;
  /** The data folder; the database is `<dataDir>/authlab.db` unless `env.DATABASE_PATH` says otherwise. */
  dataDir: string;
  env?: Record<string, string | undefined>;
  /** Runs the server through another program, e.g. ["unshare", "-m", "--", "sh", "-c", …]. */
  wrap?: (argv: string[]) => string[];
}

export interface RunningServer {
  url: string;
  port: number;
  dataDir: string;
  dbFile: string;
  proc: ChildProcess;
  /** Everything the process wrote, stdout and stderr interleaved. */
  output: () => string;
  exited: Promise<number | null>;
  /**
   * Both output pipes closed: everything the process wrote has been read. `exited` alone
   * does not promise that (Node: "stdio streams might still be open" at 'exit'), so read
   * a dead process's last words only after this.
   */
  outputClosed: Promise<void>;
  stop: () => Promise<void>;
  kill9: () => Promise<void>;
}

/** `npm start`: the production server (lib/serve.mjs). */
export function nextStartArgv(port: number): string[] {
  return [process.execPath, path.join("lib", "serve.mjs"), "-p", String(port)];
}

/** Starts the process; does not wait for it to be ready (see `waitReady`). */
export function launch(opts: ServerOptions): RunningServer {
  fs.mkdirSync(opts.dataDir, { recursive: true });
  const dbFile = opts.env?.DATABASE_PATH ?? path.join(opts.dataDir, "authlab.db");
  const env: Record<string, string | undefined> = {
    ...process.env,
    PORT: String(opts.port),
    DATABASE_PATH: dbFile,
    AUTHLAB_FAST_KDF: "1",
    AUTHLAB_DEMO: "1",
    // The load engine stands in for many clients (X-Forwarded-For), as a proxy would.
    TRUST_PROXY: "1",
    ...opts.env,
  };
  for (const [k, v] of Object.entries(env)) if (v === undefined) delete env[k];
  const argv = opts.wrap ? opts.wrap(nextStartArgv(opts.port)) : nextStartArgv(opts.port);
  const [cmd = "", ...args] = argv;
  const proc = spawn(cmd, args, { env: env as NodeJS.ProcessEnv, stdio: ["ignore", "pipe", "pipe"] });
  let out = "";
  proc.stdout?.on("data", (d: Buffer) => {
    out += d.toString();
  });
  proc.stderr?.on("data", (d: Buffer) => {
    out += d.toString();
  });
  const exited = new Promise<number | null>((resolve) => proc.on("exit", (code) => resolve(code)));
  const closed = (stream: NodeJS.ReadableStream | null) =>
    new Promise<void>((resolve) => (stream ? stream.once("close", () => resolve()) : resolve()));
  const outputClosed = Promise.all([closed(proc.stdout), closed(proc.stderr)]).then(() => undefined);
  const url = `http://localhost:${opts.port}`;
  const server: RunningServer = {
    url,
    port: opts.port,
    dataDir: opts.dataDir,
    dbFile,
    proc,
    output: () => out,
    exited,
    outputClosed,
    stop: async () => {
      if (proc.exitCode === null && proc.signalCode === null) proc.kill("SIGTERM");
      await exited;
    },
    kill9: async () => {
      if (proc.exitCode === null && proc.signalCode === null) proc.kill("SIGKILL");
      await exited;
    },
  };
  return server;
}

/** Resolves when /api/health answers 200; rejects with the server's output if it exits first. */
export async function waitReady(server: RunningServer, timeoutMs = 60_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  let exitCode: number | null | undefined;
  void server.exited.then((c) => {
    exitCode = c;
  });
  while (Date.now() < deadline) {
    if (exitCode !== undefined) throw new Error(`server on :${server.port} exited (${exitCode}) before it was ready:\n${server.output()}`);
    try {
      const res = await fetch(`${server.url}/api/health`);
      if (res.status === 200) return;
    } catch {
      // not listening yet
    }
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`server on :${server.port} not ready after ${timeoutMs} ms:\n${server.output()}`);
}

export async function startServer(opts: ServerOptions): Promise<RunningServer> {
  const server = launch(opts);
  try {
    await waitReady(server);
  } catch (err) {
    await server.kill9();
    throw err;
  }
  return server;
}

/** A fresh data folder under .tmp/ for one suite. */
export function freshDataDir(name: string): string {
  const dir = path.resolve(".tmp", `sec-${PORT}`, name);
  fs.rmSync(dir, { recursive: true, force: true });
  fs.mkdirSync(dir, { recursive: true });
  return dir;
}
