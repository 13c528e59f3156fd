import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import Database from "better-sqlite3";
import { drizzle } from "drizzle-orm/better-sqlite3";
import { migrate } from "drizzle-orm/better-sqlite3/migrator";
import { sealData } from "iron-session";
import { describe, expect, it } from "vitest";
import { refreshJwt } from "@/lib/auth/jwt/refresh";
import { sessionPasswords } from "@/lib/auth/keys";
import { authenticateRequest } from "@/lib/auth/modes";
import { generateToken, hashToken, newId } from "@/lib/auth/tokens";
import { env } from "@/lib/env";
import { MemoryBrowser } from "@/lib/test/memory-context";
import { getDb, migrationsFolder } from "./client";

// A schema change ships as a migration that keeps existing logins valid: a database
// written by the previous release (migrations up to the last one before the newest),
// holding a live session and a live JWT login, is opened by this release, which applies
// the rest; both logins still work afterwards.

const DAY = 86_400_000;

/** A migrations folder holding only the first `count` migrations, as an older release shipped them. */
function olderRelease(count: number): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "authlab-old-release-"));
  const journal = JSON.parse(fs.readFileSync(path.join(migrationsFolder(), "meta", "_journal.json"), "utf8")) as {
    entries: Array<{ tag: string }>;
  };
  journal.entries = journal.entries.slice(0, count);
  fs.mkdirSync(path.join(dir, "meta"));
  fs.writeFileSync(path.join(dir, "meta", "_journal.json"), JSON.stringify(journal));
  for (const e of journal.entries) fs.copyFileSync(path.join(migrationsFolder(), `${e.tag}.sql`), path.join(dir, `${e.tag}.sql`));
  return dir;
}

describe("upgrading the database keeps every login", () => {
  it("a session and a JWT login written before migration 0002 still work after it", async () => {
    const file = env().databasePath;
    fs.mkdirSync(path.dirname(file), { recursive: true });
    const old = new Database(file);
    migrate(drizzle(old), { migrationsFolder: olderRelease(2) });
    const at = Date.now() - 20 * DAY; // a JWT login 20 days old: its family end must not be "now"
    const userId = newId();
    const sessionToken = generateToken();
    const refreshToken = generateToken();
    old.prepare("INSERT INTO users (id, username, password_hash, created_at) VALUES (?, 'olduser', 'x', ?)").run(userId, at);
    old
      .prepare(
        "INSERT INTO sessions (id, token_hash, user_id, created_at, last_seen_at, idle_expires_at, absolute_expires_at) VALUES (?, ?, ?, ?, ?, ?, ?)",
      )
      .run(newId(), hashToken(sessionToken), userId, Date.now(), Date.now(), Date.now() + 30 * 60_000, Date.now() + 7 * DAY);
    old
      .prepare(
        "INSERT INTO refresh_tokens (id, token_hash, family_id, user_id, issued_at, expires_at, access_issued_at) VALUES (?, ?, ?, ?, ?, ?, ?)",
      )
      .run(newId(), hashToken(refreshToken), newId(), userId, at, Date.now() + 14 * DAY, at);
    old.close();

    // This release opens it: the newer migrations run now.
    const upgraded = getDb().$client.prepare("SELECT expires_at, family_expires_at FROM refresh_tokens").get() as {
      expires_at: number;
      family_expires_at: number | null;
    };
    expect(upgraded.family_expires_at).not.toBeNull();
    expect(upgraded.family_expires_at).toBeGreaterThanOrEqual(upgraded.expires_at);

    const browser = new MemoryBrowser();
    browser.jar.set(
      "authlab_session",
      await sealData({ t: sessionToken, a: Date.now() + 7 * DAY }, { password: sessionPasswords(), ttl: env().SESSION_ABSOLUTE_TTL }),
    );
    expect(await authenticateRequest(browser.context())).toMatchObject({ ok: true, mode: "session" });

    const jwt = new MemoryBrowser();
    jwt.jar.set("authlab_refresh", refreshToken);
    expect(await refreshJwt(jwt.context())).toMatchObject({ ok: true, rotated: true });
    expect(await authenticateRequest(jwt.context())).toMatchObject({ ok: true, mode: "jwt" });
  });
});
