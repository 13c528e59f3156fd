import "server-only";
import { cookies } from "next/headers";
import { now } from "@/lib/clock";
import { CLOCK_COOKIE, demoEnabled, MAX_CLOCK_OFFSET_SECONDS, parseClockOffset } from "@/lib/demo-clock";
import { ApiError } from "@/lib/errors";
import type { ClockState } from "./types";

// The time-travel lab's clock: a forward-only, bounded, per-browser offset kept in a
// cookie that nextAuthContext() honours in demo mode only (lib/demo-clock.ts).

export async function readClock(): Promise<ClockState> {
  const offsetSeconds = demoEnabled() ? parseClockOffset((await cookies()).get(CLOCK_COOKIE)?.value) : 0;
  const real = now();
  return {
    demo: demoEnabled(),
    offsetSeconds,
    maxOffsetSeconds: MAX_CLOCK_OFFSET_SECONDS,
    serverTime: real + offsetSeconds * 1000,
    realTime: real,
  };
}

async function writeOffset(seconds: number): Promise<void> {
  const jar = await cookies();
  if (seconds === 0) jar.delete(CLOCK_COOKIE);
  else jar.set(CLOCK_COOKIE, String(seconds), { path: "/", httpOnly: true, sameSite: "lax", maxAge: MAX_CLOCK_OFFSET_SECONDS });
}

/** Forward only: `seconds` > 0, and the total stays within a day. */
export async function advanceClock(seconds: number): Promise<ClockState> {
  const current = await readClock();
  const total = current.offsetSeconds + seconds;
  if (total > MAX_CLOCK_OFFSET_SECONDS) {
    throw new ApiError(400, "clock_limit", `The demo clock goes at most ${MAX_CLOCK_OFFSET_SECONDS} seconds ahead. Reset it first.`);
  }
  await writeOffset(total);
  return { ...current, offsetSeconds: total, serverTime: current.realTime + total * 1000 };
}

/** Back to real time (the only way back). */
export async function resetClock(): Promise<ClockState> {
  await writeOffset(0);
  const real = now();
  return { demo: demoEnabled(), offsetSeconds: 0, maxOffsetSeconds: MAX_CLOCK_OFFSET_SECONDS, serverTime: real, realTime: real };
}
