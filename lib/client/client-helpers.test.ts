import { describe, expect, it } from "vitest";
import { appEn as en } from "../i18n/app.en";
import { appKo as ko } from "../i18n/app.ko";
import { formatClock, formatDuration, formatRelative, shortHash } from "./time";

describe("time formatting", () => {
  const now = Date.UTC(2025, 0, 1, 12, 0, 0);

  it("formats durations with the two largest units", () => {
    expect(formatDuration(250_000, en.time)).toBe("4m 10s");
    expect(formatDuration(300_000, en.time)).toBe("5m");
    expect(formatDuration(7 * 86_400_000 - 1000, en.time)).toBe("6d 23h");
    expect(formatDuration(400, en.time)).toBe("0s");
    expect(formatDuration(250_000, ko.time)).toBe("4분 10초");
  });

  it("formats relative times both ways", () => {
    expect(formatRelative(now + 250_000, now, en.time)).toBe("in 4m 10s");
    expect(formatRelative(now - 120_000, now, en.time)).toBe("2m ago");
    expect(formatRelative(now + 200, now, en.time)).toBe("just now");
    expect(formatRelative(now - 120_000, now, ko.time)).toBe("2분 전");
    expect(formatRelative(now + 5000, now, ko.time)).toBe("5초 후");
  });

  it("formats a clock as HH:MM:SS", () => {
    expect(formatClock(now)).toMatch(/^\d{2}:\d{2}:\d{2}$/);
  });

  it("shortens hashes", () => {
    expect(shortHash("a".repeat(64))).toBe(`${"a".repeat(12)}…`);
    expect(shortHash("abc")).toBe("abc");
  });
});
