"use client";

import { createContext, type ReactNode, useContext, useEffect, useState, useSyncExternalStore } from "react";
import { formatClock, formatRelative, type TimeDict } from "@/lib/client/time";
import type { Locale } from "@/lib/i18n";

interface ClockValue {
  /** The server's idea of "now" (ms): this browser's clock corrected by the measured skew. */
  now: number;
  dict: TimeDict;
  locale: Locale;
}

const ClockContext = createContext<ClockValue | null>(null);

/**
 * Ticks once a second. Only components that read the clock re-render on a tick,
 * because `children` keeps its identity while this provider's state changes.
 */
export function ClockProvider({
  offsetMs,
  dict,
  locale,
  children,
}: {
  offsetMs: number;
  dict: TimeDict;
  locale: Locale;
  children: ReactNode;
}) {
  const [localNow, setLocalNow] = useState(() => Date.now());
  useEffect(() => {
    const id = setInterval(() => setLocalNow(Date.now()), 1000);
    return () => clearInterval(id);
  }, []);
  return <ClockContext value={{ now: localNow + offsetMs, dict, locale }}>{children}</ClockContext>;
}

export function useClock(): ClockValue {
  const clock = useContext(ClockContext);
  if (!clock) throw new Error("useClock needs a <ClockProvider> above it");
  return clock;
}

const noSubscription = () => () => {};

/**
 * False while the server renders and while React hydrates, true after. A time in the
 * reader's time zone, and "5 s ago", differ between the server and the browser: printed
 * during hydration they are a mismatch (React error #418, seen on /admin).
 */
export function useHydrated(): boolean {
  return useSyncExternalStore(
    noSubscription,
    () => true,
    () => false,
  );
}

/** "14:03:09 (in 4m 10s)", with the full local date and time on hover. */
export function TimeStamp({ at }: { at: number }) {
  const { now, dict, locale } = useClock();
  const hydrated = useHydrated();
  if (!hydrated) {
    // Same width, no clock: the browser fills it in a moment later in its own time zone.
    return (
      <time dateTime={new Date(at).toISOString()} className="whitespace-nowrap">
        <span className="font-mono tabular-nums">--:--:--</span>
      </time>
    );
  }
  return (
    <time dateTime={new Date(at).toISOString()} title={new Date(at).toLocaleString(locale)} className="whitespace-nowrap">
      <span className="font-mono tabular-nums">{formatClock(at)}</span>{" "}
      <span className="text-neutral-600 dark:text-neutral-400">({formatRelative(at, now, dict)})</span>
    </time>
  );
}
