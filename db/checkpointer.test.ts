import fs from "node:fs";
import { afterEach, describe, expect, it } from "vitest";
import { env } from "@/lib/env";
import { lastCheckpoint, startCheckpointer, stopCheckpointerForTests } from "./checkpointer";
import { getDb } from "./client";
import { store } from "./store";

afterEach(stopCheckpointerForTests);

describe("WAL checkpoints run off the request path", () => {
  it("the app's connection never checkpoints by itself; the worker folds the WAL into the database", async () => {
    const db = getDb();
    expect(db.$client.pragma("wal_autocheckpoint", { simple: true })).toBe(0);
    expect(db.$client.pragma("journal_size_limit", { simple: true })).toBe(64 * 1024 * 1024);
    // Enough writes to cross the old 1000-page automatic threshold.
    for (let i = 0; i < 300; i++) {
      await store().events.append({ at: i, type: "login", userId: null, mode: null, ip: null, userAgent: "x".repeat(2000), detail: "{}" });
    }
    const wal = `${env().databasePath}-wal`;
    expect(fs.statSync(wal).size).toBeGreaterThan(0);
    startCheckpointer(env().databasePath, 20);
    await expect.poll(() => lastCheckpoint()?.checkpointed ?? 0, { timeout: 5_000 }).toBeGreaterThan(0);
    const report = lastCheckpoint();
    expect(report).toMatchObject({ ok: true });
    expect(report?.checkpointed).toBe(report?.log);
  });
});
