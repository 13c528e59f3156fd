// HTTP side of the benchmark: start the production server on the seeded database, log in
// through the real API, then drive it with autocannon. Only ever 127.0.0.1.
import { type ChildProcess, spawn } from "node:child_process";
import fs from "node:fs";
import net from "node:net";
import { gzipSync } from "node:zlib";
import autocannon, { type Instance, type Options, type Result } from "autocannon";

export interface HttpFigure {
  reqPerSec: number;
  p50Ms: number;
  p99Ms: number;
  requests: number;
  non2xx: number;
  errors: number;
  seconds: number;
  /**
   * CPU time the server process used per request (all its threads), µs. Unlike req/s it
   * hardly moves when other processes compete for the CPU, so ratios of it are what a
   * shared machine can still compare. null where /proc is not available.
   */
  serverCpuUsPerReq: number | null;
}

export interface Server {
  base: string;
  /** Waits until the server's log matches `pattern`; false after `timeoutMs`. */
  waitForLog(pattern: RegExp, timeoutMs: number): Promise<boolean>;
  /** CPU time used by the server process so far, ms (Linux /proc), or null. */
  cpuMs(): number | null;
  stop(): Promise<void>;
}

/** utime + stime of a process, in ms, from /proc/PID/stat (clock ticks of 10 ms). */
function processCpuMs(pid: number | undefined): number | null {
  if (!pid) return null;
  try {
    const stat = fs.readFileSync(`/proc/${pid}/stat`, "utf8");
    const fields = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
    return (Number(fields[11]) + Number(fields[12])) * 10; // fields 14 and 15 of the full line
  } catch {
    return null;
  }
}

export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const s = net.createServer();
    s.once("error", reject);
    s.listen(0, "127.0.0.1", () => {
      const addr = s.address();
      s.close(() => (addr && typeof addr === "object" ? resolve(addr.port) : reject(new Error("no port"))));
    });
  });
}

export async function startServer(env: Record<string, string>, port: number, logFile: string): Promise<Server> {
  const log = fs.openSync(logFile, "w");
  const child: ChildProcess = spawn(process.execPath, ["lib/serve.mjs", "-p", String(port), "-H", "127.0.0.1"], {
    env: { ...process.env, ...env, PORT: String(port), NODE_ENV: "production" },
    stdio: ["ignore", log, log],
  });
  const kill = (): void => {
    if (child.exitCode === null) child.kill("SIGTERM");
  };
  process.once("exit", kill);
  const base = `http://127.0.0.1:${port}`;
  const deadline = Date.now() + 60_000;
  for (;;) {
    if (child.exitCode !== null) throw new Error(`the server exited during start (code ${child.exitCode}); see ${logFile}`);
    try {
      const r = await fetch(`${base}/api/health`);
      if (r.ok) break;
    } catch {
      // not listening yet
    }
    if (Date.now() > deadline) {
      kill();
      throw new Error(`the server did not answer /api/health within 60 s; see ${logFile}`);
    }
    await new Promise((r) => setTimeout(r, 200));
  }
  return {
    base,
    waitForLog: async (pattern: RegExp, timeoutMs: number): Promise<boolean> => {
      const until = Date.now() + timeoutMs;
      while (Date.now() < until) {
        if (pattern.test(fs.readFileSync(logFile, "utf8"))) return true;
        await new Promise((r) => setTimeout(r, 250));
      }
      return false;
    },
    cpuMs: () => processCpuMs(child.pid),
    stop: () =>
      new Promise<void>((resolve) => {
        process.removeListener("exit", kill);
        if (child.exitCode !== null) return resolve();
        const t = setTimeout(() => child.kill("SIGKILL"), 5000);
        child.once("exit", () => {
          clearTimeout(t);
          fs.closeSync(log);
          resolve();
        });
        child.kill("SIGTERM");
      }),
  };
}

/** Logs in through POST /api/auth/login; returns the credential cookies it set. */
export async function logIn(base: string, username: string, password: string, mode: "session" | "jwt"): Promise<Record<string, string>> {
  const r = await fetch(`${base}/api/auth/login`, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify({ username, password, mode }),
  });
  if (!r.ok) throw new Error(`login as ${username} (${mode}) failed: ${r.status} ${await r.text()}`);
  const jar: Record<string, string> = {};
  for (const line of r.headers.getSetCookie()) {
    const [pair] = line.split(";");
    const eq = pair?.indexOf("=") ?? -1;
    if (pair && eq > 0 && pair.slice(eq + 1)) jar[pair.slice(0, eq)] = pair.slice(eq + 1);
  }
  return jar;
}

