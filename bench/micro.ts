// In-process cost of one authorization check: the real sessionMode.authenticate() and
// jwtMode.authenticate() with an in-memory request context, next to the floor on the
// same bytes (one HMAC-SHA256 with node:crypto, one SQLite lookup), on a database with
// few stored logins and on one with many.
//
// Every figure that goes into a ratio is measured interleaved with its partner (blocks
// of A, B, A, B, …), so a neighbour's load that comes and goes hits both alike.
//
// Run by bench/run.ts as: node --conditions=react-server --import tsx bench/micro.ts CONFIG.json
// (the react-server condition makes the `server-only` marker resolve to its empty module).
import { createHash, createHmac } from "node:crypto";
import fs from "node:fs";
import Database from "better-sqlite3";
import type { SeedFixtures } from "./seed";
import { summarize, type Timing, timeAsync, timeSync } from "./stats";

export interface MicroConfig {
  small: { db: string; fixtures: string };
  large: { db: string; fixtures: string };
  out: string;
  sessionPassword: string;
  jwtSecret: string;
  iterations: number; // steady-state calls per figure
  firstSeen: number; // distinct credentials per first-seen figure
  kdfRuns: number; // 0: skip the password KDF
  purge: boolean; // run one purge pass on the large database and report it
}

export interface TraceSample {
  steps: import("@/lib/auth/types").AuthTrace["steps"];
  dbQueries: number;
  totalMs: number;
}

export interface CheckFigures {
  steady: Timing;
  first: Timing;
  /** The floor measured interleaved with `steady` (HMAC, or HMAC + indexed lookup). */
  floor: Timing;
  trace: TraceSample;
  firstTrace: TraceSample;
}

export interface MicroResult {
  rows: { small: SeedFixtures["counts"]; large: SeedFixtures["counts"] };
  floors: Record<"hmacJwt" | "hmacSeal" | "pkLookup" | "indexedLookup" | "hmacPlusLookup", Timing>;
  /** On the large database. */
  session: CheckFigures;
  jwt: CheckFigures;
  /** The same check on the small and the large database, measured interleaved. */
  scale: Record<"sessionSteady" | "sessionFirst" | "jwtSteady", { small: Timing; large: Timing }>;
  jwtDenylist: (CheckFigures & { active: boolean }) | null;
  kdf: { params: string; verify: Timing } | null;
  purge:
    | {
        result: Record<string, number>;
        totalMs: number;
        worstEventLoopGapMs: number;
        steps: { count: number; p50Ms: number; p99Ms: number; maxMs: number };
      }
    | { error: string }
    | null;
}

const cfg = JSON.parse(fs.readFileSync(process.argv[2] ?? "", "utf8")) as MicroConfig;
const fixtures = {
  small: JSON.parse(fs.readFileSync(cfg.small.fixtures, "utf8")) as SeedFixtures,
  large: JSON.parse(fs.readFileSync(cfg.large.fixtures, "utf8")) as SeedFixtures,
};
type Size = "small" | "large";

Object.assign(process.env, {
  DATABASE_PATH: cfg.large.db,
  SESSION_PASSWORD: cfg.sessionPassword,
  JWT_SECRET: cfg.jwtSecret,
  AUTHLAB_FAST_KDF: "1",
  AUTHLAB_DEMO: "0",
  JWT_DENYLIST: "off",
});

const { sessionMode } = await import("@/lib/auth/session/mode");
const { jwtMode } = await import("@/lib/auth/jwt/mode");
const { signAccessToken } = await import("@/lib/auth/jwt/access-token");
const { sessionPasswords } = await import("@/lib/auth/keys");
const { hashPassword, verifyPassword } = await import("@/lib/auth/password");
const { resetEnvForTests, env } = await import("@/lib/env");
const { MemoryBrowser } = await import("@/lib/test/memory-context");
const { getDb, closeDbForTests } = await import("@/db/client");
const { sealData } = await import("iron-session");
type AuthContext = import("@/lib/auth/context").AuthContext;
type AuthResult = import("@/lib/auth/types").AuthResult;

/** Points the app at one of the two databases (the next getDb() opens it). */
function switchDb(size: Size): void {
  closeDbForTests();
  process.env.DATABASE_PATH = cfg[size].db;
  resetEnvForTests();
  getDb();
}

