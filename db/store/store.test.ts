import { describe, expect, it } from "vitest";
import { onPostgres } from "@/lib/test/pg";
import type { UserRow } from "../schema";
import { store } from "./index";
import { UsernameTakenError } from "./types";

// The data layer's contract, on the embedded SQLite file and (the "pg" vitest project) on
// PostgreSQL: rows in and out, the hash-only rule left to callers, and a transaction that
// is atomic and not interleaved.

const user = (username: string): UserRow => ({
  id: `00000000-0000-4000-8000-${username.padStart(12, "0")}`,
  username,
  passwordHash: "scrypt$not-a-real-hash",
  role: "user",
  preferredMode: "session",
  concurrentLogins: "many",
  createdAt: 1,
});

const session = (id: string, userId: string, at = 1_000) => ({
  id,
  tokenHash: `hash-${id}`,
  userId,
  createdAt: at,
  lastSeenAt: at,
  idleExpiresAt: at + 60_000,
  absoluteExpiresAt: at + 120_000,
  userAgent: null,
  ip: null,
  revokedAt: null,
  revokedReason: null,
});

describe(`db/store (${onPostgres() ? "PostgreSQL" : "SQLite"})`, () => {
  it("users: a taken name is its own error; the hash is read only by its own call", async () => {
    const db = store();
    await db.users.insert(user("carol"));
    await expect(db.users.insert({ ...user("carol"), id: "00000000-0000-4000-8000-0000000000ff" })).rejects.toBeInstanceOf(
      UsernameTakenError,
    );
    const found = await db.users.byUsername("carol");
    expect(found).toMatchObject({ username: "carol" });
    expect(found).not.toHaveProperty("passwordHash");
    expect(await db.users.passwordHash(found?.id ?? "")).toBe("scrypt$not-a-real-hash");
  });

  it("sessions: found by hash with their user, revoked once", async () => {
    const db = store();
    const u = user("dave");
    await db.users.insert(u);
    await db.sessions.insert(session("00000000-0000-4000-8000-00000000000a", u.id));
    expect(await db.sessions.findByTokenHash("hash-00000000-0000-4000-8000-00000000000a")).toMatchObject({
      user: { id: u.id, username: "dave", role: "user" },
    });
    expect(await db.sessions.revoke("00000000-0000-4000-8000-00000000000a", "logout", 2_000)).toBe(true);
    expect(await db.sessions.revoke("00000000-0000-4000-8000-00000000000a", "logout", 3_000)).toBe(false);
    expect(await db.sessions.listLive(u.id, 2_500)).toEqual([]);
  });

  it("a transaction that throws leaves nothing behind", async () => {
    const db = store();
    const u = user("erin");
    await db.users.insert(u);
    await expect(
      db.transaction(async (tx) => {
        await tx.sessions.insert(session("00000000-0000-4000-8000-00000000000b", u.id));
        throw new Error("boom");
      }),
    ).rejects.toThrow("boom");
    expect(await db.sessions.byId("00000000-0000-4000-8000-00000000000b")).toBeUndefined();
  });

  it("a statement from outside waits for an open transaction: it never lands inside it", async () => {
    const db = store();
    const u = user("fay");
    await db.users.insert(u);
    let release = () => {};
    const held = new Promise<void>((resolve) => (release = resolve));
    const tx = db
      .transaction(async (t) => {
        await t.sessions.insert(session("00000000-0000-4000-8000-00000000000c", u.id));
        await held; // a transaction body that yields to the event loop
        throw new Error("rolled back");
      })
      .catch(() => "rolled back");
    // Issued while the transaction is open: it must not be rolled back with it.
    const outside = db.sessions.insert(session("00000000-0000-4000-8000-00000000000d", u.id));
    await new Promise((resolve) => setTimeout(resolve, 20));
    release();
    expect(await tx).toBe("rolled back");
    await outside;
    expect(await db.sessions.byId("00000000-0000-4000-8000-00000000000c")).toBeUndefined();
    expect(await db.sessions.byId("00000000-0000-4000-8000-00000000000d")).toMatchObject({ userId: u.id });
  });

  it("nested transactions join the outer one; two at once run one after the other", async () => {
    const db = store();
    const u = user("gus");
    await db.users.insert(u);
    const order: string[] = [];
    await Promise.all(
      ["1", "2"].map((n) =>
        db.transaction(async (tx) => {
          order.push(`begin ${n}`);
          await tx.transaction(async (inner) => inner.sessions.insert(session(`00000000-0000-4000-8000-00000000001${n}`, u.id)));
          await new Promise((resolve) => setTimeout(resolve, 5));
          order.push(`end ${n}`);
        }),
      ),
    );
    // Which one starts first is the scheduler's choice; that the other waits for it is not.
    const first = order[0]?.slice("begin ".length);
    const second = first === "1" ? "2" : "1";
    expect(order).toEqual([`begin ${first}`, `end ${first}`, `begin ${second}`, `end ${second}`]);
    expect(await db.sessions.listLive(u.id, 1_500)).toHaveLength(2);
  });

  it("refresh tokens: of two claims on one token, exactly one wins", async () => {
    const db = store();
    const u = user("hal");
    await db.users.insert(u);
    await db.refreshTokens.insert({
      id: "00000000-0000-4000-8000-000000000020",
      tokenHash: "rt-hash",
      familyId: "00000000-0000-4000-8000-000000000021",
      parentId: null,
      userId: u.id,
      issuedAt: 1_000,
      expiresAt: 100_000,
      familyExpiresAt: 100_000,
      usedAt: null,
      revokedAt: null,
      revokedReason: null,
      accessIssuedAt: 1_000,
      userAgent: null,
      ip: null,
    });
    const wins = await Promise.all([
      db.refreshTokens.claim("00000000-0000-4000-8000-000000000020", 2_000),
      db.refreshTokens.claim("00000000-0000-4000-8000-000000000020", 2_000),
    ]);
    expect(wins.sort()).toEqual([false, true]);
    expect(await db.refreshTokens.familyLive("00000000-0000-4000-8000-000000000021", 2_000)).toBe(false);
  });

  it("purge deletes what ended before the cutoff and keeps the rest", async () => {
    const db = store();
    const u = user("ivy");
    await db.users.insert(u);
    await db.sessions.insert(session("00000000-0000-4000-8000-000000000030", u.id, 1_000)); // absolute end 121_000
    await db.sessions.insert(session("00000000-0000-4000-8000-000000000031", u.id, 500_000));
    await db.sessions.insert(session("00000000-0000-4000-8000-000000000032", u.id, 500_000));
    await db.sessions.revoke("00000000-0000-4000-8000-000000000032", "logout", 150_000);
    await db.events.append({ at: 1_000, type: "login", userId: u.id, mode: "session", ip: null, userAgent: null, detail: "{}" });
    await db.events.append({ at: 400_000, type: "login", userId: u.id, mode: "session", ip: null, userAgent: null, detail: "{}" });
    const r = await db.maintenance.purge({
      endedBefore: 200_000,
      eventsBefore: 200_000,
      failureEventsBefore: 200_000,
      failureEventTypes: ["login_failed"],
      batch: 1,
      stepBudgetMs: 50,
      sweepSlice: 10,
      sweepRowsPerPass: 1_000,
    });
    expect(r).toMatchObject({ sessions: 2, refreshTokens: 0, events: 1 });
    expect((await db.sessions.listRecent(u.id, 10)).map((x) => x.id)).toEqual(["00000000-0000-4000-8000-000000000031"]);
    expect(await db.events.listByUser(u.id, 10)).toHaveLength(1);
  });
});
