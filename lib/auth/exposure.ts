import "server-only";
import { and, desc, eq, gt, inArray } from "drizzle-orm";
import { getDb } from "@/db/client";
import { authEvents, jwtDenylist } from "@/db/schema";
import { now } from "@/lib/clock";
import type { RequestMeta } from "./context";
import { logAuthEvent } from "./events";

// Watching the JWT revocation gap. JWT mode never asks the database whether a login
// was revoked (that is its whole point), so when one is, its access token keeps being
// accepted until exp. To *show* that, this process remembers revoked families in
// memory (an O(1) lookup, no query on the request path) and logs, off the request path,
// each request such a token still got through. This is observation only: it never
// changes an answer. Closing the gap is JWT_DENYLIST's job.

interface Exposure {
  userId: string;
  revokedAt: number;
  until: number;
}

const MAX_TRACKED = 10_000;
const g = globalThis as unknown as { __authlabExposures?: Map<string, Exposure>; __authlabExposuresLoaded?: boolean };

function exposures(): Map<string, Exposure> {
  g.__authlabExposures ??= new Map();
  if (!g.__authlabExposuresLoaded) {
    g.__authlabExposuresLoaded = true;
    // After a restart, the denylist table still knows every window that is open.
    const at = now();
    for (const r of getDb().select().from(jwtDenylist).where(gt(jwtDenylist.expiresAt, at)).all()) {
      if (r.key.startsWith("fid:"))
        g.__authlabExposures.set(r.key.slice(4), { userId: r.userId, revokedAt: r.revokedAt, until: r.expiresAt });
    }
  }
  return g.__authlabExposures;
}

export function resetExposuresForTests(): void {
  g.__authlabExposures = undefined;
  g.__authlabExposuresLoaded = false;
}

export function noteFamilyRevoked(familyId: string, userId: string, revokedAt: number, until: number): void {
  const map = exposures();
  if (map.size >= MAX_TRACKED) {
    for (const [k, v] of map) if (v.until <= revokedAt) map.delete(k);
    if (map.size >= MAX_TRACKED) {
      const first = map.keys().next().value;
      if (first !== undefined) map.delete(first);
    }
  }
  map.set(familyId, { userId, revokedAt, until });
}

/** If this family was revoked and its window is open, how long ago and until when. */
export function openExposure(familyId: string, at: number): Exposure | undefined {
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
    try {
      logAuthEvent({
        type: "revoked_token_used",
        userId: exposure.userId,
        mode: "jwt",
        meta,
        detail: { familyId, jti, at, revokedAt: exposure.revokedAt, until: exposure.until },
      });
    } catch {
      // Observation must never break a request; a full disk is reported elsewhere.
    }
  });
}

export interface ExposureWindow {
  familyId: string;
  reason: string;
  revokedAt: number;
  until: number; // the last access token stops verifying here
  exposureSeconds: number;
  requests: Array<{ at: number; ip: string | null; userAgent: string | null }>;
  closedByDenylist: boolean;
}

const REVOCATION_TYPES = ["session_revoked", "forced_logout", "evicted", "password_changed", "reuse_detected", "logout"];

/** The user's JWT revocations with the requests each let through afterwards. */
export function listExposureWindows(userId: string, limit = 10): ExposureWindow[] {
  const db = getDb();
  const revocations = db
    .select()
    .from(authEvents)
    .where(and(eq(authEvents.userId, userId), eq(authEvents.mode, "jwt"), inArray(authEvents.type, REVOCATION_TYPES)))
    .orderBy(desc(authEvents.id))
    .limit(limit * 3)
    .all()
    .map((e) => ({ e, d: JSON.parse(e.detail) as Record<string, unknown> }))
    .filter(({ d }) => typeof d.familyId === "string" && typeof d.exposureEnd === "number")
    .slice(0, limit);
  if (revocations.length === 0) return [];
  const used = db
    .select()
    .from(authEvents)
    .where(and(eq(authEvents.userId, userId), eq(authEvents.type, "revoked_token_used")))
    .orderBy(desc(authEvents.id))
    .limit(500)
    .all()
    .map((e) => ({ e, d: JSON.parse(e.detail) as Record<string, unknown> }));
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
        .map((u) => ({ at: u.e.at, ip: u.e.ip, userAgent: u.e.userAgent }))
        .reverse(),
      closedByDenylist: d.denylist === "on",
    };
  });
}