function contextWith(cookies: Record<string, string>): AuthContext {
  const b = new MemoryBrowser();
  for (const [k, v] of Object.entries(cookies)) b.jar.set(k, v);
  return b.context();
}

function mustPass(r: AuthResult, what: string): void {
  if (!r.ok) throw new Error(`bench: ${what} did not authenticate (${r.code}): ${JSON.stringify(r.trace.steps)}`);
}

const traceOf = (r: AuthResult): TraceSample => ({ steps: r.trace.steps, dbQueries: r.trace.dbQueries, totalMs: r.trace.totalMs });

interface Side {
  fn: () => unknown;
  setup?: () => void;
}

/** Times blocks of each side in turn (A, B, A, B, …); returns each from about n samples. */
async function interleaved(sides: Side[], n: number, blocks = 10): Promise<Timing[]> {
  const per = Math.max(1, Math.floor(n / blocks));
  const samples = sides.map(() => [] as number[]);
  for (let k = 0; k < blocks; k++) {
    for (const [j, side] of sides.entries()) {
      side.setup?.();
      for (let i = 0; i < Math.min(300, per); i++) await side.fn(); // warm this block
      const into = samples[j] as number[];
      for (let i = 0; i < per; i++) {
        const t0 = performance.now();
        await side.fn();
        into.push(performance.now() - t0);
      }
    }
  }
  return samples.map(summarize);
}

const absoluteTtl = env().SESSION_ABSOLUTE_TTL;
const seal = (s: { token: string; absoluteExpiresAt: number }): Promise<string> =>
  // The same content signIn() seals (lib/auth/session-mode.ts, SealedSession).
  sealData({ t: s.token, a: s.absoluteExpiresAt }, { password: sessionPasswords(), ttl: absoluteTtl });

// ---- credentials ---------------------------------------------------------------------
const creds = {} as Record<Size, { steadySeal: string; firstSeals: string[]; userId: string; tokenHash: string; rowId: string }>;
for (const size of ["small", "large"] as const) {
  const known = fixtures[size].sessionTokens;
  if (known.length < cfg.firstSeen + 101) throw new Error(`bench: the ${size} fixtures hold too few session tokens`);
  const first = known[0] as (typeof known)[number];
  const tokenHash = createHash("sha256").update(first.token).digest("hex");
  const raw = new Database(cfg[size].db, { readonly: true, fileMustExist: true });
  const row = raw.prepare("SELECT id FROM sessions WHERE token_hash = ?").get(tokenHash) as { id: string } | undefined;
  raw.close();
  if (!row) throw new Error(`bench: the ${size} steady session row is missing`);
  creds[size] = {
    steadySeal: await seal(first),
    firstSeals: await Promise.all(known.slice(1, 1 + cfg.firstSeen + 100).map(seal)),
    userId: first.userId,
    tokenHash,
    rowId: row.id,
  };
}
const user = { id: creds.large.userId, username: "bench-user-0", role: "user" as const };
const { token: steadyJwt } = await signAccessToken(user, "bench-family", Date.now());
const freshJwts = async (n: number, tag: string): Promise<string[]> => {
  const out: string[] = [];
  for (let i = 0; i < n; i++) out.push((await signAccessToken(user, `${tag}-${i}`, Date.now())).token);
  return out;
};