export function cookieHeader(jar: Record<string, string>, names: string[]): string {
  return names
    .filter((n) => jar[n])
    .map((n) => `${n}=${jar[n]}`)
    .join("; ");
}

function figure(r: Result, cpuMs: number | null = null): HttpFigure {
  const total = r.requests.total ?? r.requests.sent;
  return {
    serverCpuUsPerReq: cpuMs === null || total === 0 ? null : Math.round((cpuMs * 1000) / total),
    reqPerSec: Math.round(total / Math.max(r.duration, 0.001)),
    p50Ms: r.latency.p50,
    p99Ms: r.latency.p99,
    requests: total,
    non2xx: r.non2xx,
    errors: r.errors,
    seconds: Math.round(r.duration * 10) / 10,
  };
}

/** One autocannon run; with `server`, also the server's CPU time per request. */
export async function cannon(opts: Options, server?: Server): Promise<HttpFigure> {
  const cpu0 = server?.cpuMs() ?? null;
  const r = await autocannon({ connections: 10, timeout: 10, ...opts });
  const cpu1 = server?.cpuMs() ?? null;
  return figure(r, cpu0 === null || cpu1 === null ? null : cpu1 - cpu0);
}

/**
 * POST /api/auth/refresh with a different, never-used refresh token on every request
 * (reusing one would be reuse detection, not a refresh). Stops when the pool runs dry.
 */
export async function cannonRefresh(
  base: string,
  pool: string[],
  duration: number,
  connections = 10,
  server?: Server,
): Promise<HttpFigure> {
  const cpu0 = server?.cpuMs() ?? null;
  let next = 0;
  let instance: Instance | undefined;
  instance = autocannon({
    url: `${base}/api/auth/refresh`,
    connections,
    duration,
    timeout: 10,
    requests: [
      {
        method: "POST",
        setupRequest: (req) => {
          const token = pool[next++];
          if (next >= pool.length) setImmediate(() => instance?.stop());
          return { ...req, headers: { ...req.headers, cookie: `authlab_refresh=${token ?? "exhausted"}` } };
        },
      },
    ],
  });
  const result = await instance;
  const cpu1 = server?.cpuMs() ?? null;
  const r = figure(result, cpu0 === null || cpu1 === null ? null : cpu1 - cpu0);
  return { ...r, requests: Math.min(r.requests, pool.length) };
}

/** The JS /dashboard makes the browser load: every <script src> chunk, gzipped, summed. */
export async function dashboardJs(
  base: string,
  cookie: string,
): Promise<
  | { status: number; scripts: number; rawBytes: number; gzipBytes: number; chunks: { src: string; raw: number; gzip: number }[] }
  | { error: string }
> {
  const page = await fetch(`${base}/dashboard`, { headers: { cookie, accept: "text/html" }, redirect: "manual" });
  if (page.status !== 200)
    return { error: `GET /dashboard answered ${page.status}${page.headers.get("location") ? ` → ${page.headers.get("location")}` : ""}` };
  const html = await page.text();
  // A browser that runs modules never fetches a `nomodule` script (Next's legacy
  // polyfills, ~39 KiB gzip): it is not part of what /dashboard loads, so it is left out.
  const tags = [...html.matchAll(/<script\b[^>]*>/g)].map((m) => m[0]).filter((tag) => !/\bnomodule\b/i.test(tag));
  const srcs = [...new Set(tags.flatMap((tag) => [...tag.matchAll(/\bsrc="([^"]+)"/g)].map((m) => (m[1] ?? "").replaceAll("&amp;", "&"))))];
  const chunks: { src: string; raw: number; gzip: number }[] = [];
  for (const src of srcs) {
    const r = await fetch(new URL(src, base));
    const body = Buffer.from(await r.arrayBuffer());
    chunks.push({ src, raw: body.length, gzip: gzipSync(body).length });
  }
  return {
    status: page.status,
    scripts: chunks.length,
    rawBytes: chunks.reduce((s, c) => s + c.raw, 0),
    gzipBytes: chunks.reduce((s, c) => s + c.gzip, 0),
    chunks,
  };
}
