// `npm run bench` (full) / `npm run bench -- --quick`: what one authorization check
// costs, in process and over HTTP, on a throwaway database full of logins. Prints a
// table and writes bench/results.json. docs/performance.md says how to read it.
//
// Flags: --quick, --no-build (use .next as it is), --build (always rebuild),
// --users N --sessions N --refresh-tokens N, --rounds N, --seconds N (per HTTP slice),
// --update-docs (rewrite the tables in docs/performance.md), --no-cluster (skip the last
// phase: PostgreSQL and the cluster, bench/cluster.ts).
import { execFileSync, spawn, spawnSync } from "node:child_process";
import { randomBytes } from "node:crypto";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { LOOP_STATS_LINE } from "../lib/loop-stats";
import { benchCluster } from "./cluster";
import { cannon, cannonRefresh, cookieHeader, dashboardJs, freePort, type HttpFigure, logIn, startServer } from "./http";
import type { MicroConfig, MicroResult } from "./micro";
import { seedDatabase } from "./seed";
import { ratio } from "./stats";
import { renderTables } from "./table";

const argv = process.argv.slice(2);
const flag = (name: string): boolean => argv.includes(`--${name}`);
const num = (name: string, def: number): number => {
  const i = argv.indexOf(`--${name}`);
  const v = i >= 0 ? Number(argv[i + 1]) : Number.NaN;
  return Number.isFinite(v) && v >= 0 ? v : def;
};

const quick = flag("quick");
const P = {
  users: num("users", quick ? 10_000 : 100_000),
  sessions: num("sessions", quick ? 100_000 : 1_000_000),
  refreshTokens: num("refresh-tokens", quick ? 100_000 : 1_000_000),
  smallLogins: 1_000,
  knownSessions: quick ? 500 : 1_000,
  refreshPool: quick ? 6_000 : 40_000,
  iterations: quick ? 3_000 : 20_000,
  firstSeen: quick ? 200 : 800,
  kdfRuns: quick ? 1 : 3,
  // Short slices, many rounds: a neighbour's load that comes and goes hits all three alike.
  rounds: num("rounds", quick ? 2 : 4),
  slice: num("seconds", quick ? 2 : 3),
  warm: quick ? 1 : 2,
  connections: num("connections", 10),
};

const ROOT = process.cwd();
const WORK = path.join(ROOT, ".tmp", "bench");
const started = Date.now();
const loadStart = os.loadavg();
const say = (msg: string): void => console.log(`[bench] ${msg} (${((Date.now() - started) / 1000).toFixed(0)} s)`);

// ---- 1. a production build, when the sources are newer than it ------------------------
function newestSource(): { file: string; mtime: number } {
  let newest = { file: "", mtime: 0 };
  const visit = (p: string): void => {
    let st: fs.Stats;
    try {
      st = fs.statSync(p);
    } catch {
      return;
    }
    if (st.isDirectory()) {
      for (const e of fs.readdirSync(p)) if (e !== "node_modules" && !e.startsWith(".")) visit(path.join(p, e));
    } else if (!/\.test\.tsx?$/.test(p) && st.mtimeMs > newest.mtime) {
      newest = { file: path.relative(ROOT, p), mtime: st.mtimeMs };
    }
  };
  for (const p of [
    "app",
    "lib",
    "db",
    "public",
    "proxy.ts",
    "instrumentation.ts",
    "next.config.mjs",
    "package-lock.json",
    "postcss.config.mjs",
  ]) {
    visit(path.join(ROOT, p));
  }
  return newest;
}

function ensureBuild(): { built: boolean; reason: string; ms: number } {
  const t0 = Date.now();
  const id = path.join(ROOT, ".next", "BUILD_ID");
  let reason = "";
  if (flag("no-build")) {
    if (!fs.existsSync(id)) throw new Error("--no-build, but there is no build (.next/BUILD_ID): run `npm run build`");
    return { built: false, reason: "--no-build", ms: 0 };
  }
  if (flag("build")) reason = "--build";
  else if (!fs.existsSync(id)) reason = "no build yet";
  else {
    const newest = newestSource();
    if (newest.mtime > fs.statSync(id).mtimeMs) reason = `${newest.file} changed since the last build`;
  }
  if (!reason) return { built: false, reason: "up to date", ms: 0 };
  say(`building (${reason}); log: .tmp/bench/build.log`);
  const r = spawnSync("npm", ["run", "build"], { cwd: ROOT, encoding: "utf8", env: { ...process.env, NEXT_TELEMETRY_DISABLED: "1" } });
  fs.writeFileSync(path.join(WORK, "build.log"), `${r.stdout}\n${r.stderr}`);
  if (r.status !== 0) {
    console.error(`${r.stdout}\n${r.stderr}`.split("\n").slice(-40).join("\n"));
    throw new Error("npm run build failed");
  }
  return { built: true, reason, ms: Date.now() - t0 };
}

