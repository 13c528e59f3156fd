// Builds a throwaway database full of logins for the benchmark: users, session rows and
// refresh-token rows, most live, a few long dead (so the purge has work), plus a few
// hundred credentials whose plaintext the benchmark keeps so it can present them.
//
// Runs outside Next and without the app's modules: plain better-sqlite3 and drizzle's
// migrator over db/migrations, so the schema is exactly the app's.
import { createHash, randomBytes, scrypt } from "node:crypto";
import fs from "node:fs";
import path from "node:path";
import Database from "better-sqlite3";
import { drizzle } from "drizzle-orm/better-sqlite3";
import { migrate } from "drizzle-orm/better-sqlite3/migrator";

export interface SeedOptions {
  file: string;
  users: number;
  sessions: number;
  refreshTokens: number;
  /** Session rows whose plaintext token the benchmark keeps (first-seen checks). */
  knownSessions: number;
  /** Refresh tokens the benchmark keeps, each its own family (POST /api/auth/refresh). */
  knownRefresh: number;
  /** Also hash one account's password at OWASP parameters (the login benchmark). */
  strongUser: boolean;
  now: number;
}

export interface SeedFixtures {
  file: string;
  now: number;
  counts: { users: number; sessions: number; refreshTokens: number };
  purgeable: { sessions: number; refreshTokens: number };
  password: string; // every bench user's password (hashed with the fast KDF)
  usernames: string[]; // a few bench users, to log in with
  strongUser: { username: string; password: string } | null; // hashed at OWASP parameters
  sessionTokens: { token: string; absoluteExpiresAt: number; userId: string }[];
  refreshTokens: string[];
  ms: number;
}

const DAY = 86_400_000;
const BENCH_PASSWORD = "bench-password-1";
const STRONG_PASSWORD = "bench-strong-password-1";

function scryptHash(password: string, N: number): Promise<string> {
  const salt = randomBytes(16);
  return new Promise((resolve, reject) =>
    scrypt(password.normalize("NFKC"), salt, 32, { N, r: 8, p: 1, maxmem: 256 * 1024 * 1024 }, (err, key) =>
      err ? reject(err) : resolve(`scrypt$${N}$8$1$${salt.toString("base64url")}$${key.toString("base64url")}`),
    ),
  );
}

/** A UUID-shaped id that sorts by `i`, so bulk inserts append to the primary-key index. */
function seqId(prefix: string, i: number): string {
  return `${prefix}-0000-4000-8000-${i.toString(16).padStart(12, "0")}`;
}

/** Secondary indexes are dropped while rows go in and rebuilt after: much faster. */
function withIndexesDropped(db: Database.Database, tables: string[], fill: () => void): void {
  const placeholders = tables.map(() => "?").join(",");
  const indexes = db
    .prepare(`SELECT name, sql FROM sqlite_master WHERE type = 'index' AND sql IS NOT NULL AND tbl_name IN (${placeholders})`)
    .all(...tables) as { name: string; sql: string }[];
  for (const ix of indexes) db.exec(`DROP INDEX "${ix.name}"`);
  fill();
  for (const ix of indexes) db.exec(ix.sql);
}

