import { describe, expect, it, vi } from "vitest";
import { checkCounters, countCheck } from "./check-counters";
import type { AuthTrace } from "./types";

const trace = (mode: AuthTrace["mode"], dbQueries: number, totalMs: number): AuthTrace => ({
  mode,
  cookie: null,
  steps: [],
  dbQueries,
  totalMs,
  failure: null,
});

describe("check counters", () => {
  it("adds each check to its own mode and ignores strangers", () => {
    const before = checkCounters();
    countCheck(trace("session", 1, 0.5));
    countCheck(trace("session", 2, 0.25));
    countCheck(trace("jwt", 0, 0.1));
    countCheck(trace(null, 0, 9));
    const after = checkCounters();
    expect(after.modes.session.checks - before.modes.session.checks).toBe(2);
    expect(after.modes.session.dbQueries - before.modes.session.dbQueries).toBe(3);
    expect(after.modes.session.ms - before.modes.session.ms).toBeCloseTo(0.75);
    expect(after.modes.jwt.checks - before.modes.jwt.checks).toBe(1);
    expect(after.modes.jwt.dbQueries - before.modes.jwt.dbQueries).toBe(0);
    expect(after.since).toBe(before.since);
  });

  it("hands out a copy", () => {
    const copy = checkCounters();
    copy.modes.jwt.checks += 100;
    expect(checkCounters().modes.jwt.checks).toBe(copy.modes.jwt.checks - 100);
  });

  it("takes the median of recent checks, so one slow cold start does not set the typical cost", async () => {
    const { checkCounters: fresh, countCheck: count } = await freshModule();
    count(trace("jwt", 0, 50)); // a cold start
    for (let i = 0; i < 4; i++) count(trace("jwt", 0, 0.2));
    expect(fresh().modes.jwt.medianMs).toBeCloseTo(0.2);
    expect(fresh().modes.session.medianMs).toBeNull();
  });
});

async function freshModule() {
  const { resetSingletonForTests } = await import("@/lib/singleton");
  resetSingletonForTests("check-counters");
  vi.resetModules();
  return import("./check-counters");
}