// ---- 2. in-process checks, as a child with the react-server condition ----------------
function runMicro(cfg: MicroConfig): Promise<MicroResult> {
  const cfgFile = `${cfg.out}.config.json`;
  fs.writeFileSync(cfgFile, JSON.stringify(cfg));
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ["--conditions=react-server", "--import", "tsx", "bench/micro.ts", cfgFile], {
      cwd: ROOT,
      stdio: ["ignore", "inherit", "inherit"],
      env: { ...process.env, NODE_ENV: "production" },
    });
    child.once("exit", (code) =>
      code === 0
        ? resolve(JSON.parse(fs.readFileSync(cfg.out, "utf8")) as MicroResult)
        : reject(new Error(`bench/micro.ts exited ${code}`)),
    );
  });
}

function secret(): string {
  return randomBytes(36).toString("base64url");
}

async function seed(
  dir: string,
  counts: { users: number; sessions: number; refreshTokens: number },
  extra: Partial<Parameters<typeof seedDatabase>[0]>,
) {
  const fixtures = await seedDatabase({
    file: path.join(dir, "authlab.db"),
    users: counts.users,
    sessions: counts.sessions,
    refreshTokens: counts.refreshTokens,
    knownSessions: P.knownSessions,
    knownRefresh: 0,
    strongUser: false,
    now: Date.now(),
    ...extra,
  });
  const file = path.join(dir, "fixtures.json");
  fs.writeFileSync(file, JSON.stringify(fixtures));
  return { fixtures, fixturesFile: file };
}

function median(xs: number[]): number {
  const a = [...xs].sort((x, y) => x - y);
  const m = Math.floor(a.length / 2);
  return a.length % 2 ? (a[m] as number) : ((a[m - 1] as number) + (a[m] as number)) / 2;
}

function cpuRatio(pairs: [HttpFigure, HttpFigure][]): number | null {
  const rs = pairs.flatMap(([h, m]) => (h.serverCpuUsPerReq && m.serverCpuUsPerReq ? [h.serverCpuUsPerReq / m.serverCpuUsPerReq] : []));
  return rs.length ? Math.round(median(rs) * 100) / 100 : null;
}

function combine(figs: HttpFigure[]): HttpFigure {
  const cpu = figs.flatMap((f) => (f.serverCpuUsPerReq === null ? [] : [f.serverCpuUsPerReq]));
  return {
    serverCpuUsPerReq: cpu.length ? Math.round(median(cpu)) : null,
    reqPerSec: Math.round(median(figs.map((f) => f.reqPerSec))),
    p50Ms: median(figs.map((f) => f.p50Ms)),
    p99Ms: median(figs.map((f) => f.p99Ms)),
    requests: figs.reduce((s, f) => s + f.requests, 0),
    non2xx: figs.reduce((s, f) => s + f.non2xx, 0),
    errors: figs.reduce((s, f) => s + f.errors, 0),
    seconds: Math.round(figs.reduce((s, f) => s + f.seconds, 0) * 10) / 10,
  };
}

function gitCommit(): string | null {
  try {
    return execFileSync("git", ["rev-parse", "--short", "HEAD"], {
      cwd: ROOT,
      encoding: "utf8",
      stdio: ["ignore", "pipe", "ignore"],
    }).trim();
  } catch {
    return null;
  }
}