export async function seedDatabase(o: SeedOptions): Promise<SeedFixtures> {
  const t0 = performance.now();
  fs.mkdirSync(path.dirname(o.file), { recursive: true });
  for (const suffix of ["", "-wal", "-shm"]) fs.rmSync(o.file + suffix, { force: true });

  const sqlite = new Database(o.file);
  migrate(drizzle(sqlite), { migrationsFolder: path.join(process.cwd(), "db", "migrations") });
  // A throwaway file: no journal, no fsync, a big page cache while it fills.
  sqlite.pragma("journal_mode = OFF");
  sqlite.pragma("synchronous = OFF");
  sqlite.pragma("cache_size = -262144");
  sqlite.pragma("temp_store = MEMORY");

  const now = o.now;
  const fastHash = await scryptHash(BENCH_PASSWORD, 2 ** 10);
  const strongHash = o.strongUser ? await scryptHash(STRONG_PASSWORD, 2 ** 17) : null;

  const userIds: string[] = new Array(o.users);
  const insertUser = sqlite.prepare(
    "INSERT INTO users (id, username, password_hash, preferred_mode, concurrent_logins, role, created_at) VALUES (?, ?, ?, ?, 'many', 'user', ?)",
  );
  sqlite.transaction(() => {
    for (let i = 0; i < o.users; i++) {
      const id = seqId("b0000000", i);
      userIds[i] = id;
      insertUser.run(id, `bench-user-${i}`, fastHash, i % 2 ? "jwt" : "session", now - 30 * DAY);
    }
    if (strongHash) insertUser.run(seqId("b000000f", 0), "bench-strong", strongHash, "session", now - 30 * DAY);
  })();
  const userOf = (i: number): string => userIds[i % o.users] as string;

  // Row i's fate: 0.5% ended by absolute expiry two days ago, 0.5% revoked two days ago,
  // the rest live. Known (plaintext-kept) rows are always live.
  const fate = (i: number): "live" | "expired" | "revoked" => (i % 200 === 7 ? "expired" : i % 200 === 131 ? "revoked" : "live");
  const purgeable = { sessions: 0, refreshTokens: 0 };

  const sessionTokens: SeedFixtures["sessionTokens"] = [];
  const refreshTokens: string[] = [];
  const knownSessionEvery = Math.max(1, Math.floor(o.sessions / Math.max(1, o.knownSessions)));

  withIndexesDropped(sqlite, ["sessions", "refresh_tokens"], () => {
    const insertSession = sqlite.prepare(
      "INSERT INTO sessions (id, token_hash, user_id, created_at, last_seen_at, idle_expires_at, absolute_expires_at, user_agent, ip, revoked_at, revoked_reason) VALUES (?, ?, ?, ?, ?, ?, ?, 'bench-agent/1.0', '10.0.0.1', ?, ?)",
    );
    const BATCH = 50_000;
    for (let start = 0; start < o.sessions; start += BATCH) {
      const end = Math.min(o.sessions, start + BATCH);
      const random = randomBytes(32 * (end - start));
      sqlite.transaction(() => {
        for (let i = start; i < end; i++) {
          const known = sessionTokens.length < o.knownSessions && i % knownSessionEvery === 3 % knownSessionEvery;
          let tokenHash: string;
          if (known) {
            const token = random.subarray((i - start) * 32, (i - start + 1) * 32).toString("base64url");
            tokenHash = createHash("sha256").update(token).digest("hex");
            sessionTokens.push({ token, absoluteExpiresAt: 0, userId: userOf(i) });
          } else {
            tokenHash = random.subarray((i - start) * 32, (i - start + 1) * 32).toString("hex");
          }
          const f = known ? "live" : fate(i);
          const created = f === "expired" ? now - 9 * DAY : now - ((i * 7919) % (6 * DAY));
          const absolute = created + 7 * DAY;
          if (known) (sessionTokens.at(-1) as { absoluteExpiresAt: number }).absoluteExpiresAt = absolute;
          if (f !== "live") purgeable.sessions++;
          insertSession.run(
            seqId("c0000000", i),
            tokenHash,
            userOf(i),
            created,
            // Live rows were "last seen" ahead of now, so the once-a-minute last-seen write
            // stays out of the timed loops (it is a write, not part of the check).
            f === "live" ? now + 10 * 60_000 : created,
            f === "live" ? now + 30 * 60_000 : created + 30 * 60_000,
            absolute,
            f === "revoked" ? now - 2 * DAY : null,
            f === "revoked" ? "bench" : null,
          );
        }
      })();
    }

    const insertRefresh = sqlite.prepare(
      "INSERT INTO refresh_tokens (id, token_hash, family_id, parent_id, user_id, issued_at, expires_at, used_at, revoked_at, revoked_reason, user_agent, ip) VALUES (?, ?, ?, NULL, ?, ?, ?, ?, ?, ?, 'bench-agent/1.0', '10.0.0.1')",
    );
    const total = o.refreshTokens + o.knownRefresh;
    for (let start = 0; start < total; start += BATCH) {
      const end = Math.min(total, start + BATCH);
      const random = randomBytes(32 * (end - start));
      sqlite.transaction(() => {
        for (let i = start; i < end; i++) {
          const known = i >= o.refreshTokens;
          const bytes = random.subarray((i - start) * 32, (i - start + 1) * 32);
          let tokenHash: string;
          if (known) {
            const token = bytes.toString("base64url");
            tokenHash = createHash("sha256").update(token).digest("hex");
            refreshTokens.push(token);
          } else {
            tokenHash = bytes.toString("hex");
          }
          const f = known ? "live" : fate(i);
          // Families of four: three rotated (used) rows and the current one.
          const family = known ? i : i - (i % 4);
          const current = known || i % 4 === 3;
          const issued = f === "expired" ? now - 16 * DAY : now - ((i * 7919) % (13 * DAY));
          if (f !== "live") purgeable.refreshTokens++;
          insertRefresh.run(
            seqId("d0000000", i),
            tokenHash,
            seqId("e0000000", family),
            userOf(i),
            issued,
            issued + 14 * DAY,
            current || f !== "live" ? null : issued + 300_000,
            f === "revoked" ? now - 2 * DAY : null,
            f === "revoked" ? "bench" : null,
          );
        }
      })();
    }
  });

  sqlite.pragma("journal_mode = WAL");
  sqlite.close();

  return {
    file: o.file,
    now,
    counts: { users: o.users, sessions: o.sessions, refreshTokens: total(o) },
    purgeable,
    password: BENCH_PASSWORD,
    usernames: Array.from({ length: Math.min(8, o.users) }, (_, i) => `bench-user-${i}`),
    strongUser: strongHash ? { username: "bench-strong", password: STRONG_PASSWORD } : null,
    sessionTokens,
    refreshTokens,
    ms: performance.now() - t0,
  };
}

function total(o: SeedOptions): number {
  return o.refreshTokens + o.knownRefresh;
}