// ---- floors ----------------------------------------------------------------------------
const jwtKey = Buffer.from(cfg.jwtSecret, "utf8");
const signingInput = steadyJwt.slice(0, steadyJwt.lastIndexOf("."));
const sessionKey = Buffer.from(cfg.sessionPassword, "utf8");
const floorDbs = {
  small: new Database(cfg.small.db, { readonly: true, fileMustExist: true }),
  large: new Database(cfg.large.db, { readonly: true, fileMustExist: true }),
};
const byHash = (size: Size) => floorDbs[size].prepare("SELECT * FROM sessions WHERE token_hash = ?");
const byId = floorDbs.large.prepare("SELECT * FROM sessions WHERE id = ?");
const lookupLarge = byHash("large");
const lookupSmall = byHash("small");
const hmacJwt = (): Buffer => createHmac("sha256", jwtKey).update(signingInput).digest();
const hmacPlusLookup = (size: Size) => {
  const stmt = size === "large" ? lookupLarge : lookupSmall;
  const h = creds[size].tokenHash;
  const s = creds[size].steadySeal;
  return (): unknown => {
    createHmac("sha256", sessionKey).update(s).digest();
    return stmt.get(h);
  };
};
const floors = {
  hmacJwt: timeSync(hmacJwt, cfg.iterations),
  hmacSeal: timeSync(() => createHmac("sha256", sessionKey).update(creds.large.steadySeal).digest(), cfg.iterations),
  pkLookup: timeSync(() => byId.get(creds.large.rowId), cfg.iterations),
  indexedLookup: timeSync(() => lookupLarge.get(creds.large.tokenHash), cfg.iterations),
  hmacPlusLookup: timeSync(hmacPlusLookup("large"), cfg.iterations),
};

// ---- session mode ----------------------------------------------------------------------
const sessionCtx = (size: Size): AuthContext => contextWith({ authlab_session: creds[size].steadySeal });

/** First seen: every call brings a seal this process has never opened (the first 100 warm the path, uncounted). */
async function sessionFirstSeen(size: Size): Promise<Timing> {
  switchDb(size);
  const ctxs = creds[size].firstSeals.map((s) => contextWith({ authlab_session: s }));
  for (let i = 0; i < 100; i++) mustPass(await sessionMode.authenticate(ctxs[i] as AuthContext), `a first-seen ${size} session`);
  return timeAsync((i) => sessionMode.authenticate(ctxs[i + 100] as AuthContext), ctxs.length - 100, 0);
}

async function sessionFigures(size: Size): Promise<CheckFigures> {
  switchDb(size);
  const ctx = sessionCtx(size);
  mustPass(await sessionMode.authenticate(ctx), `the ${size} steady session`);
  const [steady, floor] = (await interleaved(
    [{ fn: () => sessionMode.authenticate(ctx) }, { fn: hmacPlusLookup(size) }],
    cfg.iterations,
  )) as [Timing, Timing];
  const trace = traceOf(await sessionMode.authenticate(ctx));
  const first = await sessionFirstSeen(size);
  const firstTrace = traceOf(
    await sessionMode.authenticate(contextWith({ authlab_session: await seal(fixtures[size].sessionTokens.at(-1) as never) })),
  );
  return { steady, first, floor, trace, firstTrace };
}

// ---- JWT mode --------------------------------------------------------------------------
async function jwtFigures(size: Size, label: string): Promise<CheckFigures> {
  switchDb(size);
  const ctx = contextWith({ authlab_access: steadyJwt });
  mustPass(await jwtMode.authenticate(ctx), `${label}: the steady access token`);
  const denylist = env().JWT_DENYLIST === "on";
  const floorFn = denylist ? hmacPlusLookup(size) : hmacJwt;
  // The denylist check is ~30× slower: a quarter of the calls still gives a stable median.
  const n = denylist ? Math.ceil(cfg.iterations / 4) : cfg.iterations;
  const [steady, floor] = (await interleaved([{ fn: () => jwtMode.authenticate(ctx) }, { fn: floorFn }], n)) as [Timing, Timing];
  const trace = traceOf(await jwtMode.authenticate(ctx));
  const ctxs = (await freshJwts(cfg.firstSeen + 100, `${label}-${size}`)).map((t) => contextWith({ authlab_access: t }));
  for (let i = 0; i < 100; i++) mustPass(await jwtMode.authenticate(ctxs[i] as AuthContext), `${label}: a first-seen token`);
  const first = await timeAsync((i) => jwtMode.authenticate(ctxs[i + 100] as AuthContext), ctxs.length - 100, 0);
  const firstTrace = traceOf(await jwtMode.authenticate(contextWith({ authlab_access: (await freshJwts(1, `${label}-x`))[0] as string })));
  return { steady, first, floor, trace, firstTrace };
}

const session = await sessionFigures("large");
const jwt = await jwtFigures("large", "jwt");

