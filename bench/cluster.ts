// `npm run bench` (its last phase) or `tsx bench/cluster.ts [--quick] [--update-docs]`:
//  1. the session-mode authorization check against PostgreSQL over loopback, steady state
//     and first seen, next to its floor (one primary-key SELECT round trip), in-process
//     (bench/pg-micro.ts, on a throwaway PostgreSQL);
//  2. GET /api/me ÷ GET /api/health through the cluster's balancer (HAProxy and three
//     instances on one PostgreSQL, lib/cluster/cluster.mjs), in alternating rounds.
// Ratios from one run, as the rest of the bench; the rows go into docs/performance.md
// between <!-- bench:cluster:start --> and <!-- bench:cluster:end -->.
import { spawn } from "node:child_process";
import { randomBytes } from "node:crypto";
import fs from "node:fs";
import path from "node:path";
// @ts-expect-error plain ESM without types
import { startThrowawayPostgres } from "../db/pg/throwaway.mjs";
// @ts-expect-error plain ESM without types
import { startCluster } from "../lib/cluster/cluster.mjs";
import { cannon, cookieHeader, freePort, type HttpFigure, logIn } from "./http";
import type { PgMicroConfig, PgMicroResult } from "./pg-micro";

const ROOT = process.cwd();
const WORK = path.join(ROOT, ".tmp", "bench", "cluster");
const quick = process.argv.includes("--quick");
// The instances serve the build NEXT_DIST_DIR names (default .next), as bench/run.ts's server does.
const P = {
  iterations: quick ? 2_000 : 10_000,
  firstSeen: quick ? 200 : 500,
  rounds: quick ? 2 : 3,
  slice: quick ? 2 : 3,
  connections: 10,
};
const say = (s: string) => console.log(`[bench:cluster] ${s}`);
const secret = () => randomBytes(36).toString("base64url");
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)] as number;

function runPgMicro(cfg: PgMicroConfig): Promise<PgMicroResult> {
  const file = `${cfg.out}.config.json`;
  fs.writeFileSync(file, JSON.stringify(cfg));
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ["--conditions=react-server", "--import", "tsx", "bench/pg-micro.ts", file], {
      cwd: ROOT,
      stdio: ["ignore", "inherit", "inherit"],
      env: { ...process.env, NODE_ENV: "production" },
    });
    child.once("exit", (code) =>
      code === 0
        ? resolve(JSON.parse(fs.readFileSync(cfg.out, "utf8")) as PgMicroResult)
        : reject(new Error(`bench/pg-micro.ts exited ${code}`)),
    );
  });
}

async function pgPhase(): Promise<PgMicroResult> {
  say(`the authorization check against PostgreSQL (${P.iterations} steady, ${P.firstSeen} first seen)`);
  const db = await startThrowawayPostgres({});
  try {
    return await runPgMicro({
      url: db.url,
      out: path.join(WORK, "pg-micro.json"),
      sessionPassword: secret(),
      jwtSecret: secret(),
      iterations: P.iterations,
      firstSeen: P.firstSeen,
    });
  } finally {
    await db.stop();
  }
}

async function clusterPhase(): Promise<{
  rounds: Array<Record<"health" | "meSession" | "meJwt", HttpFigure>>;
  ratios: Record<string, number>;
}> {
  // Six ports from a free one: the balancer, instances on +1, +3, +5.
  const port = await freePort();
  say(`starting the cluster on 127.0.0.1:${port} (HAProxy, three instances, one PostgreSQL)`);
  const log: string[] = [];
  const cluster = await startCluster({
    port,
    siteName: "127.0.0.1",
    env: { AUTHLAB_FAST_KDF: "1", AUTHLAB_DEMO: "0" },
    log: (l: string) => log.push(l),
  });
  try {
    const base = cluster.url as string;
    for (const [name, mode] of [
      ["bench-cluster-s", "session"],
      ["bench-cluster-j", "jwt"],
    ] as const) {
      const r = await fetch(`${base}/api/auth/signup`, {
        method: "POST",
        headers: { "content-type": "application/json" },
        body: JSON.stringify({ username: name, password: "bench-cluster-pass" }),
      });
      if (r.status !== 201) throw new Error(`bench: cluster signup (${mode}) answered ${r.status}`);
    }
    const sessionCookie = cookieHeader(await logIn(base, "bench-cluster-s", "bench-cluster-pass", "session"), ["authlab_session"]);
    const jwtCookie = cookieHeader(await logIn(base, "bench-cluster-j", "bench-cluster-pass", "jwt"), ["authlab_access"]);
    const opts = {
      health: { url: `${base}/api/health`, connections: P.connections },
      meSession: { url: `${base}/api/me`, headers: { cookie: sessionCookie }, connections: P.connections },
      meJwt: { url: `${base}/api/me`, headers: { cookie: jwtCookie }, connections: P.connections },
    };
    await cannon({ ...opts.health, duration: 1 });
    await cannon({ ...opts.meSession, duration: 1 });
    const rounds: Array<Record<"health" | "meSession" | "meJwt", HttpFigure>> = [];
    for (let r = 0; r < P.rounds; r++) {
      const order = (["health", "meSession", "meJwt"] as const).map((_, i, all) => all[(i + r) % all.length] as keyof typeof opts);
      say(`round ${r + 1}/${P.rounds}: ${order.join(", ")}, ${P.slice} s each, through the balancer`);
      const round = {} as Record<keyof typeof opts, HttpFigure>;
      for (const e of order) round[e] = await cannon({ ...opts[e], duration: P.slice });
      rounds.push(round);
    }
    return {
      rounds,
      ratios: {
        meSessionVsHealth: median(rounds.map((r) => r.meSession.reqPerSec / r.health.reqPerSec)),
        meJwtVsHealth: median(rounds.map((r) => r.meJwt.reqPerSec / r.health.reqPerSec)),
      },
    };
  } finally {
    await cluster.stop();
  }
}

