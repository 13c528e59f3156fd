import { sql } from "drizzle-orm";
import { index, integer, sqliteTable, text } from "drizzle-orm/sqlite-core";

// All times are epoch milliseconds (integers): one clock (lib/clock.ts), no time zones.

export const users = sqliteTable("users", {
  id: text("id").primaryKey(),
  // Case-folded and NFKC-normalised before it gets here, so "Admin" and "ａｄｍｉｎ" collide.
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
  createdAt: integer("created_at").notNull(),
});

export const sessions = sqliteTable(
  "sessions",
  {
    id: text("id").primaryKey(),
    // SHA-256 (hex) of the session token. The token itself lives only in the sealed cookie.
    tokenHash: text("token_hash").notNull().unique(),
    userId: text("user_id")
      .notNull()
      .references(() => users.id, { onDelete: "cascade" }),
    createdAt: integer("created_at").notNull(),
    lastSeenAt: integer("last_seen_at").notNull(),
    idleExpiresAt: integer("idle_expires_at").notNull(),
    absoluteExpiresAt: integer("absolute_expires_at").notNull(),
    userAgent: text("user_agent"),
    ip: text("ip"),
    revokedAt: integer("revoked_at"),
    revokedReason: text("revoked_reason"),
  },
  (t) => [index("sessions_user_idx").on(t.userId), index("sessions_expiry_idx").on(t.absoluteExpiresAt)],
);

export const refreshTokens = sqliteTable(
  "refresh_tokens",
  {
    id: text("id").primaryKey(),
    // SHA-256 (hex) of the opaque refresh token.
    tokenHash: text("token_hash").notNull().unique(),
    familyId: text("family_id").notNull(),
    parentId: text("parent_id"),
    userId: text("user_id")
      .notNull()
      .references(() => users.id, { onDelete: "cascade" }),
    issuedAt: integer("issued_at").notNull(),
    expiresAt: integer("expires_at").notNull(),
    usedAt: integer("used_at"),
    revokedAt: integer("revoked_at"),
    revokedReason: text("revoked_reason"),
    // When the access token that went out with this row (or, in the grace window, again
    // for it) was signed: the end of a revoked login's exposure is this + ACCESS_TOKEN_TTL.
    accessIssuedAt: integer("access_issued_at"),
    // The device the family was issued to, for the devices view.
    userAgent: text("user_agent"),
    ip: text("ip"),
    // The family's hard end (REFRESH_ABSOLUTE_TTL after its first token), copied to every
    // child: rotation never pushes it out. Null only on rows written before it existed
    // (migration 0002 fills them in from the family's first token).
    familyExpiresAt: integer("family_expires_at"),
  },
  (t) => [index("refresh_family_idx").on(t.familyId), index("refresh_user_idx").on(t.userId), index("refresh_expiry_idx").on(t.expiresAt)],
);

// Revoked access tokens, by jti or by whole login (refresh family), kept only until the
// last token they could match expires. Consulted only when JWT_DENYLIST=on, but always
// written, so switching the denylist on covers revocations made before.
export const jwtDenylist = sqliteTable(
  "jwt_denylist",
  {
    key: text("key").primaryKey(), // "jti:<uuid>" or "fid:<family id>"
    userId: text("user_id").notNull(),
    revokedAt: integer("revoked_at").notNull(),
    expiresAt: integer("expires_at").notNull(),
    reason: text("reason").notNull(),
  },
  (t) => [index("jwt_denylist_expiry_idx").on(t.expiresAt)],
);

export const authEvents = sqliteTable(
  "auth_events",
  {
    id: integer("id").primaryKey({ autoIncrement: true }),
    at: integer("at").notNull(),
    type: text("type").notNull(),
    userId: text("user_id"),
    mode: text("mode"),
    ip: text("ip"),
    userAgent: text("user_agent"),
    // Small JSON object; never a token, a password or a secret.
    detail: text("detail").notNull().default(sql`'{}'`),
    // Repeats of the same anonymous event (same type, client and user) within a short
    // window update one row instead of adding rows: a flood cannot push real events out.
    repeatCount: integer("repeat_count").notNull().default(1),
    lastAt: integer("last_at"),
  },
  (t) => [
    index("auth_events_user_idx").on(t.userId, t.at),
    index("auth_events_at_idx").on(t.at),
    index("auth_events_type_at_idx").on(t.type, t.at),
  ],
);

export type UserRow = typeof users.$inferSelect;
export type NewUserRow = typeof users.$inferInsert;
export type SessionRow = typeof sessions.$inferSelect;
export type NewSessionRow = typeof sessions.$inferInsert;
export type RefreshTokenRow = typeof refreshTokens.$inferSelect;
export type NewRefreshTokenRow = typeof refreshTokens.$inferInsert;
export type AuthEventRow = typeof authEvents.$inferSelect;
export type JwtDenylistRow = typeof jwtDenylist.$inferSelect;

// Failed attempts counted by the rate limits (lib/auth/rate-limit.ts): one row per
// failure, so every instance behind a balancer judges a login by the same count. The key
// names the bucket ("login:acct:<name>", "signup:client:<address>"): no token, no password.
// At most `max` rows per key are kept, and none past its window (the purge drops them).
export const rateLimitFailures = sqliteTable(
  "rate_limit_failures",
  {
    id: integer("id").primaryKey({ autoIncrement: true }),
    key: text("key").notNull(),
    at: integer("at").notNull(),
  },
  (t) => [index("rate_limit_key_at_idx").on(t.key, t.at), index("rate_limit_at_idx").on(t.at)],
);
