import type { AuthEventRow, JwtDenylistRow, RefreshTokenRow, SessionRow, UserRow } from "../schema";

// The data layer's contract: every query the app runs, and nothing else. It takes and
// returns rows; it stores hashes it is given and never mints, hashes or checks a token
// (that is the modes' job). It is async, so the embedded SQLite file and a shared
// PostgreSQL server can sit behind the same calls, and it has a transaction, because
// rotation and ending a login must be atomic (docs/decisions/034-one-data-layer.md).

/** A user without the password hash: what every query that feeds a page or response returns. */
export type UserRecord = Omit<UserRow, "passwordHash">;

/** The user columns a session or refresh lookup joins in (what authorization needs). */
export interface UserRef {
  id: string;
  username: string;
  role: UserRow["role"];
}

export interface UsersTable {
  byId(id: string): Promise<UserRecord | undefined>;
  byUsername(username: string): Promise<UserRecord | undefined>;
  passwordHash(id: string): Promise<string | undefined>;
  /** Throws UsernameTakenError when the (normalised) name exists. */
  insert(row: UserRow): Promise<void>;
  update(id: string, patch: Partial<Pick<UserRow, "preferredMode" | "concurrentLogins" | "passwordHash" | "role">>): Promise<void>;
  list(limit: number): Promise<UserRecord[]>;
}

export interface SessionsTable {
  insert(row: SessionRow): Promise<void>;
  /** The hot path: one indexed lookup by the token's hash, with its user. */
  findByTokenHash(tokenHash: string): Promise<{ session: SessionRow; user: UserRef } | undefined>;
  byId(id: string): Promise<SessionRow | undefined>;
  /** Slides the idle expiry (the caller throttles how often). */
  touch(id: string, lastSeenAt: number, idleExpiresAt: number): Promise<void>;
  /** Marks one live session revoked; false when it was already ended or is unknown. */
  revoke(id: string, reason: string, at: number): Promise<boolean>;
  /** Live at `at`: not revoked, neither idle- nor absolutely expired. */
  listLive(userId: string, at: number): Promise<SessionRow[]>;
  /** Recent rows of a user, newest first, live or ended. */
  listRecent(userId: string, limit: number): Promise<SessionRow[]>;
}

export interface RefreshTokensTable {
  insert(row: RefreshTokenRow): Promise<void>;
  findByTokenHash(tokenHash: string): Promise<{ row: RefreshTokenRow; user: UserRef } | undefined>;
  /** Marks the token used if nobody did yet (`used_at IS NULL`): true for exactly one caller. */
  claim(id: string, at: number): Promise<boolean>;
  markAccessIssued(id: string, at: number): Promise<void>;
  /** Revokes every unrevoked token of the family; returns how many. */
  revokeFamily(familyId: string, reason: string, at: number): Promise<number>;
  listFamily(familyId: string): Promise<RefreshTokenRow[]>;
  /** The user of a family (undefined: no such family). */
  familyOwner(familyId: string): Promise<string | undefined>;
  /** The unused, unrevoked, unexpired token that heads each live family of a user. */
  liveHeads(userId: string, at: number): Promise<RefreshTokenRow[]>;
  /** Is the family still holding a usable head at `at`? */
  familyLive(familyId: string, at: number): Promise<boolean>;
  /** When the family's last access token was signed (its exposure ends ACCESS_TOKEN_TTL later). */
  lastAccessIssuedAt(familyId: string): Promise<number | null>;
  listRecent(userId: string, limit: number): Promise<RefreshTokenRow[]>;
}

export interface NewAuthEvent {
  at: number;
  type: string;
  userId: string | null;
  mode: string | null;
  ip: string | null;
  userAgent: string | null;
  detail: string; // JSON, never a token, password or secret
}

export interface EventsTable {
  /**
   * Appends one event; with `aggregateWithinMs`, a repeat of the same (type, user, client,
   * mode) less than that long after the last one updates that row's count instead.
   */
  append(e: NewAuthEvent, aggregateWithinMs?: number): Promise<void>;
  listByUser(userId: string, limit: number): Promise<AuthEventRow[]>;
  listByUserAndTypes(userId: string, types: readonly string[], opts: { mode?: string; limit: number }): Promise<AuthEventRow[]>;
}

