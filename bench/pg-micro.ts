// In-process cost of one session-mode authorization check against PostgreSQL over
// loopback (the store DATABASE_URL selects), steady state and first seen, next to its
// floor: one primary-key SELECT round trip on a pg pool of the store's size, to the same
// server. Measured interleaved (A, B, A, B, …) as bench/micro.ts does.
//
// Run by bench/cluster.ts as: node --conditions=react-server --import tsx bench/pg-micro.ts CONFIG.json
import fs from "node:fs";
import pg from "pg";
import { summarize, type Timing, timeAsync } from "./stats";

export interface PgMicroConfig {
  url: string;
  out: string;
  sessionPassword: string;
  jwtSecret: string;
  iterations: number;
  firstSeen: number;
}

export interface PgMicroResult {
  steady: Timing;
  floor: Timing;
  first: Timing;
  logins: number;
  dbQueries: number;
}

const cfg = JSON.parse(fs.readFileSync(process.argv[2] ?? "", "utf8")) as PgMicroConfig;
Object.assign(process.env, {
  DATABASE_URL: cfg.url,
  DATABASE_PATH: `${cfg.out}.unused.db`,
  SESSION_PASSWORD: cfg.sessionPassword,
  JWT_SECRET: cfg.jwtSecret,
  AUTHLAB_FAST_KDF: "1",
  AUTHLAB_DEMO: "0",
  JWT_DENYLIST: "off",
});

const { sessionMode } = await import("@/lib/auth/session/mode");
const { logIn } = await import("@/lib/auth/sign-in");
const { createUser } = await import("@/lib/auth/users");
const { MemoryBrowser } = await import("@/lib/test/memory-context");
type AuthContext = import("@/lib/auth/context").AuthContext;

// Real logins through the app, one account each: the seals the check will open.
const logins = cfg.firstSeen + 101;
const seals: string[] = [];
const userIds: string[] = [];
for (let i = 0; i < logins; i++) {
  const user = await createUser(`pg-bench-${i}`, "pg-bench-password");
  const b = new MemoryBrowser({ userAgent: "bench", ip: `198.18.${i >> 8}.${i & 255}`, secure: false });
  await logIn({ username: user.username, password: "pg-bench-password", mode: "session" }, b.context());
  const seal = b.jar.get("authlab_session");
  if (!seal) throw new Error("bench: a PostgreSQL login set no session cookie");
  seals.push(seal);
  userIds.push(user.id);
}
const ctxOf = (seal: string): AuthContext => {
  const b = new MemoryBrowser();
  b.jar.set("authlab_session", seal);
  return b.context();
};

const pool = new pg.Pool({ connectionString: cfg.url, max: 10 });
const rowId = (await pool.query<{ id: string }>("SELECT id FROM sessions WHERE user_id = $1", [userIds[0]])).rows[0]?.id;
if (!rowId) throw new Error("bench: the steady session row is missing");
const floorFn = () => pool.query("SELECT * FROM sessions WHERE id = $1", [rowId]);

const steadyCtx = ctxOf(seals[0] as string);
const check = await sessionMode.authenticate(steadyCtx);
if (!check.ok) throw new Error(`bench: the steady PostgreSQL session did not authenticate (${check.code})`);

async function interleaved(fns: Array<() => Promise<unknown>>, n: number, blocks = 10): Promise<Timing[]> {
  const per = Math.max(1, Math.floor(n / blocks));
  const samples = fns.map(() => [] as number[]);
  for (let k = 0; k < blocks; k++) {
    for (const [j, fn] of fns.entries()) {
      for (let i = 0; i < Math.min(100, per); i++) await fn();
      for (let i = 0; i < per; i++) {
        const t0 = performance.now();
        await fn();
        (samples[j] as number[]).push(performance.now() - t0);
      }
    }
  }
  return samples.map(summarize);
}

const [steady, floor] = (await interleaved([() => sessionMode.authenticate(steadyCtx), floorFn], cfg.iterations)) as [Timing, Timing];
// First seen: every call opens a seal this process has not opened before (100 warm up, uncounted).
const firstCtxs = seals.slice(1).map(ctxOf);
for (let i = 0; i < 100; i++) await sessionMode.authenticate(firstCtxs[i] as AuthContext);
const first = await timeAsync((i) => sessionMode.authenticate(firstCtxs[i + 100] as AuthContext), firstCtxs.length - 100, 0);

const result: PgMicroResult = { steady, floor, first, logins, dbQueries: check.trace.dbQueries };
fs.writeFileSync(cfg.out, JSON.stringify(result, null, 2));
await pool.end();
process.exit(0);
