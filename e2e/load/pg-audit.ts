import pg from "pg";
import { auditFamilies, type DbCheck, type RefreshRow } from "./engine";

// The cluster load test's audit: the same checks as checkDatabase (engine.ts), read from
// the PostgreSQL database the three instances shared. `integrity` is PostgreSQL's word
// that the database answered consistently: no row references a missing user.

export async function checkPostgres(url: string, userIds: string[]): Promise<DbCheck> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    const n = async (sql: string, params: unknown[] = []) => Number((await client.query<{ n: string }>(sql, params)).rows[0]?.n ?? 0);
    const rows = (
      await client.query<RefreshRow>(
        "SELECT id, family_id, parent_id, used_at, revoked_at FROM refresh_tokens WHERE user_id = ANY($1) ORDER BY issued_at",
        [userIds],
      )
    ).rows;
    const orphans =
      (await n("SELECT count(*) AS n FROM sessions s WHERE NOT EXISTS (SELECT 1 FROM users u WHERE u.id = s.user_id)")) +
      (await n("SELECT count(*) AS n FROM refresh_tokens r WHERE NOT EXISTS (SELECT 1 FROM users u WHERE u.id = r.user_id)"));
    return {
      integrity: orphans === 0 ? "ok" : `${orphans} rows without their user`,
      sessions: await n("SELECT count(*) AS n FROM sessions WHERE user_id = ANY($1)", [userIds]),
      revokedSessions: await n("SELECT count(*) AS n FROM sessions WHERE user_id = ANY($1) AND revoked_at IS NOT NULL", [userIds]),
      ...auditFamilies(rows),
      duplicateHashes:
        (await n("SELECT count(*) - count(DISTINCT token_hash) AS n FROM refresh_tokens")) +
        (await n("SELECT count(*) - count(DISTINCT token_hash) AS n FROM sessions")),
    };
  } finally {
    await client.end();
  }
}
