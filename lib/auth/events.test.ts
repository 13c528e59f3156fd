import { describe, expect, it } from "vitest";
import { advanceClockForTests, now } from "@/lib/clock";
import { tables, testDb } from "@/lib/test/db";
import { EVENT_RETENTION_MS, FAILURE_EVENT_RETENTION_MS, listUserEvents, logAuthEvent, REPEAT_WINDOW_MS } from "./events";
import { purgeExpired } from "./purge";

const { authEvents } = tables;

const meta = (ip: string) => ({ ip, userAgent: "vitest", secure: false });
const count = async () => (await testDb().select().from(authEvents)).length;

describe("auth_events: repeats of cheap events fold into one row", () => {
  it("500 anonymous refresh failures from one client are one row with repeat_count 500", async () => {
    for (let i = 0; i < 500; i++)
      await logAuthEvent({ type: "refresh_failed", mode: "jwt", meta: meta("203.0.113.9"), detail: { reason: "missing" } });
    const rows = await testDb().select().from(authEvents);
    expect(rows).toHaveLength(1);
    expect(rows[0]).toMatchObject({ type: "refresh_failed", repeatCount: 500 });
  });

  it("keeps clients, users and types apart, and starts a new row after a quiet window", async () => {
    await logAuthEvent({ type: "login_failed", userId: "u1", meta: meta("203.0.113.1") });
    await logAuthEvent({ type: "login_failed", userId: "u1", meta: meta("203.0.113.2") });
    await logAuthEvent({ type: "login_failed", userId: "u2", meta: meta("203.0.113.1") });
    await logAuthEvent({ type: "rate_limited", userId: "u1", meta: meta("203.0.113.1") });
    expect(await count()).toBe(4);
    advanceClockForTests(REPEAT_WINDOW_MS - 1000);
    await logAuthEvent({ type: "login_failed", userId: "u1", meta: meta("203.0.113.1") }); // still one run
    expect(await count()).toBe(4);
    advanceClockForTests(REPEAT_WINDOW_MS + 1000);
    await logAuthEvent({ type: "login_failed", userId: "u1", meta: meta("203.0.113.1") }); // after a quiet minute: a new row
    expect(await count()).toBe(5);
  });

  it("never folds what a user did: every login, logout and revocation is its own row", async () => {
    for (let i = 0; i < 3; i++) await logAuthEvent({ type: "login", userId: "u1", mode: "session", meta: meta("203.0.113.1") });
    expect(await count()).toBe(3);
  });

  it("a flood of failures leaves the owner's own events in view", async () => {
    await logAuthEvent({ type: "login", userId: "owner", mode: "session", meta: meta("198.51.100.1") });
    for (let i = 0; i < 1000; i++) await logAuthEvent({ type: "login_failed", userId: "owner", meta: meta("203.0.113.66") });
    const events = await listUserEvents("owner");
    expect(events.map((e) => e.type)).toEqual(["login_failed", "login"]);
    expect(events[0]).toMatchObject({ count: 1000 });
    expect(events[0]?.lastAt).toBeGreaterThanOrEqual(events[0]?.at ?? Number.POSITIVE_INFINITY);
  });
});

describe("auth_events: retention, enforced by the purge", () => {
  it("failures go after a week, everything after 30 days", async () => {
    await logAuthEvent({ type: "login_failed", userId: "u1", meta: meta("203.0.113.1") });
    await logAuthEvent({ type: "login", userId: "u1", mode: "jwt", meta: meta("203.0.113.1") });
    await purgeExpired(now() + FAILURE_EVENT_RETENTION_MS - 60_000);
    expect(await count()).toBe(2);
    const week = await purgeExpired(now() + FAILURE_EVENT_RETENTION_MS + 60_000);
    expect(week.events).toBe(1);
    expect((await testDb().select().from(authEvents)).map((r) => r.type)).toEqual(["login"]);
    const month = await purgeExpired(now() + EVENT_RETENTION_MS + 60_000);
    expect(month.events).toBe(1);
    expect(await count()).toBe(0);
  });
});
