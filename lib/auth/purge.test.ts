import { afterEach, describe, expect, it } from "vitest";
import { getDb } from "@/db/client";
import { type RefreshTokenRow, refreshTokens, type SessionRow, sessions, users } from "@/db/schema";
import { PURGE_RETENTION_MS, purgeExpired, startPurgeSchedule, stopPurgeSchedule } from "./purge";

const AT = Date.UTC(2030, 0, 15);
const DAY = 86_400_000;
const OLD = AT - PURGE_RETENTION_MS - 1; // ended just over the retention ago
const RECENT = AT - PURGE_RETENTION_MS + 60_000; // ended, but within the retention

function addUser(): string {
  const id = crypto.randomUUID();
  getDb()
    .insert(users)
    .values({ id, username: `u-${id.slice(0, 8)}`, passwordHash: "x", createdAt: AT - 30 * DAY })
    .run();
  return id;
}

let n = 0;
function addSession(userId: string, s: Partial<SessionRow> & { id: string }): void {
  n++;
  getDb()
    .insert(sessions)
    .values({
      tokenHash: `hash-${n}-${s.id}`,
      userId,
      createdAt: AT - DAY,
      lastSeenAt: AT - 1_000,
      idleExpiresAt: AT + 30 * 60_000,
      absoluteExpiresAt: AT + 6 * DAY,
      userAgent: null,
      ip: null,
      revokedAt: null,
      revokedReason: null,
      ...s,
    })
    .run();
}

function addRefresh(userId: string, r: Partial<RefreshTokenRow> & { id: string }): void {
  n++;
  getDb()
    .insert(refreshTokens)
    .values({
      tokenHash: `hash-${n}-${r.id}`,
      familyId: "fam",
      parentId: null,
      userId,
      issuedAt: AT - DAY,
      expiresAt: AT + 13 * DAY,
      usedAt: null,
      revokedAt: null,
      revokedReason: null,
      userAgent: null,
      ip: null,
      ...r,
    })
    .run();
}

const sessionIds = () =>
  getDb()
    .select({ id: sessions.id })
    .from(sessions)
    .all()
    .map((r) => r.id)
    .sort();
const refreshIds = () =>
  getDb()
    .select({ id: refreshTokens.id })
    .from(refreshTokens)
    .all()
    .map((r) => r.id)
    .sort();

afterEach(() => stopPurgeSchedule());

describe("purgeExpired", () => {
  it("deletes sessions that ended over a day ago, whatever ended them, and keeps the rest", async () => {
    const u = addUser();
    addSession(u, { id: "live" });
    addSession(u, { id: "absolute-old", createdAt: OLD - 7 * DAY, absoluteExpiresAt: OLD, idleExpiresAt: OLD - DAY });
    addSession(u, { id: "absolute-recent", createdAt: RECENT - 7 * DAY, absoluteExpiresAt: RECENT, idleExpiresAt: RECENT });
    addSession(u, { id: "revoked-old", revokedAt: OLD, revokedReason: "logout" });
    addSession(u, { id: "revoked-recent", revokedAt: RECENT, revokedReason: "logout" });
    addSession(u, { id: "idle-old", lastSeenAt: OLD - 30 * 60_000, idleExpiresAt: OLD });
    addSession(u, { id: "idle-recent", lastSeenAt: RECENT - 30 * 60_000, idleExpiresAt: RECENT });
    const r = await purgeExpired(AT);
    expect(r.sessions).toBe(3);
    expect(sessionIds()).toEqual(["absolute-recent", "idle-recent", "live", "revoked-recent"]);
  });

  it("deletes refresh tokens expired or revoked over a day ago; keeps used tokens until they expire (reuse detection)", async () => {
    const u = addUser();
    addRefresh(u, { id: "live" });
    addRefresh(u, { id: "used-unexpired", usedAt: AT - 10 * DAY, issuedAt: AT - 10 * DAY, expiresAt: AT + 4 * DAY });
    addRefresh(u, { id: "expired-old", issuedAt: OLD - 14 * DAY, expiresAt: OLD });
    addRefresh(u, { id: "expired-recent", issuedAt: RECENT - 14 * DAY, expiresAt: RECENT });
    addRefresh(u, { id: "revoked-old", revokedAt: OLD, revokedReason: "reuse_detected" });
    addRefresh(u, { id: "revoked-recent", revokedAt: RECENT, revokedReason: "logout" });
    const r = await purgeExpired(AT);
    expect(r.refreshTokens).toBe(2);
    expect(refreshIds()).toEqual(["expired-recent", "live", "revoked-recent", "used-unexpired"]);
  });

  it("works in bounded batches and lets the event loop run between them", async () => {
    const u = addUser();
    const db = getDb();
    db.transaction(() => {
      for (let i = 0; i < 1_234; i++) addSession(u, { id: `old-${i}`, absoluteExpiresAt: OLD, createdAt: OLD - DAY, idleExpiresAt: OLD });
      for (let i = 0; i < 345; i++) addSession(u, { id: `rev-${i}`, revokedAt: OLD });
      for (let i = 0; i < 50; i++) addSession(u, { id: `live-${i}` });
    });
    let turns = 0;
    let ticking = true;
    const tick = (): void => {
      turns++;
      if (ticking) setImmediate(tick);
    };
    setImmediate(tick);
    const r = await purgeExpired(AT, { batch: 100, sweepSlice: 200 });
    ticking = false;
    expect(r.sessions).toBe(1_234 + 345);
    expect(sessionIds()).toHaveLength(50);
    // 13 deletes of ≤ 100 by expiry, 1 for refresh tokens, then the 395 rows left in slices of 200.
    expect(r.batches).toBeGreaterThanOrEqual(13 + 1 + Math.ceil(395 / 200));
    expect(turns).toBeGreaterThanOrEqual(r.batches - 1); // the loop got a turn after (nearly) every step
  });

  it("walks big tables a bounded slice per pass, resuming where the last pass stopped", async () => {
    const u = addUser();
    getDb().transaction(() => {
      for (let i = 0; i < 1_000; i++) addSession(u, i % 10 === 0 ? { id: `rev-${i}`, revokedAt: OLD } : { id: `live-${i}` });
    });
    const pass = () => purgeExpired(AT, { sweepSlice: 100, sweepRowsPerPass: 300 });
    const deleted: number[] = [];
    for (let i = 0; i < 4; i++) deleted.push((await pass()).sessions);
    expect(deleted.slice(0, 3).every((n) => n > 0 && n < 100)).toBe(true); // a part each time
    expect(deleted.reduce((a, b) => a + b, 0)).toBe(100); // and, in the end, all of them
    expect(sessionIds().some((id) => id.startsWith("rev-"))).toBe(false);
  });

  it("on an empty database does nothing, quickly", async () => {
    const r = await purgeExpired(AT);
    expect(r).toMatchObject({ sessions: 0, refreshTokens: 0 });
  });
});

describe("startPurgeSchedule", () => {
  it("runs a first pass shortly after start, once per process however often it is called", async () => {
    const u = addUser();
    addSession(u, { id: "ancient", createdAt: 0, absoluteExpiresAt: 1, idleExpiresAt: 1 });
    startPurgeSchedule(60_000, 10);
    startPurgeSchedule(60_000, 10);
    await new Promise((r) => setTimeout(r, 300));
    expect(sessionIds()).toEqual([]);
  });
});
