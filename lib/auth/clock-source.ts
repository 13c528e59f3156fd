import { now } from "@/lib/clock";
import { singleton } from "@/lib/singleton";
import type { LoginClock } from "./contract";

// Where a request's LoginClock comes from. The core knows only real time; the demo's lab
// clocks (lib/demo-clock.ts) plug in at start-up through setLoginClockSource, so core
// auth imports nothing from the labs (db/store/boundary.test.ts).

export const REAL_CLOCK: LoginClock = { timeFor: () => now(), graceOffFor: () => false, lab: false };

type Source = (headers: Headers) => LoginClock;

const state = () => singleton("login-clock-source", () => ({ source: null as Source | null }));

/** Installed once at start-up (lib/startup.ts) by the demo clock; null removes it (tests). */
export function setLoginClockSource(source: Source | null): void {
  state().source = source;
}

/** The clock for one request: real time unless a source is installed and says otherwise. */
export function loginClockFor(headers: Headers): LoginClock {
  return state().source?.(headers) ?? REAL_CLOCK;
}
