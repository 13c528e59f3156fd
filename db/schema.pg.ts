import { sql } from "drizzle-orm";
import { bigint, index, pgTable, text } from "drizzle-orm/pg-core";

// The PostgreSQL twin of db/schema.ts: the same tables, columns, nullability, defaults and
// indexes (db/schema-drift.test.ts fails when they differ). Times are epoch milliseconds
// in bigint columns read as JavaScript numbers (safe to 2^53, far past any date we store),
// so rows have the same shape on both stores and the modes never know which one they use.

const ms = (name: string) => bigint(name, { mode: "number" });

export const users = pgTable("users", {
  id: text("id").primaryKey(),
  username: text("username").notNull().unique(),
  passwordHash: text("password_hash").notNull(),
  preferredMode: text("preferred_mode", { enum: ["session", "jwt"] })
    .notNull()
    .default("session"),
  concurrentLogins: text("concurrent_logins", { enum: ["many", "single-evict", "single-reject"] })
    .notNull()
    .default("many"),
  role: text("role", { enum: ["user", "admin"] })
    .notNull()
    .default("user"),
  createdAt: ms("created_at").notNull(),
});

export const sessions = pgTable(
  "sessions",
  {
    id: text("id").primaryKey(),
    tokenHash: text("token_hash").notNull().unique(),
    userId: text("user_id")
      .notNull()
      .references(() => users.id, { onDelete: "cascade" }),
    createdAt: ms("created_at").notNull(),
    lastSeenAt: ms("last_seen_at").notNull(),
    idleExpiresAt: ms("idle_expires_at").notNull(),
    absoluteExpiresAt: ms("absolute_expires_at").notNull(),
    userAgent: text("user_agent"),
    ip: text("ip"),
    revokedAt: ms("revoked_at"),
    revokedReason: text("revoked_reason"),
  },
  (t) => [index("sessions_user_idx").on(t.userId), index("sessions_expiry_idx").on(t.absoluteExpiresAt)],
);

export const refreshTokens = pgTable(
  "refresh_tokens",
  {
    id: text("id").primaryKey(),
    tokenHash: text("token_hash").notNull().unique(),
    familyId: text("family_id").notNull(),
    parentId: text("parent_id"),
    userId: text("user_id")
      .notNull()
      .references(() => users.id, { onDelete: "cascade" }),
    issuedAt: ms("issued_at").notNull(),
    expiresAt: ms("expires_at").notNull(),
    usedAt: ms("used_at"),
    revokedAt: ms("revoked_at"),
    revokedReason: text("revoked_reason"),
    accessIssuedAt: ms("access_issued_at"),
    userAgent: text("user_agent"),
    ip: text("ip"),
    familyExpiresAt: ms("family_expires_at"),
  },
  (t) => [index("refresh_family_idx").on(t.familyId), index("refresh_user_idx").on(t.userId), index("refresh_expiry_idx").on(t.expiresAt)],
);

export const jwtDenylist = pgTable(
  "jwt_denylist",
  {
    key: text("key").primaryKey(),
    userId: text("user_id").notNull(),
    revokedAt: ms("revoked_at").notNull(),
    expiresAt: ms("expires_at").notNull(),
    reason: text("reason").notNull(),
  },
  (t) => [index("jwt_denylist_expiry_idx").on(t.expiresAt)],
);

export const authEvents = pgTable(
  "auth_events",
  {
    id: bigint("id", { mode: "number" }).primaryKey().generatedByDefaultAsIdentity(),
    at: ms("at").notNull(),
    type: text("type").notNull(),
    userId: text("user_id"),
    mode: text("mode"),
    ip: text("ip"),
    userAgent: text("user_agent"),
    detail: text("detail").notNull().default(sql`'{}'`),
    repeatCount: bigint("repeat_count", { mode: "number" }).notNull().default(1),
    lastAt: ms("last_at"),
  },
  (t) => [
    index("auth_events_user_idx").on(t.userId, t.at),
    index("auth_events_at_idx").on(t.at),
    index("auth_events_type_at_idx").on(t.type, t.at),
  ],
);

export const rateLimitFailures = pgTable(
  "rate_limit_failures",
  {
    id: bigint("id", { mode: "number" }).primaryKey().generatedByDefaultAsIdentity(),
    key: text("key").notNull(),
    at: ms("at").notNull(),
  },
  (t) => [index("rate_limit_key_at_idx").on(t.key, t.at), index("rate_limit_at_idx").on(t.at)],
);
