"use client";

import type { AuthTrace, ModeName } from "@/lib/auth/types";
import { type Dict, t } from "@/lib/i18n";
import { type CodedDict, CodedText } from "./coded";
import { failureText } from "./error-message";
import { chip, muted } from "./ui";

/** Anything with a steps array is rendered as a trace; the server is the source of truth. */
export function isTrace(value: unknown): value is AuthTrace {
  return typeof value === "object" && value !== null && Array.isArray((value as { steps?: unknown }).steps);
}

/** What the one trace renderer needs: codes and time units, failure words, mode names. */
export interface TraceDict extends CodedDict {
  errors: Record<string, string>;
  mode: Record<ModeName, string>;
}

const ms = (n: number) => (Number.isFinite(n) ? n.toFixed(2) : "–");

/**
 * The server's own account of how it checked one request, step by step: the one renderer
 * for the dashboard, the labs, the guided path and the inspector. Steps and details arrive
 * as codes (lib/auth/codes.ts) and are put into words here. `compact`: the inspector's and
 * the labs' smaller form, without the header lines (they show their own summary).
 */
export function TraceView({
  trace,
  dict,
  testId,
  compact = false,
}: {
  trace: AuthTrace;
  dict: TraceDict;
  testId?: string;
  compact?: boolean;
}) {
  const c = dict.codes;
  const steps =
    trace.steps.length === 0 ? (
      <p className={muted}>{c.trace.noSteps}</p>
    ) : (
      <ol className={compact ? "space-y-1.5" : "space-y-2"} data-testid="trace-steps">
        {trace.steps.map((step, index) => (
          <li
            // A step's position is its identity within one trace (ids may repeat).
            // biome-ignore lint/suspicious/noArrayIndexKey: see above
            key={index}
            data-testid="trace-step"
            data-step={step.id}
            data-ok={step.ok}
            className={`rounded-lg border border-neutral-200 dark:border-neutral-800 ${compact ? "px-2 py-1.5" : "px-3 py-2"}`}
          >
            <div className="flex flex-wrap items-center gap-x-3 gap-y-1">
              <span className={`${muted} tabular-nums`}>{index + 1}.</span>
              <span className="font-medium">{c.steps[step.id] ?? step.id}</span>
              <span className={chip(step.ok ? "good" : "bad")}>{step.ok ? c.chips.ok : c.chips.failed}</span>
              <span className="font-mono tabular-nums">{t(c.trace.ms, { ms: ms(step.ms) })}</span>
              {step.dbQueries !== undefined && <span className={chip("warn")}>{t(c.trace.db, { n: step.dbQueries })}</span>}
            </div>
            {step.detail && (
              <p className={`mt-1 break-words ${muted} ${compact ? "text-xs" : ""}`} data-testid="trace-detail">
                <CodedText coded={step.detail} words={c.details} d={dict} />
              </p>
            )}
          </li>
        ))}
      </ol>
    );
  if (compact) return steps;

  return (
    <div data-testid={testId} className="space-y-3 text-sm">
      <dl className="flex flex-wrap gap-x-6 gap-y-1">
        <div className="flex gap-2">
          <dt className={muted}>{c.trace.mechanism}</dt>
          <dd className="font-medium">{trace.mode ? dict.mode[trace.mode] : c.trace.none}</dd>
        </div>
        <div className="flex gap-2">
          <dt className={muted}>{c.trace.cookie}</dt>
          <dd className="font-mono break-all">{trace.cookie ?? c.trace.none}</dd>
        </div>
      </dl>
      {steps}
      <p className="font-medium" data-testid={testId ? `${testId}-total` : undefined}>
        {t(c.trace.total, { ms: ms(trace.totalMs), n: trace.dbQueries })}
      </p>
      {trace.failure && (
        <p className="font-medium text-red-700 dark:text-red-300" data-testid={testId ? `${testId}-failure` : undefined}>
          {t(c.trace.failure, { code: failureText(dict.errors as Dict["errors"], trace.failure) })}
        </p>
      )}
    </div>
  );
}
