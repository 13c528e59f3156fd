import "server-only";
import { store } from "@/db/store";
import { now } from "@/lib/clock";
import { singleton } from "@/lib/singleton";
import type { RequestMeta } from "../context";
import { logAuthEvent } from "../events";
import { sameLogin } from "../login-ref";
import type { ExposureWindow, LoginRef } from "../types";

// Watching the JWT revocation gap. JWT mode never asks the database whether a login
// was revoked (that is its whole point), so when one is, its access token keeps being
// accepted until exp. To *show* that, each request's family is looked up in an in-memory
// mirror (an O(1) lookup, no query on the request path), and each request such a token
// still got through is logged, off the request path. This is observation only: it never
// changes an answer. Closing the gap is JWT_DENYLIST's job.
//
// The records themselves live in the shared store (docs/decisions/039): every revocation
// writes its family to the denylist table (always, whatever JWT_DENYLIST says) and every
// gap request is an auth_events row, so the timeline is one across instances. The mirror
// is this instance's copy: its own revocations enter it at once, other instances' within
// EXPOSURE_SYNC_MS (startExposureSync re-reads the open windows, one indexed query a second).

interface Exposure {
  userId: string;
  revokedAt: number;
  until: number;
}

const MAX_TRACKED = 10_000;
export const EXPOSURE_SYNC_MS = 1_000;
const state = () =>
  singleton("exposures", () => ({
    map: new Map<string, Exposure>(),
    loaded: null as Promise<void> | null,
    timer: null as NodeJS.Timeout | null,
  }));

function exposures(): Map<string, Exposure> {
  return state().map;
}

function remember(map: Map<string, Exposure>, familyId: string, e: Exposure): void {
  if (map.size >= MAX_TRACKED && !map.has(familyId)) {
    for (const [k, v] of map) if (v.until <= e.revokedAt) map.delete(k);
    if (map.size >= MAX_TRACKED) {
      const first = map.keys().next().value;
      if (first !== undefined) map.delete(first);
    }
  }
  map.set(familyId, e);
}

/** Re-reads every open window from the store (what any instance revoked). */
export async function syncExposures(): Promise<void> {
  const rows = await store().denylist.listInForce(now());
  const map = exposures();
  for (const r of rows) {
    if (r.key.startsWith("fid:")) remember(map, r.key.slice(4), { userId: r.userId, revokedAt: r.revokedAt, until: r.expiresAt });
  }
}

/**
 * After a restart, the denylist table still knows every window that is open: loaded once
 * (at start-up, or by the first JWT request), then kept current by startExposureSync.
 */
export function loadExposures(): Promise<void> {
  const s = state();
  s.loaded ??= syncExposures()
    // Observation only: an unreadable database is tried again by the next request.
    .catch(() => {
      s.loaded = null;
    });
  return s.loaded;
}

/** Start-up: follow other instances' revocations (timer unref'd, one per process). */
export function startExposureSync(intervalMs = EXPOSURE_SYNC_MS): void {
  const s = state();
  if (s.timer) return;
  s.timer = setInterval(() => {
    syncExposures().catch(() => {}); // observation only; the next tick tries again
  }, intervalMs);
  s.timer.unref();
}

export function resetExposuresForTests(): void {
  const s = state();
  s.map.clear();
  s.loaded = null;
  if (s.timer) clearInterval(s.timer);
  s.timer = null;
}

/** This instance revoked a family: its mirror knows at once (the store already has the row). */
export function noteFamilyRevoked(familyId: string, userId: string, revokedAt: number, until: number): void {
  remember(exposures(), familyId, { userId, revokedAt, until });
}

/** If this family was revoked and its window is open, how long ago and until when. */
export async function openExposure(familyId: string, at: number): Promise<Exposure | undefined> {
  await loadExposures();
  const e = exposures().get(familyId);
  if (!e) return undefined;
  if (at >= e.until) {
    exposures().delete(familyId);
    return undefined;
  }
  return e;
}

export function recordGapRequest(familyId: string, jti: string, exposure: Exposure, meta: RequestMeta, at: number): void {
  setImmediate(() => {
    // Observation must never break a request; a full disk is reported elsewhere.
    logAuthEvent({
      type: "revoked_token_used",
      userId: exposure.userId,
      mode: "jwt",
      meta,
      detail: { familyId, jti, at, revokedAt: exposure.revokedAt, until: exposure.until, background: meta.background === true },
    }).catch(() => {});
  });
}

const REVOCATION_TYPES = ["session_revoked", "forced_logout", "evicted", "password_changed", "reuse_detected", "logout"];

/** The user's JWT revocations with the requests each let through afterwards. */
export async function listExposureWindows(userId: string, limit = 10, current: LoginRef | null = null): Promise<ExposureWindow[]> {
  const db = store();
  const revocations = (await db.events.listByUserAndTypes(userId, REVOCATION_TYPES, { mode: "jwt", limit: limit * 3 }))
    .map((e) => ({ e, d: JSON.parse(e.detail) as Record<string, unknown> }))
    .filter(({ d }) => typeof d.familyId === "string" && typeof d.exposureEnd === "number")
    .slice(0, limit);
  if (revocations.length === 0) return [];
  const used = (await db.events.listByUserAndTypes(userId, ["revoked_token_used"], { limit: 500 })).map((e) => ({
    e,
    d: JSON.parse(e.detail) as Record<string, unknown>,
  }));
  return revocations.map(({ e, d }) => {
    const familyId = d.familyId as string;
    const until = d.exposureEnd as number;
    return {
      familyId,
      // The specific cause (password_changed, revoked_by_user, …) when the event carries one.
      reason: typeof d.reason === "string" ? d.reason : e.type,
      revokedAt: e.at,
      until,
      exposureSeconds: Math.max(0, Math.round((until - e.at) / 1000)),
      requests: used
        .filter((u) => u.d.familyId === familyId)
        .map((u) => ({ at: u.e.at, ip: u.e.ip, userAgent: u.e.userAgent, background: u.d.background === true }))
        .reverse(),
      closedByDenylist: d.denylist === "on",
      current: sameLogin({ mode: "jwt", id: familyId }, current),
    };
  });
}
