import type { AuthTrace } from "@/lib/auth/types";
import { type Locale, t } from "@/lib/i18n";
import type { CodesDict } from "@/lib/i18n/codes.en";
import type { LearnDict } from "@/lib/i18n/learn.en";
import { chip, muted } from "../ui";

const fmt = (n: number) => (Number.isFinite(n) ? n.toFixed(2) : "–");

/** The server's trace of one request: each step translated by its id, with time and DB queries. */
export function TraceSteps({ trace, learn, codes, locale }: { trace: AuthTrace; learn: LearnDict; codes: CodesDict; locale: Locale }) {
  const s = learn.inspector;
  return (
    <ol className="space-y-1.5" data-testid="trace-steps">
      {trace.steps.map((step, index) => (
        <li
          // biome-ignore lint/suspicious/noArrayIndexKey: a trace's steps never reorder
          key={index}
          data-testid="trace-step"
          data-step={step.id ?? step.name}
          data-ok={step.ok}
          className="rounded-md border border-neutral-200 px-2 py-1.5 dark:border-neutral-800"
        >
          <div className="flex flex-wrap items-center gap-x-2 gap-y-1">
            <span className="font-medium">{step.id ? codes.steps[step.id] : step.name}</span>
            <span className={chip(step.ok ? "good" : "bad")}>{step.ok ? "ok" : "✕"}</span>
            <span className={`font-mono tabular-nums ${muted}`}>{t(s.duration, { ms: fmt(step.ms) })}</span>
            {step.dbQueries !== undefined && <span className={chip("warn")}>{t(s.dbQueries, { n: step.dbQueries })}</span>}
          </div>
          {step.detail && (
            <p className={`mt-0.5 text-xs break-words ${muted}`} lang="en">
              {locale === "en" ? null : <span className="sr-only">{learn.request.detailLang}: </span>}
              {step.detail}
            </p>
          )}
        </li>
      ))}
    </ol>
  );
}
