"use client";

import type { AuthEventView, ConcurrentLoginPolicy, ModeName } from "@/lib/auth/types";
import { formatClock } from "@/lib/client/time";
import { t } from "@/lib/i18n";
import type { DevicesDict } from "@/lib/i18n/devices.en";
import { TimeStamp } from "../Clock";
import { Card } from "../common/Card";
import { type Column, DataTable } from "../common/DataTable";
import { type ChipTone, chip, errorText, muted } from "../ui";
import { deviceLabel } from "./device-name";
import { reasonLabel } from "./ExposureTimeline";
import { POLICIES, policyLabel } from "./PolicyForm";

/**
 * Events that arrive in bursts (a revoked token polled every few seconds) fold into one
 * row; the server already folds repeated failures into one event with a count.
 */
const FOLDED = new Set([
  "revoked_token_used",
  "refresh",
  "refresh_grace",
  "refresh_failed",
  "login_failed",
  "rate_limited",
  "reauth_failed",
]);

const BAD = new Set([
  "revoked_token_used",
  "reuse_detected",
  "login_failed",
  "rate_limited",
  "login_rejected",
  "refresh_failed",
  "reauth_failed",
]);
const ENDED = new Set(["session_revoked", "forced_logout", "evicted", "password_changed", "logout", "admin_forced_logout"]);

function tone(type: string): ChipTone {
  if (BAD.has(type)) return "bad";
  if (ENDED.has(type)) return "warn";
  if (type === "login" || type === "signup") return "good";
  return "neutral";
}

interface Group {
  first: AuthEventView; // newest of the run
  last: AuthEventView; // oldest of the run
  count: number;
}

function foldKey(e: AuthEventView): string | null {
  if (!FOLDED.has(e.type)) return null;
  return [e.type, e.mode, String(e.detail.familyId ?? ""), e.ip, e.userAgent].join("|");
}

export function foldEvents(events: AuthEventView[]): Group[] {
  const groups: Group[] = [];
  for (const e of events) {
    const key = foldKey(e);
    const prev = groups.at(-1);
    if (key !== null && prev && foldKey(prev.first) === key) {
      prev.last = e;
      prev.count += e.count;
    } else {
      groups.push({ first: e, last: e, count: e.count });
    }
  }
  return groups;
}

function detailParts(e: AuthEventView, dict: DevicesDict): string[] {
  const d = dict.events;
  const x = e.detail;
  const parts: string[] = [];
  if (typeof x.reason === "string" && x.reason !== e.type) parts.push(t(d.reason, { reason: reasonLabel(x.reason, dict.reasons) }));
  if (typeof x.by === "string") parts.push(d.byAdmin);
  if (x.denylist === "on") parts.push(d.denylistOn);
  else if (typeof x.exposureSeconds === "number" && x.exposureSeconds > 0) parts.push(t(d.exposure, { seconds: x.exposureSeconds }));
  if (typeof x.endedLogins === "number") parts.push(x.endedLogins === 1 ? d.endedOne : t(d.ended, { n: x.endedLogins }));
  if (typeof x.concurrentLogins === "string" && (POLICIES as readonly string[]).includes(x.concurrentLogins)) {
    parts.push(t(d.policy, { policy: policyLabel(x.concurrentLogins as ConcurrentLoginPolicy, dict.policy) }));
  }
  if (typeof x.activeLogins === "number") parts.push(x.activeLogins === 1 ? d.activeOne : t(d.active, { n: x.activeLogins }));
  if (e.type === "admin_forced_logout" && typeof x.revoked === "number") {
    parts.push(x.revoked === 1 ? d.targetOne : t(d.target, { n: x.revoked }));
  }
  return parts;
}

/** The user's own auth_events, newest first. */
export function EventsList({
  events,
  dict,
  modeNames,
  error,
}: {
  events: AuthEventView[] | null;
  dict: DevicesDict;
  modeNames: Record<ModeName, string>;
  error: string | null;
}) {
  const d = dict.events;
  const groups = events ? foldEvents(events) : [];
  const typeLabel = (type: string) => (Object.hasOwn(d.types, type) ? d.types[type as keyof typeof d.types] : type);
  const columns: Column<Group>[] = [
    {
      id: "time",
      header: d.colTime,
      cell: ({ first, last, count }) =>
        count > 1 ? (
          <span className="font-mono whitespace-nowrap tabular-nums">
            {formatClock(last.at)}–{formatClock(first.lastAt)}
          </span>
        ) : (
          <TimeStamp at={first.at} />
        ),
    },
    {
      id: "event",
      header: d.colEvent,
      cell: ({ first, count }) => (
        <span className="flex flex-wrap items-center gap-1">
          <span className={chip(tone(first.type))}>{typeLabel(first.type)}</span>
          {count > 1 && <span className="text-xs font-semibold">{t(d.repeated, { n: count })}</span>}
        </span>
      ),
    },
    {
      id: "mode",
      header: d.colMode,
      cell: ({ first }) => (first.mode === "session" || first.mode === "jwt" ? modeNames[first.mode] : "—"),
    },
    { id: "detail", header: d.colDetail, className: muted, cell: ({ first }) => detailParts(first, dict).join(" · ") || "—" },
    {
      id: "from",
      header: d.colFrom,
      cell: ({ first }) => (
        <div className="min-w-0">
          <span className="block max-w-56 truncate" title={first.userAgent ?? undefined}>
            {first.userAgent ? deviceLabel(first.userAgent, dict.devices) : "—"}
          </span>
          {first.ip && <span className={`block font-mono text-xs ${muted}`}>{first.ip}</span>}
        </div>
      ),
    },
  ];

  return (
    <Card id="events" level={3} title={d.heading} intro={d.intro} testId="events-list">
      {error && <p className={errorText}>{error}</p>}
      {events !== null && (
        <DataTable
          caption={d.caption}
          captionHidden
          columns={columns}
          rows={groups}
          rowKey={(g) => String(g.first.id)}
          rowProps={({ first, count }) => ({ "data-testid": "event-row", "data-type": first.type, "data-count": count })}
          empty={d.none}
          className="max-h-[28rem] overflow-y-auto"
          scrolls
        />
      )}
    </Card>
  );
}
