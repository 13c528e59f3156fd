// Time formatting for the dashboard: local wall-clock time plus a relative phrase,
// built from dictionary templates so both languages read naturally.
import { type Dict, t } from "../i18n";

export type TimeDict = Dict["time"];

const pad = (n: number) => String(n).padStart(2, "0");

/** HH:MM:SS in the browser's time zone. */
export function formatClock(epochMs: number): string {
  const d = new Date(epochMs);
  return `${pad(d.getHours())}:${pad(d.getMinutes())}:${pad(d.getSeconds())}`;
}

/** "4m 10s": the two largest units, dropping a trailing zero ("5m", not "5m 0s"). */
export function formatDuration(ms: number, dict: TimeDict): string {
  let rest = Math.floor(Math.abs(ms) / 1000);
  const units = (
    [
      [86400, dict.days],
      [3600, dict.hours],
      [60, dict.minutes],
      [1, dict.seconds],
    ] as const
  ).map(([size, template]) => {
    const n = Math.floor(rest / size);
    rest -= n * size;
    return { n, template };
  });
  const first = units.findIndex((unit) => unit.n > 0);
  if (first === -1) return t(dict.seconds, { n: 0 });
  return units
    .slice(first, first + 2)
    .filter((unit) => unit.n > 0)
    .map((unit) => t(unit.template, { n: unit.n }))
    .join(" ");
}

/** "in 4m 10s" / "2m ago" / "just now", relative to `now`. */
export function formatRelative(epochMs: number, now: number, dict: TimeDict): string {
  const diff = epochMs - now;
  if (Math.abs(diff) < 1000) return dict.justNow;
  const d = formatDuration(diff, dict);
  return diff > 0 ? t(dict.inFuture, { d }) : t(dict.ago, { d });
}

/** First characters of a hash, for tables; the full value goes in a title attribute. */
export function shortHash(hash: string, length = 12): string {
  return hash.length > length ? `${hash.slice(0, length)}…` : hash;
}
