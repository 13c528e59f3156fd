"use client";

import type { ReactNode } from "react";
import type { Coded } from "@/lib/auth/codes";
import { formatDuration, type TimeDict } from "@/lib/client/time";
import type { Locale } from "@/lib/i18n";
import type { CodesDict } from "@/lib/i18n/codes.en";
import { useHydrated } from "./Clock";
import { tNode } from "./t-node";

/** What putting a server code into words needs: the codes namespace, time units, the language. */
export interface CodedDict {
  codes: CodesDict;
  time: TimeDict;
  locale: Locale;
}

/** A time of day in the reader's language and time zone; blank while hydrating (no #418). */
export function LocalTime({ at, locale }: { at: number; locale: Locale }) {
  const hydrated = useHydrated();
  const date = new Date(at);
  return (
    <time dateTime={date.toISOString()} title={hydrated ? date.toLocaleString(locale) : undefined} className="whitespace-nowrap">
      {hydrated ? date.toLocaleTimeString(locale, { hour: "2-digit", minute: "2-digit", second: "2-digit" }) : "--:--:--"}
    </time>
  );
}

/**
 * One parameter, by the convention of lib/auth/codes.ts: `…At` is a time (epoch ms),
 * `ttl` a duration in seconds, `reason` an end reason put into words; anything else is a
 * value (a username, a cookie or claim name, a number), shown as written and marked as
 * such so the language checks skip it.
 */
function param(name: string, value: string | number, d: CodedDict): ReactNode {
  if (name.endsWith("At") && typeof value === "number") return <LocalTime at={value} locale={d.locale} />;
  if (name === "ttl" && typeof value === "number") return formatDuration(value * 1000, d.time);
  if (name === "reason") return (d.codes.reasons as Record<string, string>)[String(value)] ?? d.codes.reasons.unknown;
  if (typeof value === "number") return value;
  return (
    <span data-literal="" className="font-mono">
      {value}
    </span>
  );
}

/** A server code with its parameters, in the reader's language. */
export function CodedText({ coded, words, d }: { coded: Coded<string>; words: Record<string, string>; d: CodedDict }) {
  const template = words[coded.code];
  // A code this build has no words for (a newer server): show the code, not nothing.
  if (template === undefined) return <code>{coded.code}</code>;
  const vars = Object.fromEntries(Object.entries(coded.params ?? {}).map(([k, v]) => [k, param(k, v, d)]));
  return <>{tNode(template, vars)}</>;
}
