import http from "node:http";
import Database from "better-sqlite3";

// The load generator: N simulated users, each in a loop of rounds
//   login → several GET /api/me → refresh (JWT) or inspect (session) → /api/me → logout
// alternating modes between rounds, for a fixed time (a round under way when time is up
// is finished), on loopback only. Plain node:http
// with a keep-alive pool, bounded in users and time, stops by itself. It counts what the
// server must have written, so the database can be checked against it afterwards.

export type Mode = "session" | "jwt";
export type Step = "login" | "me" | "refresh" | "inspect" | "logout";

export interface Account {
  username: string;
  password: string;
}

export interface LoadOptions {
  base: string;
  accounts: Account[];
  users: number;
  durationMs: number;
  meCalls?: number;
  modes?: Mode[];
  /** Users start evenly spread over this time (default: a quarter of the run, at most 5 s). */
  rampUpMs?: number;
  /**
   * When it fires, users stop where they are, mid-round (the crash test kills the server).
   * At the deadline, by contrast, each user finishes the round it is in, so every login
   * the run made is also logged out.
   */
  stop?: Promise<void>;
  /**
   * Behind a balancer (the cluster test): a request that no instance answered (no
   * connection, the connection dropped, or the balancer's own 5xx without
   * X-AuthLab-Instance: the instance died under it) is counted in `lost` and sent again,
   * as a client retries after a network error. Without it, the user stops there.
   */
  retryLost?: boolean;
}

/** One simulated user's browser: its cookies and what it was doing last. */
export interface VirtualUser {
  index: number;
  mode: Mode;
  cookies: Map<string, string>;
  loggedIn: boolean;
  /** The request in flight when the run stopped, if any. */
  pending: Step | null;
  /** The last step that needed a second try (retryLost), until the next step. */
  retried?: Step | null;
}

export interface LoadReport {
  users: number;
  durationMs: number;
  requests: number;
  statuses: Record<string, number>;
  fiveXX: number;
  /** 503 busy answers (the hashing queue was full): deliberate, counted apart from errors, retried. */
  busy: number;
  /** Answers other than the one each step expects (e.g. a 401 on /api/me), with a sample. */
  unexpected: Array<{ step: Step; status: number; body: string }>;
  networkErrors: Array<{ step: Step; error: string }>;
  /** With `retryLost`: requests no instance answered, each then sent again (ms since the run began). */
  lost: Array<{ step: Step; atMs: number; status: number; error?: string }>;
  /** With `retryLost`: refreshes retried after a lost answer that the server took as a grace-window repeat (rotated: false). */
  graceRetries: number;
  /** Answers per instance (X-AuthLab-Instance), "none" when none said. */
  byInstance: Record<string, number>;
  latencyMs: Record<Step | "all", { count: number; p50: number; p99: number; max: number }>;
  writes: { sessionLogins: number; jwtLogins: number; rotations: number; sessionLogouts: number; jwtLogouts: number };
  vus: VirtualUser[];
}

const CREDENTIALS = ["authlab_session", "authlab_access", "authlab_refresh"];

export function applySetCookies(jar: Map<string, string>, lines: string[] | undefined): void {
  for (const line of lines ?? []) {
    const [pair = ""] = line.split(";");
    const eq = pair.indexOf("=");
    const name = pair.slice(0, eq).trim();
    const value = pair.slice(eq + 1).trim();
    if (value === "" || /max-age=0\b/i.test(line)) jar.delete(name);
    else jar.set(name, value);
  }
}

/** What a browser would send to `path` (the refresh cookie is scoped to /api/auth). */
function cookieHeader(jar: Map<string, string>, path: string): string {
  return [...jar]
    .filter(([name]) => name !== "authlab_refresh" || path.startsWith("/api/auth"))
    .map(([k, v]) => `${k}=${v}`)
    .join("; ");
}

interface Answer {
  status: number;
  body: string;
  setCookies?: string[];
  retryAfter?: string;
  instance?: string;
}

export function request(
  agent: http.Agent,
  base: string,
  method: string,
  path: string,
  jar: Map<string, string>,
  json?: unknown,
  extraHeaders: Record<string, string> = {},
): Promise<Answer> {
  const body = json === undefined ? undefined : JSON.stringify(json);
  const headers: Record<string, string> = { accept: "application/json", "user-agent": "authlab-load", ...extraHeaders };
  const cookie = cookieHeader(jar, path);
  if (cookie) headers.cookie = cookie;
  if (body !== undefined) {
    headers["content-type"] = "application/json";
    headers["content-length"] = String(Buffer.byteLength(body));
  }
  return new Promise((resolve, reject) => {
    const req = http.request(`${base}${path}`, { method, headers, agent }, (res) => {
      let text = "";
      res.setEncoding("utf8");
      res.on("data", (d: string) => {
        text += d;
      });
      res.on("end", () =>
        resolve({
          status: res.statusCode ?? 0,
          body: text,
          setCookies: res.headers["set-cookie"],
          retryAfter: res.headers["retry-after"],
          instance: res.headers["x-authlab-instance"] as string | undefined,
        }),
      );
      res.on("error", reject);
    });
    req.setTimeout(60_000, () => req.destroy(new Error("no answer within 60 s")));
    req.on("error", reject);
    req.end(body);
  });
}