async function main(): Promise<void> {
  fs.mkdirSync(WORK, { recursive: true });
  const build = ensureBuild();
  if (build.built) say(`built in ${(build.ms / 1000).toFixed(0)} s`);

  const run = path.join(WORK, "run");
  fs.rmSync(run, { recursive: true, force: true });
  const sessionPassword = secret();
  const jwtSecret = secret();

  say(
    `seeding ${P.users.toLocaleString("en")} users, ${P.sessions.toLocaleString("en")} sessions, ${P.refreshTokens.toLocaleString("en")} refresh tokens`,
  );
  const large = await seed(path.join(run, "large"), P, { knownRefresh: P.refreshPool, strongUser: true });
  const small = await seed(path.join(run, "small"), { users: P.smallLogins, sessions: P.smallLogins, refreshTokens: P.smallLogins }, {});
  say(`seeded in ${(large.fixtures.ms / 1000).toFixed(1)} s`);

  say(
    `in-process checks (${P.smallLogins.toLocaleString("en")} and ${P.sessions.toLocaleString("en")} stored logins, denylist, KDF, purge)`,
  );
  const micro = await runMicro({
    small: { db: small.fixtures.file, fixtures: small.fixturesFile },
    large: { db: large.fixtures.file, fixtures: large.fixturesFile },
    out: path.join(run, "micro.json"),
    sessionPassword,
    jwtSecret,
    iterations: P.iterations,
    firstSeen: P.firstSeen,
    kdfRuns: P.kdfRuns,
    purge: true,
  });

  say("starting the production server");
  const port = await freePort();
  const server = await startServer(
    {
      DATABASE_PATH: large.fixtures.file,
      AUTHLAB_FAST_KDF: "1",
      AUTHLAB_DEMO: "0",
      JWT_DENYLIST: "off",
      SESSION_PASSWORD: sessionPassword,
      JWT_SECRET: jwtSecret,
      // The server logs the longest event-loop stall of each second (lib/loop-stats.ts).
      AUTHLAB_LOOP_STATS: "1",
    },
    port,
    path.join(WORK, "server.log"),
  );
  const base = server.base;
  let http: Record<string, unknown>;
  try {
    const [u0 = "bench-user-0", u1 = "bench-user-1"] = large.fixtures.usernames;
    const sessionJar = await logIn(base, u0, large.fixtures.password, "session");
    const sessionCookie = cookieHeader(sessionJar, ["authlab_session"]);
    const jwtCookie = async (): Promise<string> => cookieHeader(await logIn(base, u1, large.fixtures.password, "jwt"), ["authlab_access"]);
    let accessCookie = await jwtCookie();

    const me = (cookie: string) => ({ url: `${base}/api/me`, headers: { cookie }, connections: P.connections });
    say("warming up");
    await cannon({ url: `${base}/api/health`, duration: P.warm, connections: P.connections });
    await cannon({ ...me(sessionCookie), duration: P.warm });
    await cannon({ ...me(accessCookie), duration: P.warm });
    // The server's first purge pass runs a few seconds after start: not inside a measurement.
    if (!(await server.waitForLog(/\[authlab\] purge/, 30_000))) say("no purge pass logged within 30 s; measuring anyway");

    // From here on is the HTTP phase: its event-loop stalls are read back from the log.
    const logFrom = fs.statSync(path.join(WORK, "server.log")).size;

    // meAnon: /api/me with no cookie (a 401): the same route, cookies() and trace plumbing,
    // but no check at all. It splits "what /api/me costs" into plumbing and authorization.
    type Endpoint = "health" | "meAnon" | "meSession" | "meJwt";
    const rounds: Record<Endpoint, HttpFigure>[] = [];
    for (let r = 0; r < P.rounds; r++) {
      // Each round starts with a different endpoint, so none is always first or last.
      const order = (["health", "meSession", "meJwt", "meAnon"] as const).map((_, i, all) => all[(i + r) % all.length] as Endpoint);
      say(`HTTP round ${r + 1}/${P.rounds}: ${order.join(", ")}, ${P.slice} s each`);
      accessCookie = await jwtCookie(); // a fresh access token each round: it lives 5 minutes
      const opts: Record<Endpoint, Parameters<typeof cannon>[0]> = {
        health: { url: `${base}/api/health`, duration: P.slice, connections: P.connections },
        meAnon: { url: `${base}/api/me`, duration: P.slice, connections: P.connections },
        meSession: { ...me(sessionCookie), duration: P.slice },
        meJwt: { ...me(accessCookie), duration: P.slice },
      };
      const round = {} as Record<Endpoint, HttpFigure>;
      for (const e of order) round[e] = await cannon(opts[e], server);
      rounds.push(round);
    }

    say("POST /api/auth/refresh, a never-used refresh token per request");
    const pool = large.fixtures.refreshTokens;
    await cannonRefresh(base, pool.slice(0, 500), P.warm, P.connections);
    const refresh = await cannonRefresh(base, pool.slice(500), quick ? 3 : 8, P.connections, server);

    say("POST /api/auth/login, password hashed at OWASP scrypt parameters");
    const strong = large.fixtures.strongUser ?? { username: u0, password: large.fixtures.password };
    // Two at a time (one per core): each is ~0.3-0.6 s of scrypt on the libuv pool.
    const login = await cannon(
      {
        url: `${base}/api/auth/login`,
        method: "POST",
        headers: { "content-type": "application/json" },
        body: JSON.stringify({ username: strong.username, password: strong.password, mode: "session" }),
        connections: 2,
        duration: quick ? 5 : 10,
      },
      server,
    );

    const stalls = [
      ...fs.readFileSync(path.join(WORK, "server.log")).subarray(logFrom).toString("utf8").matchAll(new RegExp(LOOP_STATS_LINE, "g")),
    ].map((m) => Number(m[1]));
    const loopStall = stalls.length ? { maxMs: Math.max(...stalls), seconds: stalls.length } : null;

    say("what /dashboard loads; sample traces");
    const js = await dashboardJs(base, sessionCookie);
    const traceOver = async (cookie: string): Promise<unknown> => {
      const r = await fetch(`${base}/api/me`, { headers: { cookie } });
      return ((await r.json()) as { trace?: unknown }).trace ?? null;
    };
    http = {
      rounds,
      health: combine(rounds.map((r) => r.health)),
      meAnon: combine(rounds.map((r) => r.meAnon)),
      meSession: combine(rounds.map((r) => r.meSession)),
      meJwt: combine(rounds.map((r) => r.meJwt)),
      meSessionVsHealth: median(rounds.map((r) => r.meSession.reqPerSec / r.health.reqPerSec)),
      meJwtVsHealth: median(rounds.map((r) => r.meJwt.reqPerSec / r.health.reqPerSec)),
      // The same comparison in server CPU per request (health's cost ÷ me's cost).
      meSessionVsHealthCpu: cpuRatio(rounds.map((r) => [r.health, r.meSession])),
      meJwtVsHealthCpu: cpuRatio(rounds.map((r) => [r.health, r.meJwt])),
      meAnonVsHealth: median(rounds.map((r) => r.meAnon.reqPerSec / r.health.reqPerSec)),
      meAnonVsHealthCpu: cpuRatio(rounds.map((r) => [r.health, r.meAnon])),
      refresh,
      login,
      dashboardJs: js,
      loopStall,
      traces: { session: await traceOver(sessionCookie), jwt: await traceOver(accessCookie) },
    };
  } finally {
    await server.stop();
  }

  const deny = micro.jwtDenylist?.active ? micro.jwtDenylist : null;
  const sc = micro.scale;
  const h = http as {
    meSessionVsHealth: number;
    meJwtVsHealth: number;
    meSessionVsHealthCpu: number | null;
    meJwtVsHealthCpu: number | null;
    meAnonVsHealth: number;
    meAnonVsHealthCpu: number | null;
    login: HttpFigure;
  };
  const ratios = {
    sessionSteadyVsFloor: ratio(micro.session.steady.medianUs, micro.session.floor.medianUs),
    sessionFirstVsFloor: ratio(micro.session.first.medianUs, micro.session.floor.medianUs),
    jwtSteadyVsFloor: ratio(micro.jwt.steady.medianUs, micro.jwt.floor.medianUs),
    jwtFirstVsFloor: ratio(micro.jwt.first.medianUs, micro.jwt.floor.medianUs),
    jwtDenylistSteadyVsFloor: deny ? ratio(deny.steady.medianUs, deny.floor.medianUs) : null,
    jwtDenylistFirstVsFloor: deny ? ratio(deny.first.medianUs, deny.floor.medianUs) : null,
    meSessionVsHealth: Math.round(h.meSessionVsHealth * 100) / 100,
    meJwtVsHealth: Math.round(h.meJwtVsHealth * 100) / 100,
    meSessionVsHealthCpu: h.meSessionVsHealthCpu,
    meJwtVsHealthCpu: h.meJwtVsHealthCpu,
    meAnonVsHealth: Math.round(h.meAnonVsHealth * 100) / 100,
    meAnonVsHealthCpu: h.meAnonVsHealthCpu,
    scaleSessionSteady: ratio(sc.sessionSteady.large.medianUs, sc.sessionSteady.small.medianUs),
    scaleSessionFirst: ratio(sc.sessionFirst.large.medianUs, sc.sessionFirst.small.medianUs),
    scaleJwtSteady: ratio(sc.jwtSteady.large.medianUs, sc.jwtSteady.small.medianUs),
    loginP50VsKdf: micro.kdf ? ratio(h.login.p50Ms * 1000, micro.kdf.verify.medianUs) : null,
  };
  const target = (name: string, value: number | null, max: number | null, min: number | null) => ({
    name,
    value,
    target: max !== null ? `≤ ${max}` : `≥ ${min}`,
    met: value === null ? null : max !== null ? value <= max : value >= (min ?? 0),
  });
  const targets = [
    target("session steady-state check ÷ (HMAC + indexed lookup)", ratios.sessionSteadyVsFloor, 3, null),
    target("JWT steady-state check ÷ HMAC", ratios.jwtSteadyVsFloor, 3, null),
    target("GET /api/me (session) ÷ GET /api/health, req/s", ratios.meSessionVsHealth, null, 0.9),
    target("GET /api/me (JWT) ÷ GET /api/health, req/s", ratios.meJwtVsHealth, null, 0.9),
    target("same, session, by server CPU per request (health ÷ me)", ratios.meSessionVsHealthCpu, null, 0.9),
    target("same, JWT, by server CPU per request (health ÷ me)", ratios.meJwtVsHealthCpu, null, 0.9),
    target(
      `session check, ${P.sessions.toLocaleString("en")} ÷ ${P.smallLogins.toLocaleString("en")} stored logins`,
      ratios.scaleSessionSteady,
      1.2,
      null,
    ),
    target(
      `JWT check, ${P.sessions.toLocaleString("en")} ÷ ${P.smallLogins.toLocaleString("en")} stored logins`,
      ratios.scaleJwtSteady,
      1.2,
      null,
    ),
  ];

  const results = {
    version: 1,
    kind: quick ? "quick" : "full",
    startedAt: new Date(started).toISOString(),
    seconds: Math.round((Date.now() - started) / 1000),
    machine: {
      cpus: os.cpus().length,
      cpuModel: os.cpus()[0]?.model ?? null,
      memoryGiB: Math.round(os.totalmem() / 2 ** 30),
      node: process.version,
      platform: `${os.platform()} ${os.release()}`,
      next: (JSON.parse(fs.readFileSync(path.join(ROOT, "node_modules/next/package.json"), "utf8")) as { version: string }).version,
      commit: gitCommit(),
      loadAverage: { start: loadStart.map((x) => Math.round(x * 100) / 100), end: os.loadavg().map((x) => Math.round(x * 100) / 100) },
    },
    config: P,
    build,
    seed: {
      large: { ...large.fixtures.counts, purgeable: large.fixtures.purgeable, ms: Math.round(large.fixtures.ms) },
      small: small.fixtures.counts,
    },
    inProcess: micro,
    http,
    ratios,
    targets,
  };
  // The raw per-figure traces are long; the table shows medians.
  fs.writeFileSync(path.join(ROOT, "bench", "results.json"), `${JSON.stringify(results, null, 2)}\n`);
  const table = renderTables(results as unknown as Parameters<typeof renderTables>[0]);
  console.log(`\n${table}\n`);
  if (flag("update-docs")) {
    const doc = path.join(ROOT, "docs", "performance.md");
    const text = fs.readFileSync(doc, "utf8");
    const start = "<!-- bench:table:start -->";
    const end = "<!-- bench:table:end -->";
    const i = text.indexOf(start);
    const j = text.indexOf(end);
    if (i < 0 || j < i) throw new Error(`docs/performance.md has no ${start} … ${end} block`);
    fs.writeFileSync(doc, `${text.slice(0, i + start.length)}\n${table}\n${text.slice(j)}`);
    say("updated docs/performance.md");
  }
  say(`done in ${results.seconds} s; wrote bench/results.json`);
  if (!flag("keep")) fs.rmSync(run, { recursive: true, force: true });
  // Last, on the same build: the check against PostgreSQL and /api/me through the cluster.
  if (!flag("no-cluster")) await benchCluster({ updateDocs: flag("update-docs") });
}

main().catch((err) => {
  console.error(`[bench] failed: ${(err as Error).message}`);
  process.exit(1);
});
