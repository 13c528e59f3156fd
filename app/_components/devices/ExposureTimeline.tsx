"use client";

import type { ExposureWindow } from "@/lib/auth/types";
import { formatClock, formatDuration } from "@/lib/client/time";
import { t } from "@/lib/i18n";
import type { DevicesDict } from "@/lib/i18n/devices.en";
import { useClock } from "../Clock";
import { chip, muted } from "../ui";
import { deviceLabel } from "./device-name";

type GapDict = DevicesDict["gap"];

/** Where `at` falls between the revocation and the end of the window, in percent. */
function position(at: number, w: ExposureWindow): number {
  const span = w.until - w.revokedAt;
  if (span <= 0) return 0;
  return Math.min(100, Math.max(0, ((at - w.revokedAt) / span) * 100));
}

function requestsPhrase(n: number, d: GapDict): string {
  if (n === 0) return d.requestsNone;
  if (n === 1) return d.requestsOne;
  return t(d.requestsMany, { n });
}

export function reasonLabel(reason: string, reasons: DevicesDict["reasons"]): string {
  return Object.hasOwn(reasons, reason) ? reasons[reason as keyof typeof reasons] : reason;
}

/** One revocation: revoked at T, access token accepted until T+n, and what got through. */
function ExposureBar({ w, dict }: { w: ExposureWindow; dict: DevicesDict }) {
  const d = dict.gap;
  const { now, dict: timeDict } = useClock();
  const open = !w.closedByDenylist && now < w.until;
  const nowAt = open ? position(now, w) : null;
  const revokedAt = formatClock(w.revokedAt);
  const until = formatClock(w.until);
  const sentence = w.closedByDenylist
    ? t(d.sentenceDenylist, { revokedAt, until, seconds: w.exposureSeconds })
    : t(d.sentence, { revokedAt, until, seconds: w.exposureSeconds, requests: requestsPhrase(w.requests.length, d) });
  const state = w.closedByDenylist ? "denylist" : open ? "open" : "closed";

  return (
    <li
      data-testid="exposure-window"
      data-family={w.familyId}
      data-requests={w.requests.length}
      data-denylist={w.closedByDenylist}
      data-state={state}
      className="space-y-2 rounded-lg border border-neutral-200 p-3 dark:border-neutral-800"
    >
      <div className="flex flex-wrap items-center gap-2">
        <p className="font-medium">{t(d.windowTitle, { login: w.familyId.slice(0, 8), reason: reasonLabel(w.reason, dict.reasons) })}</p>
        <span className={chip(state === "open" ? "warn" : state === "denylist" ? "good" : "neutral")}>
          {state === "open"
            ? t(d.open, { remaining: formatDuration(w.until - now, timeDict) })
            : state === "denylist"
              ? d.closedByDenylist
              : d.closed}
        </span>
        <span className={chip(w.closedByDenylist ? "good" : "neutral")}>JWT_DENYLIST={w.closedByDenylist ? "on" : "off"}</span>
      </div>
      <p data-testid="exposure-sentence" className="text-sm">
        {sentence}
      </p>
      {w.requests.length > 0 && (
        // Counted by who made them: the dashboard's own polling must not pass for the person's use.
        <p
          data-testid="exposure-by-who"
          data-own={w.requests.filter((r) => !r.background).length}
          data-background={w.requests.filter((r) => r.background).length}
          className={`text-sm ${muted}`}
        >
          {t(d.requestsByWho, {
            own: w.requests.filter((r) => !r.background).length,
            background: w.requests.filter((r) => r.background).length,
          })}
        </p>
      )}

      <div aria-hidden="true" className="pt-1">
        <div
          title={t(d.barLabel, { revokedAt, until })}
          className={`relative h-8 overflow-hidden rounded-md border ${
            w.closedByDenylist
              ? "border-neutral-300 bg-[repeating-linear-gradient(135deg,transparent,transparent_6px,rgb(0_0_0/0.06)_6px,rgb(0_0_0/0.06)_12px)] dark:border-neutral-700 dark:bg-[repeating-linear-gradient(135deg,transparent,transparent_6px,rgb(255_255_255/0.08)_6px,rgb(255_255_255/0.08)_12px)]"
              : "border-amber-300 bg-amber-100 dark:border-amber-800 dark:bg-amber-950/60"
          }`}
        >
          {nowAt !== null && (
            <div className="absolute inset-y-0 left-0 bg-amber-300/70 dark:bg-amber-700/60" style={{ width: `${nowAt}%` }} />
          )}
          {/* The revocation itself: the left edge. */}
          <div className="absolute inset-y-0 left-0 w-1 bg-red-600 dark:bg-red-400" />
          {w.requests.map((r, i) => (
            <div
              // Two requests can share a millisecond; their order is their identity.
              // biome-ignore lint/suspicious/noArrayIndexKey: see above
              key={i}
              data-testid="exposure-tick"
              title={t(d.tickLabel, { time: formatClock(r.at) })}
              className="absolute inset-y-1 w-0.5 -translate-x-1/2 rounded bg-red-700 dark:bg-red-300"
              style={{ left: `${position(r.at, w)}%` }}
            />
          ))}
          {nowAt !== null && <div className="absolute inset-y-0 w-0.5 bg-neutral-900 dark:bg-white" style={{ left: `${nowAt}%` }} />}
        </div>
        <div className={`mt-1 flex justify-between font-mono text-xs tabular-nums ${muted}`}>
          <span>T {revokedAt}</span>
          <span>
            T+{w.exposureSeconds}s {until}
          </span>
        </div>
      </div>

      {w.requests.length > 0 && (
        <details className="text-sm">
          <summary className="cursor-pointer">
            {d.requestsHeading} ({w.requests.length})
          </summary>
          <ol className={`mt-1 space-y-0.5 font-mono text-xs ${muted}`}>
            {w.requests.map((r, i) => (
              // biome-ignore lint/suspicious/noArrayIndexKey: requests have no id of their own
              <li key={i}>
                {t(d.requestFrom, {
                  time: formatClock(r.at),
                  from: [deviceLabel(r.userAgent, dict.devices), r.ip].filter(Boolean).join(", "),
                })}
              </li>
            ))}
          </ol>
        </details>
      )}
    </li>
  );
}

/** The JWT revocation gap, one bar per ended login. Shared by the dashboard and /admin. */
export function ExposureTimeline({ windows, dict, emptyText }: { windows: ExposureWindow[]; dict: DevicesDict; emptyText?: string }) {
  const d = dict.gap;
  if (windows.length === 0) {
    return emptyText ? <p className={`text-sm ${muted}`}>{emptyText}</p> : null;
  }
  const anyOn = windows.some((w) => w.closedByDenylist);
  const anyOff = windows.some((w) => !w.closedByDenylist);
  return (
    <div className="space-y-3" data-testid="exposure-timeline">
      <ol className="space-y-3">
        {windows.map((w) => (
          <ExposureBar key={`${w.familyId}-${w.revokedAt}`} w={w} dict={dict} />
        ))}
      </ol>
      {anyOff && <p className={`text-sm ${muted}`}>{d.denylistOff}</p>}
      {anyOn && <p className={`text-sm ${muted}`}>{d.denylistOn}</p>}
    </div>
  );
}
