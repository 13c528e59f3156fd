import "server-only";
import { env } from "./env";

// Time travel for the labs: a per-browser offset added to the one clock (lib/clock.ts),
// so expiry, idle timeout and refresh can be watched without waiting. It only moves
// forward, is bounded, and is honoured only in demo mode (AUTHLAB_DEMO=1, the README's
// run command): a production server ignores the cookie and refuses to set it
// (docs/decisions/020-demo-clock.md).

export const CLOCK_COOKIE = "authlab_clock";
export const MAX_CLOCK_OFFSET_SECONDS = 86_400;
/** Sent by the two-tabs lab's loopback requests to run the race with the grace window off. */
export const NO_GRACE_HEADER = "x-authlab-lab-grace";

/** Only an explicit AUTHLAB_DEMO=1: a server started without it never bends time. */
export function demoEnabled(): boolean {
  return env().AUTHLAB_DEMO === "1";
}

/** Whole seconds, 0..MAX; anything else (garbage, negative, too far) counts as no offset. */
export function parseClockOffset(raw: string | undefined): number {
  if (raw === undefined || !/^\d{1,6}$/.test(raw)) return 0;
  const seconds = Number(raw);
  return seconds <= MAX_CLOCK_OFFSET_SECONDS ? seconds : 0;
}

/** The offset this request's clock runs ahead by, in ms (always 0 outside demo mode). */
export function clockOffsetMs(raw: string | undefined): number {
  return demoEnabled() ? parseClockOffset(raw) * 1000 : 0;
}