export function percentile(sorted: number[], p: number): number {
  if (sorted.length === 0) return 0;
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] as number;
}

export async function runLoad(opts: LoadOptions): Promise<LoadReport> {
  const meCalls = opts.meCalls ?? 3;
  const rampUpMs = opts.rampUpMs ?? Math.min(5000, opts.durationMs / 4);
  const modes = opts.modes ?? ["session", "jwt"];
  const agent = new http.Agent({ keepAlive: true, maxSockets: opts.users, keepAliveMsecs: 1000 });
  const started = Date.now();
  const deadline = started + opts.durationMs;
  let stopped = false;
  void opts.stop?.then(() => {
    stopped = true;
  });
  const timeUp = () => stopped || Date.now() >= deadline;

  const latency: Record<string, number[]> = { login: [], me: [], refresh: [], inspect: [], logout: [] };
  const statuses: Record<string, number> = {};
  const report: LoadReport = {
    users: opts.users,
    durationMs: 0,
    requests: 0,
    statuses,
    fiveXX: 0,
    busy: 0,
    unexpected: [],
    networkErrors: [],
    lost: [],
    graceRetries: 0,
    byInstance: {},
    latencyMs: {} as LoadReport["latencyMs"],
    writes: { sessionLogins: 0, jwtLogins: 0, rotations: 0, sessionLogouts: 0, jwtLogouts: 0 },
    vus: [],
  };

  /** One request of one user; null when the run was stopped under it (the crash test). */
  async function step(vu: VirtualUser, s: Step, method: string, path: string, expect: number, json?: unknown): Promise<Answer | null> {
    vu.pending = s;
    vu.retried = null;
    const t0 = performance.now();
    let answer: Answer;
    for (let attempt = 0; ; attempt += 1) {
      try {
        // Each simulated user is its own client, as it was at sign-up: two hundred people
        // behind one address would (rightly) meet the per-network login ceiling.
        answer = await request(agent, opts.base, method, path, vu.cookies, json, { "x-forwarded-for": clientAddress(vu.index) });
      } catch (err) {
        if (opts.retryLost && attempt < 5 && !stopped) {
          report.lost.push({ step: s, atMs: Date.now() - started, status: 0, error: (err as Error).message });
          await new Promise((r) => setTimeout(r, 250));
          continue;
        }
        if (!stopped) report.networkErrors.push({ step: s, error: (err as Error).message });
        return null; // pending stays set: the outcome is unknown
      }
      // The balancer's own answer (no instance named itself): the instance died under it.
      if (opts.retryLost && attempt < 5 && answer.status >= 500 && !answer.instance) {
        report.lost.push({ step: s, atMs: Date.now() - started, status: answer.status });
        await new Promise((r) => setTimeout(r, 250));
        continue;
      }
      if (attempt > 0) vu.retried = s;
      break;
    }
    vu.pending = null;
    const who = answer.instance ?? "none";
    report.byInstance[who] = (report.byInstance[who] ?? 0) + 1;
    report.requests += 1;
    latency[s]?.push(performance.now() - t0);
    statuses[answer.status] = (statuses[answer.status] ?? 0) + 1;
    // 503 busy is the one deliberate 5xx (a full hashing queue): counted apart, retried.
    const busy = answer.status === 503 && answer.body.includes('"busy"');
    if (busy) report.busy += 1;
    else if (answer.status >= 500) report.fiveXX += 1;
    if (answer.status !== expect && !busy && report.unexpected.length < 50)
      report.unexpected.push({ step: s, status: answer.status, body: answer.body.slice(0, 200) });
    applySetCookies(vu.cookies, answer.setCookies);
    return answer;
  }

  async function user(vu: VirtualUser, account: Account): Promise<void> {
    // Users arrive over the ramp-up, not all in the same millisecond (as k6's ramping VUs).
    await new Promise((r) => setTimeout(r, (vu.index * rampUpMs) / opts.users));
    for (let round = 0; !timeUp(); round += 1) {
      vu.mode = modes[(vu.index + round) % modes.length] as Mode;
      let login: Answer | null = null;
      for (;;) {
        login = await step(vu, "login", "POST", "/api/auth/login", 200, {
          username: account.username,
          password: account.password,
          mode: vu.mode,
        });
        if (login?.status !== 503 || timeUp()) break;
        await new Promise((r) => setTimeout(r, 1000 * Number(login?.retryAfter ?? 1)));
      }
      if (login?.status !== 200) return;
      vu.loggedIn = true;
      if (vu.mode === "session") report.writes.sessionLogins += 1;
      else report.writes.jwtLogins += 1;
      for (let i = 0; i < meCalls; i += 1) if (!(await step(vu, "me", "GET", "/api/me", 200))) return;
      if (stopped) return;
      if (vu.mode === "jwt") {
        const r = await step(vu, "refresh", "POST", "/api/auth/refresh", 200);
        if (!r) return;
        const rotated = r.status === 200 && (JSON.parse(r.body) as { rotated?: boolean }).rotated;
        if (rotated) report.writes.rotations += 1;
        // Sent twice: the first try may have rotated without the answer arriving, and the
        // second was then a repeat within the grace window (an access token, no new refresh token).
        else if (r.status === 200 && vu.retried === "refresh") report.graceRetries += 1;
      } else if (!(await step(vu, "inspect", "GET", "/api/auth/inspect", 200))) return;
      if (!(await step(vu, "me", "GET", "/api/me", 200))) return;
      if (stopped) return;
      const out = await step(vu, "logout", "POST", "/api/auth/logout", 200);
      if (!out) return;
      vu.loggedIn = false;
      if (vu.mode === "session") report.writes.sessionLogouts += 1;
      else report.writes.jwtLogouts += 1;
      if (vu.cookies.size > 0 && [...vu.cookies.keys()].some((k) => CREDENTIALS.includes(k))) {
        report.unexpected.push({ step: "logout", status: out.status, body: "credential cookies left after logout" });
      }
    }
  }

  const vus: VirtualUser[] = Array.from({ length: opts.users }, (_, index) => ({
    index,
    mode: "session",
    cookies: new Map(),
    loggedIn: false,
    pending: null,
  }));
  await Promise.all(vus.map((vu) => user(vu, opts.accounts[vu.index % opts.accounts.length] as Account)));
  agent.destroy();

  report.durationMs = Date.now() - started;
  const all: number[] = [];
  for (const [s, xs] of Object.entries(latency)) {
    xs.sort((a, b) => a - b);
    all.push(...xs);
    report.latencyMs[s as Step] = { count: xs.length, p50: percentile(xs, 50), p99: percentile(xs, 99), max: xs.at(-1) ?? 0 };
  }
  all.sort((a, b) => a - b);
  report.latencyMs.all = { count: all.length, p50: percentile(all, 50), p99: percentile(all, 99), max: all.at(-1) ?? 0 };
  report.vus = vus;
  return report;
}