// Scale: the same steady-state check against 1k and against 1M stored logins, interleaved.
const onSmall = { setup: () => switchDb("small") };
const onLarge = { setup: () => switchDb("large") };
const [sSmall, sLarge] = (await interleaved(
  [
    {
      ...onSmall,
      fn: (
        (c) => () =>
          sessionMode.authenticate(c)
      )(sessionCtx("small")),
    },
    {
      ...onLarge,
      fn: (
        (c) => () =>
          sessionMode.authenticate(c)
      )(sessionCtx("large")),
    },
  ],
  cfg.iterations,
)) as [Timing, Timing];
const jwtCtx = contextWith({ authlab_access: steadyJwt });
const [jSmall, jLarge] = (await interleaved(
  [
    { ...onSmall, fn: () => jwtMode.authenticate(jwtCtx) },
    { ...onLarge, fn: () => jwtMode.authenticate(jwtCtx) },
  ],
  cfg.iterations,
)) as [Timing, Timing];
const scale: MicroResult["scale"] = {
  sessionSteady: { small: sSmall, large: sLarge },
  sessionFirst: { small: await sessionFirstSeen("small"), large: session.first },
  jwtSteady: { small: jSmall, large: jLarge },
};

process.env.JWT_DENYLIST = "on";
resetEnvForTests();
const denyFigures = await jwtFigures("large", "jwt+denylist");
// Is there a denylist that reads anything? (Before it existed, the flag did nothing.)
const jwtDenylist = {
  ...denyFigures,
  active: denyFigures.trace.dbQueries > 0 || denyFigures.trace.steps.some((s) => s.id === "denylist_lookup"),
};
process.env.JWT_DENYLIST = "off";
resetEnvForTests();
floorDbs.small.close();
floorDbs.large.close();

// ---- the password KDF (what bounds POST /api/auth/login) -------------------------------
let kdf: MicroResult["kdf"] = null;
if (cfg.kdfRuns > 0) {
  process.env.AUTHLAB_FAST_KDF = "0";
  resetEnvForTests();
  const strong = await hashPassword("bench-kdf-password");
  const verify = await timeAsync(() => verifyPassword("bench-kdf-password", strong), cfg.kdfRuns, 1);
  kdf = { params: strong.split("$").slice(0, 4).join("$"), verify };
  process.env.AUTHLAB_FAST_KDF = "1";
  resetEnvForTests();
}

// ---- purge of the ended rows the seed left in the large database -----------------------
let purge: MicroResult["purge"] = null;
if (cfg.purge) {
  switchDb("large");
  try {
    const { purgeExpired } = await import("@/lib/auth/purge");
    // Event-loop stall: the longest gap a 1 ms ticker sees while the purge runs.
    let last = performance.now();
    let worst = 0;
    const ticker = setInterval(() => {
      const t = performance.now();
      worst = Math.max(worst, t - last);
      last = t;
    }, 1);
    const t0 = performance.now();
    const stepMs: number[] = [];
    // One pass as the schedule runs it: every row past its expiry (by index), and the
    // revoked/idle-expired ones among the PURGE_SWEEP_ROWS_PER_PASS rows of each table it walks.
    const result = await purgeExpired(undefined, { onStep: (ms) => stepMs.push(ms) });
    const totalMs = performance.now() - t0;
    clearInterval(ticker);
    const st = summarize(stepMs);
    const r1 = (v: number): number => Math.round(v * 10) / 10;
    purge = {
      result: { ...result, longestBatchMs: r1(result.longestBatchMs), ms: Math.round(result.ms) },
      totalMs: Math.round(totalMs),
      worstEventLoopGapMs: r1(worst),
      steps: { count: st.n, p50Ms: r1(st.medianUs / 1000), p99Ms: r1(st.p99Us / 1000), maxMs: r1(result.longestBatchMs) },
    };
  } catch (err) {
    purge = { error: String((err as Error).message ?? err) };
  }
}

const result: MicroResult = {
  rows: { small: fixtures.small.counts, large: fixtures.large.counts },
  floors,
  session,
  jwt,
  scale,
  jwtDenylist,
  kdf,
  purge,
};
fs.writeFileSync(cfg.out, JSON.stringify(result, null, 2));
closeDbForTests(); // checkpoints the WAL, so the server starts on a tidy file
process.exit(0);
