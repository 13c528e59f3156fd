import "server-only";
import { randomBytes } from "node:crypto";
import { cookies } from "next/headers";
import { now } from "@/lib/clock";
import { singleton } from "@/lib/singleton";
import type { LabLogin } from "./lab-login";
import type { Jar } from "./loopback";

// What a lab remembers between two clicks of one signed-in reader: the "attacker's"
// cookie jar (copies of the reader's credentials, taken when they pressed "steal") and
// the time-travel lab's throwaway login and clock handle. It lives in this process's
// memory only, under a random id kept in an HttpOnly cookie scoped to /api/lab, bound to
// the reader who created it, and is forgotten after an hour. Only a signed-in reader can
// create one (every caller has passed labUser()), at most MAX_PER_USER each, so nobody
// can fill the table or evict another reader's state. Values never leave the server.

export const LAB_COOKIE = "authlab_lab";
const TTL_MS = 60 * 60 * 1000;
const MAX_PER_USER = 3;
const MAX_STATES = 5000;

export interface LabState {
  ownerId: string; // the reader who created it: another reader's id finds nothing
  userId: string | null; // whose credentials the attacker's jar holds
  attacker: Jar;
  stolenAt: number | null;
  timeTravel: { clock: string; login: LabLogin } | null;
  touchedAt: number;
}

const states = () => singleton("lab-states", () => new Map<string, LabState>());

function prune(at: number, ownerId: string): void {
  const map = states();
  const mine: string[] = [];
  for (const [id, s] of map) {
    if (at - s.touchedAt > TTL_MS) map.delete(id);
    else if (s.ownerId === ownerId) mine.push(id);
  }
  // A reader's own oldest goes first; never someone else's.
  while (mine.length >= MAX_PER_USER) map.delete(mine.shift() ?? "");
  // The hard bound, for a flood of sign-ups: the oldest state of all (insertion order).
  while (map.size >= MAX_STATES) {
    const oldest = map.keys().next().value;
    if (oldest === undefined) break;
    map.delete(oldest);
  }
}

/** This reader's lab state, created (and its cookie set) on first use. */
export async function labState(ownerId: string): Promise<LabState> {
  const jar = await cookies();
  const at = now();
  const id = jar.get(LAB_COOKIE)?.value;
  const found = id && /^[A-Za-z0-9_-]{22,64}$/.test(id) ? states().get(id) : undefined;
  if (found && found.ownerId === ownerId) {
    found.touchedAt = at;
    return found;
  }
  prune(at, ownerId);
  const fresh: LabState = { ownerId, userId: null, attacker: {}, stolenAt: null, timeTravel: null, touchedAt: at };
  const newId = randomBytes(18).toString("base64url");
  states().set(newId, fresh);
  jar.set(LAB_COOKIE, newId, { path: "/api/lab", httpOnly: true, sameSite: "strict", maxAge: TTL_MS / 1000 });
  return fresh;
}

/**
 * This browser's existing lab state, or null; never creates one. For a step that runs
 * after the reader logged out (the replay lab's attacker): `viewerId` is who the request
 * is signed in as, null when signed out. Signed out, the cookie alone finds it (an
 * unguessable HttpOnly, SameSite=Strict id this browser was given); signed in as anyone
 * but its owner, it is not found.
 */
export async function findLabState(viewerId: string | null): Promise<LabState | null> {
  const id = (await cookies()).get(LAB_COOKIE)?.value;
  const found = id && /^[A-Za-z0-9_-]{22,64}$/.test(id) ? states().get(id) : undefined;
  if (!found || (viewerId !== null && found.ownerId !== viewerId)) return null;
  found.touchedAt = now();
  return found;
}

/** Tests: how many states exist, and how many belong to one reader. */
export function labStateCounts(ownerId: string): { all: number; mine: number } {
  let mine = 0;
  for (const s of states().values()) if (s.ownerId === ownerId) mine++;
  return { all: states().size, mine };
}