export function formatReport(title: string, r: LoadReport): string {
  const rows = (["login", "me", "refresh", "inspect", "logout", "all"] as const).map((s) => {
    const l = r.latencyMs[s];
    return `  ${s.padEnd(8)} ${String(l.count).padStart(7)}  p50 ${l.p50.toFixed(1).padStart(7)} ms  p99 ${l.p99.toFixed(1).padStart(7)} ms  max ${l.max.toFixed(0).padStart(6)} ms`;
  });
  return [
    `${title}: ${r.users} users, ${(r.durationMs / 1000).toFixed(1)} s, ${r.requests} requests (${((r.requests / r.durationMs) * 1000).toFixed(0)}/s), 5xx: ${r.fiveXX}, busy (retried): ${r.busy}, network errors: ${r.networkErrors.length}`,
    `  statuses ${JSON.stringify(r.statuses)}; writes ${JSON.stringify(r.writes)}`,
    ...rows,
  ].join("\n");
}

// ---------------------------------------------------------------------------------
// Afterwards: the database must be exactly what the answers said.

export interface DbCheck {
  integrity: string;
  sessions: number;
  revokedSessions: number;
  refreshRows: number;
  families: number;
  revokedFamilies: number;
  /** Live families without exactly one current (unused, unrevoked) token. */
  badLiveFamilies: string[];
  /** Families whose rows are not one chain (one root, every parent in the family, every non-head used). */
  brokenChains: string[];
  /** Revoked families that still have an unrevoked row (half-revoked). */
  halfRevoked: string[];
  duplicateHashes: number;
}

