import "server-only";
import { randomBytes } from "node:crypto";
import { cookies } from "next/headers";
import { CLOCK_COOKIE, demoEnabled, MAX_CLOCK_OFFSET_SECONDS, parseClockOffset } from "@/lib/demo-clock";
import type { Jar } from "./loopback";

// What a lab remembers between two clicks of one browser: the "attacker's" cookie jar
// (copies of this browser's credentials, taken when the reader pressed "steal"). It
// lives in this process's memory only, under a random id kept in an HttpOnly cookie
// scoped to /api/lab, and is forgotten after an hour. Values never leave the server.

export const LAB_COOKIE = "authlab_lab";
const TTL_MS = 60 * 60 * 1000;
const MAX_STATES = 2000;

export interface LabState {
  userId: string | null; // whose credentials the jar holds
  attacker: Jar;
  stolenAt: number | null;
  touchedAt: number;
}

const g = globalThis as unknown as { __authlabLabStates?: Map<string, LabState> };
function states(): Map<string, LabState> {
  g.__authlabLabStates ??= new Map();
  return g.__authlabLabStates;
}

function prune(at: number): void {
  const map = states();
  for (const [id, s] of map) if (at - s.touchedAt > TTL_MS) map.delete(id);
  while (map.size >= MAX_STATES) {
    const oldest = map.keys().next().value;
    if (oldest === undefined) break;
    map.delete(oldest);
  }
}

/** This browser's lab state, created (and its cookie set) on first use. */
export async function labState(): Promise<LabState> {
  const jar = await cookies();
  const at = Date.now();
  const id = jar.get(LAB_COOKIE)?.value;
  const found = id && /^[A-Za-z0-9_-]{22,64}$/.test(id) ? states().get(id) : undefined;
  if (found) {
    found.touchedAt = at;
    return found;
  }
  prune(at);
  const fresh: LabState = { userId: null, attacker: {}, stolenAt: null, touchedAt: at };
  const newId = randomBytes(18).toString("base64url");
  states().set(newId, fresh);
  jar.set(LAB_COOKIE, newId, { path: "/api/lab", httpOnly: true, sameSite: "strict", maxAge: TTL_MS / 1000 });
  return fresh;
}

/** This browser's time-travel offset (seconds), as its own requests carry it. */
export async function browserClockOffset(): Promise<number> {
  return demoEnabled() ? parseClockOffset((await cookies()).get(CLOCK_COOKIE)?.value) : 0;
}

/**
 * The clock cookie a lab's server-side actor sends: the same world time as this browser,
 * plus `aheadSeconds` (demo mode only; bounded like the browser's own offset).
 */
export async function actorClock(aheadSeconds = 0): Promise<Jar> {
  if (!demoEnabled()) return {};
  const total = Math.min(MAX_CLOCK_OFFSET_SECONDS, (await browserClockOffset()) + Math.max(0, Math.floor(aheadSeconds)));
  return total > 0 ? { [CLOCK_COOKIE]: String(total) } : {};
}