const us = (t: { medianUs: number }) => `${t.medianUs.toFixed(0)} µs`;
const x = (n: number) => `${n.toFixed(2)}×`;

export async function benchCluster(opts: { updateDocs: boolean }): Promise<string> {
  fs.mkdirSync(WORK, { recursive: true });
  const pgr = await pgPhase();
  const cl = await clusterPhase();
  const last = cl.rounds.at(-1) as Record<"health" | "meSession" | "meJwt", HttpFigure>;
  const errors = cl.rounds.reduce((n, r) => n + r.health.non2xx + r.meSession.non2xx + r.meJwt.non2xx + r.health.errors, 0);
  const table = [
    "| PostgreSQL over loopback (in-process, one call at a time) | median | ÷ floor |",
    "|---|---|---|",
    `| floor: one primary-key \`SELECT\` round trip (pg pool of the store's size) | ${us(pgr.floor)} | 1× |`,
    `| session check, steady state (${pgr.dbQueries} ${pgr.dbQueries === 1 ? "query" : "queries"} in its trace) | ${us(pgr.steady)} | ${x(pgr.steady.medianUs / pgr.floor.medianUs)} |`,
    `| session check, first seen (a seal this process never opened) | ${us(pgr.first)} | ${x(pgr.first.medianUs / pgr.floor.medianUs)} |`,
    "",
    "| through HAProxy, three instances, one PostgreSQL | req/s (last round) | p50 ms | ÷ /api/health (median of rounds) |",
    "|---|---|---|---|",
    `| GET /api/health | ${last.health.reqPerSec.toFixed(0)} | ${last.health.p50Ms} | 1× |`,
    `| GET /api/me, session mode | ${last.meSession.reqPerSec.toFixed(0)} | ${last.meSession.p50Ms} | ${x(cl.ratios.meSessionVsHealth ?? 0)} |`,
    `| GET /api/me, JWT mode | ${last.meJwt.reqPerSec.toFixed(0)} | ${last.meJwt.p50Ms} | ${x(cl.ratios.meJwtVsHealth ?? 0)} |`,
    "",
    `${quick ? "Quick" : "Full"} run, ${new Date().toISOString().slice(0, 10)}, ${P.connections} connections, ${P.rounds} rounds of ${P.slice} s; non-2xx or errors: ${errors}.`,
  ].join("\n");
  console.log(table);
  fs.writeFileSync(path.join(WORK, "results.json"), JSON.stringify({ pg: pgr, cluster: cl }, null, 2));
  if (opts.updateDocs) {
    const doc = path.join(ROOT, "docs", "performance.md");
    const text = fs.readFileSync(doc, "utf8");
    const start = "<!-- bench:cluster:start -->";
    const end = "<!-- bench:cluster:end -->";
    const i = text.indexOf(start);
    const j = text.indexOf(end);
    if (i < 0 || j < i) throw new Error(`docs/performance.md has no ${start} … ${end} block`);
    fs.writeFileSync(doc, `${text.slice(0, i + start.length)}\n${table}\n${text.slice(j)}`);
    say("updated docs/performance.md");
  }
  return table;
}

if (process.argv[1] && path.resolve(process.argv[1]) === path.resolve("bench/cluster.ts")) {
  // Alone: `npx tsx bench/cluster.ts [--quick] [--update-docs]`, on the build already there.
  await benchCluster({ updateDocs: process.argv.includes("--update-docs") });
  process.exit(0);
}
