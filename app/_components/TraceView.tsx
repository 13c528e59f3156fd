import type { AuthTrace } from "@/lib/auth/types";
import { t } from "@/lib/i18n";
import type { DashboardDict } from "./dashboard-dict";
import { failureText } from "./error-message";
import { chip, muted } from "./ui";

/** Anything with a steps array is rendered as a trace; the server is the source of truth. */
export function isTrace(value: unknown): value is AuthTrace {
  return typeof value === "object" && value !== null && Array.isArray((value as { steps?: unknown }).steps);
}

const ms = (n: number) => (Number.isFinite(n) ? n.toFixed(2) : "–");

/** The server's own account of how it checked one request, step by step. */
export function TraceView({ trace, dict, testId }: { trace: AuthTrace; dict: DashboardDict; testId: string }) {
  const d = dict.dashboard;
  return (
    <div data-testid={testId} className="space-y-3 text-sm">
      <dl className="flex flex-wrap gap-x-6 gap-y-1">
        <div className="flex gap-2">
          <dt className={muted}>{d.traceMechanism}</dt>
          <dd className="font-medium">{trace.mode ? dict.mode[trace.mode] : d.traceNone}</dd>
        </div>
        <div className="flex gap-2">
          <dt className={muted}>{d.traceCookie}</dt>
          <dd className="font-mono break-all">{trace.cookie ?? d.traceNone}</dd>
        </div>
      </dl>

      {trace.steps.length === 0 ? (
        <p className={muted}>{d.traceNoSteps}</p>
      ) : (
        <ol className="space-y-2">
          {trace.steps.map((step, index) => (
            <li
              // Steps have no id; their position is their identity within one trace.
              // biome-ignore lint/suspicious/noArrayIndexKey: see above
              key={index}
              data-testid="trace-step"
              data-ok={step.ok}
              className="rounded-lg border border-neutral-200 px-3 py-2 dark:border-neutral-800"
            >
              <div className="flex flex-wrap items-center gap-x-3 gap-y-1">
                <span className={`${muted} tabular-nums`}>{index + 1}.</span>
                <span className="font-medium">{step.name}</span>
                <span className={chip(step.ok ? "good" : "bad")}>{step.ok ? d.stepOk : d.stepFailed}</span>
                <span className="font-mono tabular-nums">{t(d.stepMs, { ms: ms(step.ms) })}</span>
                {step.dbQueries !== undefined && <span className={chip("neutral")}>{t(d.stepDb, { n: step.dbQueries })}</span>}
              </div>
              {step.detail && <p className={`mt-1 break-words ${muted}`}>{step.detail}</p>}
            </li>
          ))}
        </ol>
      )}

      <p className="font-medium" data-testid={`${testId}-total`}>
        {t(d.traceTotal, { ms: ms(trace.totalMs), n: trace.dbQueries })}
      </p>
      {trace.failure && (
        <p className="font-medium text-red-700 dark:text-red-300" data-testid={`${testId}-failure`}>
          {t(d.traceFailure, { code: failureText(dict.errors, trace.failure) })}
        </p>
      )}
    </div>
  );
}
