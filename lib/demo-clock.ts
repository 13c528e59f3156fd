import "server-only";
import { randomBytes } from "node:crypto";
import { REAL_CLOCK, setLoginClockSource } from "@/lib/auth/clock-source";
import type { LoginClock } from "@/lib/auth/contract";
import { loginKey } from "@/lib/auth/login-ref";
import type { LoginRef } from "@/lib/auth/types";
import { now } from "@/lib/clock";
import { env } from "@/lib/env";
import { ApiError } from "@/lib/errors";
import { singleton } from "@/lib/singleton";

// Time travel for the labs, kept on the server (docs/decisions/020-demo-clock.md). A lab
// clock is an offset the server keeps under an opaque random handle, bound to the lab's
// own throwaway logins: requests that carry the handle (the labs' loopback requests, in
// LAB_CLOCK_HEADER) see those logins' time run ahead. Every other login, every rate
// limit, audit row, refresh grace and password change reads real time, whatever a
// client sends: no client value moves the server's clock. Demo mode only; forward only;
// at most a day; bounded in number and forgotten after an hour.

export const LAB_CLOCK_HEADER = "x-authlab-lab-clock";
export const MAX_CLOCK_OFFSET_SECONDS = 86_400;
const TTL_MS = 60 * 60 * 1000;
const MAX_CLOCKS = 2000;

interface LabClock {
  offsetMs: number;
  noGrace: boolean; // the two-tabs lab: refresh with the reuse grace window off
  logins: Set<string>;
  touchedAt: number;
}

const clocks = () => singleton("lab-clocks", () => new Map<string, LabClock>());
const keyOf = (ref: LoginRef) => loginKey(ref);

/** Only an explicit AUTHLAB_DEMO=1: a server started without it never bends time. */
export function demoEnabled(): boolean {
  return env().AUTHLAB_DEMO === "1";
}

function prune(at: number): void {
  const map = clocks();
  for (const [handle, c] of map) if (at - c.touchedAt > TTL_MS) map.delete(handle);
  while (map.size >= MAX_CLOCKS) {
    const oldest = map.keys().next().value;
    if (oldest === undefined) break;
    map.delete(oldest);
  }
}

/** A new lab clock at real time; its handle is 128 random bits. */
export function createLabClock(opts: { noGrace?: boolean } = {}): string {
  const at = now();
  prune(at);
  const handle = randomBytes(16).toString("base64url");
  clocks().set(handle, { offsetMs: 0, noGrace: opts.noGrace === true, logins: new Set(), touchedAt: at });
  return handle;
}

function found(handle: string | undefined): LabClock | undefined {
  if (!handle || !demoEnabled()) return undefined;
  const c = clocks().get(handle);
  if (c) c.touchedAt = now();
  return c;
}

/** Lab code only: this throwaway login follows the clock from now on. */
export function bindLabLogin(handle: string, ref: LoginRef): void {
  found(handle)?.logins.add(keyOf(ref));
}

/** Forward only, at most a day in total; returns the new offset in seconds. */
export function advanceLabClock(handle: string, seconds: number): number {
  const c = found(handle);
  if (!c) throw new ApiError(409, "no_lab_clock", "This lab clock is gone (an hour unused, or the server restarted). Start the lab again.");
  const total = c.offsetMs / 1000 + Math.max(0, Math.floor(seconds));
  if (total > MAX_CLOCK_OFFSET_SECONDS) {
    throw new ApiError(400, "clock_limit", `The demo clock goes at most ${MAX_CLOCK_OFFSET_SECONDS} seconds ahead. Reset it first.`);
  }
  c.offsetMs = total * 1000;
  return total;
}

export function labClockOffsetSeconds(handle: string | undefined): number {
  return (found(handle)?.offsetMs ?? 0) / 1000;
}

export function endLabClock(handle: string | undefined): void {
  if (handle) clocks().delete(handle);
}

/** The core's LoginClock (lib/auth/contract.ts), as this module implements it. */
export type RequestClock = LoginClock;

export { REAL_CLOCK };

/** Start-up: requests that carry a lab clock's handle get that clock (lib/auth/clock-source.ts). */
export function installLabClocks(): void {
  setLoginClockSource((headers) => requestClock(headers.get(LAB_CLOCK_HEADER)));
}

/** The clock for one request, from the handle it carries (if any). */
export function requestClock(handle: string | null | undefined): RequestClock {
  const c = found(handle ?? undefined);
  if (!c) return REAL_CLOCK;
  return {
    timeFor: (ref) => (c.logins.has(keyOf(ref)) ? now() + c.offsetMs : now()),
    graceOffFor: (ref) => c.noGrace && c.logins.has(keyOf(ref)),
    lab: true,
  };
}
