"use client";

import { t } from "@/lib/i18n";
import { useClock } from "./Clock";
import type { DashboardDict } from "./dashboard-dict";

/**
 * Seconds until a JWT's `exp`, measured against the server's clock (see ClockProvider),
 * so a browser whose clock is off still shows what the server will decide.
 */
export function Countdown({ exp, iat, dict }: { exp: number; iat?: number; dict: DashboardDict["dashboard"] }) {
  const { now } = useClock();
  const remaining = Math.max(0, Math.ceil((exp * 1000 - now) / 1000));
  const lifetime = iat !== undefined && exp > iat ? exp - iat : null;
  const fraction = lifetime ? Math.min(1, remaining / lifetime) : null;

  return (
    <div className="space-y-1">
      <p className="flex flex-wrap items-baseline gap-x-2 text-sm">
        <span className="font-medium">{dict.countdownLabel}</span>
        {/* role=timer is not announced on every tick, which would be unbearable. */}
        <span
          role="timer"
          data-testid="jwt-countdown"
          data-remaining={remaining}
          className={`font-mono text-base font-semibold tabular-nums ${remaining === 0 ? "text-red-700 dark:text-red-300" : "text-indigo-700 dark:text-indigo-300"}`}
        >
          {remaining === 0 ? dict.expired : t(dict.countdownSeconds, { s: remaining })}
        </span>
      </p>
      {fraction !== null && (
        <div aria-hidden="true" className="h-1.5 w-full overflow-hidden rounded-full bg-neutral-200 dark:bg-neutral-800">
          <div className="h-full rounded-full bg-indigo-600 dark:bg-indigo-400" style={{ width: `${fraction * 100}%` }} />
        </div>
      )}
    </div>
  );
}
