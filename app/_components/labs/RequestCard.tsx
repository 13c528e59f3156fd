import { t } from "@/lib/i18n";
import type { LearnDict } from "@/lib/i18n/learn.en";
import type { LabRequest } from "@/lib/labs/types";
import { type TraceDict, TraceView } from "../TraceView";
import { chip, muted } from "../ui";

/** The labs' shared words; the trace part is what the one renderer (TraceView) needs. */
export interface LabUiDict extends TraceDict {
  learn: LearnDict;
  modeNames: Record<"session" | "jwt", string>;
}

const fmt = (n: number) => (Number.isFinite(n) ? n.toFixed(2) : "–");

/** One request a lab made: who sent it, what the server saw, what came back, and how it checked. */
export function RequestCard({ request, ui, label }: { request: LabRequest; ui: LabUiDict; label?: string }) {
  const { learn, errors } = ui;
  const r = learn.request;
  const ok = request.status >= 200 && request.status < 300;
  const failedStep = request.trace?.steps.find((s) => !s.ok);
  return (
    <div
      data-testid="lab-request"
      data-actor={request.actor}
      data-status={request.status}
      data-code={request.code ?? ""}
      className="space-y-1.5 rounded-lg border border-neutral-200 p-3 text-sm dark:border-neutral-800"
    >
      {label && <p className="font-medium">{label}</p>}
      <div className="flex flex-wrap items-center gap-x-2 gap-y-1">
        <span className={chip(request.actor === "attacker" || request.actor === "thief" ? "bad" : "neutral")}>
          {learn.actors[request.actor]}
        </span>
        <span className="font-mono text-xs break-all">
          {request.method} {request.path}
          {request.actor.startsWith("server_") ? <span className={muted}> :{request.port}</span> : null}
        </span>
        <span className={`${chip(ok ? "good" : "bad")} font-mono`} data-testid="lab-request-status">
          {request.status}
        </span>
        {request.code && <span className={`${chip("warn")} font-mono`}>{request.code}</span>}
      </div>
      <p className={muted}>
        {request.user ? t(r.recognisedAs, { user: request.user }) : r.stranger}
        {request.code && errors[request.code] ? ` · ${errors[request.code]}` : ""}
      </p>
      <p className={`text-xs ${muted}`}>
        {request.cookies.length > 0
          ? t(r.withCookies, { list: request.cookies.map((c) => t(learn.inspector.cookieSize, { name: c.name, n: c.size })).join(", ") })
          : r.withoutCookies}
        {request.sent.origin ? ` · ${t(r.originSent, { origin: request.sent.origin })}` : ""}
      </p>
      {request.trace && request.trace.steps.length > 0 && (
        <details>
          <summary className="cursor-pointer text-xs font-medium">
            {r.showTrace} ·{" "}
            {t(r.traceSummary, { steps: request.trace.steps.length, ms: fmt(request.trace.totalMs), n: request.trace.dbQueries })}
            {failedStep ? ` · ${t(r.failedAt, { step: ui.codes.steps[failedStep.id] })}` : ""}
          </summary>
          <div className="mt-2 text-xs">
            <TraceView trace={request.trace} dict={ui} compact />
          </div>
        </details>
      )}
    </div>
  );
}