export function checkDatabase(dbFile: string, userIds: string[]): DbCheck {
  const db = new Database(dbFile, { readonly: true, fileMustExist: true });
  try {
    const ids = JSON.stringify(userIds);
    const inUsers = "user_id IN (SELECT value FROM json_each(?))";
    const one = <T>(sql: string, ...p: unknown[]) => db.prepare(sql).get(...p) as T;
    const integrity = (db.pragma("integrity_check") as Array<{ integrity_check: string }>).map((r) => r.integrity_check).join(", ");
    const rows = db
      .prepare(`SELECT id, family_id, parent_id, used_at, revoked_at FROM refresh_tokens WHERE ${inUsers} ORDER BY issued_at`)
      .all(ids) as RefreshRow[];
    return {
      integrity,
      sessions: one<{ n: number }>(`SELECT count(*) AS n FROM sessions WHERE ${inUsers}`, ids).n,
      revokedSessions: one<{ n: number }>(`SELECT count(*) AS n FROM sessions WHERE ${inUsers} AND revoked_at IS NOT NULL`, ids).n,
      ...auditFamilies(rows),
      duplicateHashes:
        one<{ n: number }>("SELECT count(*) - count(DISTINCT token_hash) AS n FROM refresh_tokens").n +
        one<{ n: number }>("SELECT count(*) - count(DISTINCT token_hash) AS n FROM sessions").n,
    };
  } finally {
    db.close();
  }
}

export interface RefreshRow {
  id: string;
  family_id: string;
  parent_id: string | null;
  used_at: number | null;
  revoked_at: number | null;
}

/** The refresh families' shape, whichever store the rows came from (SQLite here, PostgreSQL in pg-audit.ts). */
export function auditFamilies(
  rows: RefreshRow[],
): Pick<DbCheck, "refreshRows" | "families" | "revokedFamilies" | "badLiveFamilies" | "brokenChains" | "halfRevoked"> {
  const byFamily = new Map<string, typeof rows>();
  for (const r of rows) byFamily.set(r.family_id, [...(byFamily.get(r.family_id) ?? []), r]);
  const badLiveFamilies: string[] = [];
  const brokenChains: string[] = [];
  const halfRevoked: string[] = [];
  let revokedFamilies = 0;
  for (const [fid, fam] of byFamily) {
    const revoked = fam.filter((r) => r.revoked_at !== null).length;
    if (revoked > 0) {
      revokedFamilies += 1;
      if (revoked !== fam.length) halfRevoked.push(fid);
    } else if (fam.filter((r) => r.used_at === null).length !== 1) {
      badLiveFamilies.push(fid);
    }
    const famIds = new Set(fam.map((r) => r.id));
    const roots = fam.filter((r) => r.parent_id === null);
    const children = new Map<string, number>();
    for (const r of fam) if (r.parent_id) children.set(r.parent_id, (children.get(r.parent_id) ?? 0) + 1);
    const chainOk =
      roots.length === 1 &&
      fam.every((r) => r.parent_id === null || famIds.has(r.parent_id)) &&
      [...children.values()].every((n) => n === 1) &&
      fam.every((r) => !children.has(r.id) || r.used_at !== null);
    if (!chainOk) brokenChains.push(fid);
  }
  return { refreshRows: rows.length, families: byFamily.size, revokedFamilies, badLiveFamilies, brokenChains, halfRevoked };
}

/** The address user `i` sends from (TEST-NET 198.18.0.0/15, trusted as one proxy hop). */
export function clientAddress(i: number): string {
  return `198.18.${(i >> 8) & 255}.${i & 255}`;
}

/** Creates `n` accounts through the API, a few at a time. */
export async function createAccounts(base: string, n: number, prefix: string): Promise<Array<Account & { id: string }>> {
  const agent = new http.Agent({ keepAlive: true, maxSockets: 8 });
  const out: Array<Account & { id: string }> = [];
  try {
    for (let i = 0; i < n; i += 8) {
      const batch = Array.from({ length: Math.min(8, n - i) }, (_, j) => ({
        username: `${prefix}-${i + j}`,
        password: `load-pass-${i + j}`,
      }));
      // One client per account (the load servers trust one proxy hop): sign-up is throttled
      // per client. A 503 busy (real scrypt, a full hashing queue) is retried after its
      // Retry-After, as a well-behaved client does.
      const answers = await Promise.all(
        batch.map(async (a, j) => {
          for (;;) {
            const ans = await request(agent, base, "POST", "/api/auth/signup", new Map(), a, {
              "x-forwarded-for": clientAddress(i + j),
            });
            if (ans.status !== 503) return ans;
            await new Promise((resolve) => setTimeout(resolve, 1000 * Number(ans.retryAfter ?? 1)));
          }
        }),
      );
      answers.forEach((ans, j) => {
        if (ans.status !== 201) throw new Error(`signup failed: ${ans.status} ${ans.body}`);
        out.push({ ...(batch[j] as Account), id: (JSON.parse(ans.body) as { user: { id: string } }).user.id });
      });
    }
  } finally {
    agent.destroy();
  }
  return out;
}