export interface DenylistTable {
  /** Adds an entry unless its key is there already. */
  add(row: JwtDenylistRow): Promise<void>;
  /** One indexed lookup: an entry for either key still in force at `at`. */
  find(keys: readonly [string, string], at: number): Promise<Pick<JwtDenylistRow, "key" | "revokedAt" | "reason"> | undefined>;
  listInForce(at: number): Promise<JwtDenylistRow[]>;
  deleteExpired(at: number): Promise<number>;
}

/** Failed attempts per rate-limit key (lib/auth/rate-limit.ts owns the policy). */
export interface RateLimitsTable {
  /** Counts one failure at `at`, keeping only this key's newest `keep` rows after `windowStart`. */
  add(key: string, at: number, keep: number, windowStart: number): Promise<void>;
  /** The time of the `n`th most recent failure of `key` after `since` (undefined: fewer than n). One indexed statement. */
  nthLatest(key: string, since: number, n: number): Promise<number | undefined>;
  /** The failure times of `key` after `since`, oldest first. */
  since(key: string, since: number): Promise<number[]>;
  /** Takes back one failure of `key` recorded at `at`, if there is one. */
  removeOne(key: string, at: number): Promise<void>;
  clear(key: string): Promise<void>;
}

export interface PurgeOptions {
  /** Rows that ended before this are deleted. */
  endedBefore: number;
  eventsBefore: number;
  failureEventsBefore: number;
  failureEventTypes: readonly string[];
  /** Rate-limit failures older than this are past every window. */
  rateLimitBefore?: number;
  batch: number;
  stepBudgetMs: number;
  sweepSlice: number;
  sweepRowsPerPass: number;
  onStep?: (ms: number, rows: number | null) => void;
}

export interface PurgeResult {
  sessions: number;
  refreshTokens: number;
  events: number;
  rateLimits?: number;
  batches: number; // statements, each followed by a turn of the event loop
  longestBatchMs: number; // the longest the event loop was held by one step
  ms: number;
}

export interface Maintenance {
  /** Deletes ended rows and old events in small batches, yielding between them. */
  purge(opts: PurgeOptions): Promise<PurgeResult>;
  /** Opens the database and applies migrations (start-up, before the first request). */
  ready(): Promise<void>;
}

export interface Store {
  readonly dialect: "sqlite" | "postgres";
  users: UsersTable;
  sessions: SessionsTable;
  refreshTokens: RefreshTokensTable;
  events: EventsTable;
  denylist: DenylistTable;
  rateLimits: RateLimitsTable;
  maintenance: Maintenance;
  /**
   * Runs `fn` atomically: every call it makes through `tx` commits together or not at all,
   * and no other transaction interleaves. Nested calls join the outer transaction. Keep
   * `fn` to database work: no hashing, signing or network inside.
   *
   * `locks` names what the transaction's read-then-write steps depend on (a refresh
   * token's hash, a login, a throttle bucket). Only transactions that share a name wait
   * for each other; one without names waits for every other transaction. SQLite has one
   * writer anyway and ignores the names; PostgreSQL takes an advisory lock per name, so
   * instances rotating different tokens never queue behind each other
   * (docs/decisions/038).
   */
  transaction<T>(fn: (tx: Store) => Promise<T>, opts?: TransactionOptions): Promise<T>;
}

export interface TransactionOptions {
  locks?: readonly string[];
}

/**
 * The one error the store raises on purpose. Recognised by its code, not `instanceof`:
 * a bundler may load this module more than once, and then the classes differ.
 */
export class UsernameTakenError extends Error {
  readonly code = "username_taken";
  constructor(username: string) {
    super(`username taken: ${username}`);
  }

  static is(err: unknown): err is UsernameTakenError {
    return (err as { code?: unknown } | null)?.code === "username_taken";
  }
}
