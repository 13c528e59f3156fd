"use client";

import { t } from "@/lib/i18n";
import type { LearnDict } from "@/lib/i18n/learn.en";
import { type TraceDict, TraceView } from "../TraceView";
import { chip, muted } from "../ui";
import type { InspectorEntry } from "./store";

// The inspector's list, loaded the first time the panel opens: pages that never open it
// never download it (the dashboard's JS budget, docs/performance.md).

const fmt = (n: number) => (Number.isFinite(n) ? n.toFixed(1) : "–");

function statusTone(status: number) {
  if (status >= 200 && status < 300) return "good" as const;
  if (status >= 300 && status < 400) return "neutral" as const;
  if (status === 0 || status >= 500) return "bad" as const;
  return "warn" as const;
}

function EntryView({ entry, learn, dict }: { entry: InspectorEntry; learn: LearnDict; dict: TraceDict }) {
  const errors: Record<string, string> = dict.errors;
  const s = learn.inspector;
  const source = entry.source === "browser" ? s.fromBrowser : t(s.fromServer, { actor: learn.actors[entry.source] });
  const outcome = entry.trace
    ? entry.trace.failure === null
      ? t(s.outcomeOk, { mode: entry.trace.mode ? dict.mode[entry.trace.mode] : dict.codes.trace.none })
      : t(s.outcomeFailed, { code: errors[entry.trace.failure] ?? entry.trace.failure })
    : entry.errorCode
      ? t(s.outcomeFailed, { code: errors[entry.errorCode] ?? entry.errorCode })
      : t(s.outcomeStatus, { status: entry.status });
  return (
    <details
      className="group rounded-lg border border-neutral-200 bg-white open:shadow-sm dark:border-neutral-800 dark:bg-neutral-900"
      data-testid="inspector-entry"
      data-path={entry.path}
      data-status={entry.status}
      data-source={entry.source}
      data-background={entry.background}
    >
      <summary className="flex cursor-pointer flex-wrap items-center gap-x-2 gap-y-1 rounded-lg px-3 py-2 text-sm">
        <span className="font-mono text-xs font-semibold">{entry.method}</span>
        <span className="min-w-0 flex-1 font-mono text-xs break-all">
          {entry.path}
          {entry.port !== null && entry.source.startsWith("server_") && <span className={muted}> :{entry.port}</span>}
        </span>
        <span className={`${chip(statusTone(entry.status))} font-mono`}>{entry.status}</span>
        {entry.background && <span className={chip("neutral")}>{s.background}</span>}
        <span className={`text-xs tabular-nums ${muted}`}>{t(s.duration, { ms: fmt(entry.ms) })}</span>
        <span className={`w-full text-xs ${muted}`}>
          {source}
          {entry.omitted ? ` · ${s.omitted}` : ""} · {outcome}
          {entry.instance && (
            <span data-testid="inspector-instance" data-instance={entry.instance}>
              {" · "}
              {t(s.answeredBy, { id: entry.instance })}
            </span>
          )}
        </span>
      </summary>
      <div className="space-y-2 border-t border-neutral-200 px-3 py-2 text-xs dark:border-neutral-800">
        <div>
          <p className="font-medium">{s.cookiesSent}</p>
          <p className={muted} data-testid="inspector-cookies">
            {entry.cookies.length === 0 ? s.noCookies : entry.cookies.map((c) => t(s.cookieSize, { name: c.name, n: c.size })).join(", ")}
          </p>
        </div>
        {entry.errorCode && errors[entry.errorCode] && <p className={muted}>{errors[entry.errorCode]}</p>}
        {entry.trace ? (
          <div className="space-y-1">
            <p className="font-medium">
              {s.steps} · {t(s.duration, { ms: fmt(entry.trace.totalMs) })} · {t(s.dbQueries, { n: entry.trace.dbQueries })}
            </p>
            <TraceView trace={entry.trace} dict={dict} compact />
          </div>
        ) : (
          <p className={muted}>{s.noTrace}</p>
        )}
      </div>
    </details>
  );
}

/** The recorded requests, newest first. */
export default function InspectorEntries({ entries, learn, dict }: { entries: InspectorEntry[]; learn: LearnDict; dict: TraceDict }) {
  return (
    <ol className="space-y-2" aria-label={learn.inspector.newest}>
      {entries.map((entry) => (
        <li key={entry.key}>
          <EntryView entry={entry} learn={learn} dict={dict} />
        </li>
      ))}
    </ol>
  );
}
