import type { ApiResult } from "@/lib/client/api";
import type { DashboardDict } from "./dashboard-dict";
import { errorMessage } from "./error-message";
import { isTrace, TraceView } from "./TraceView";
import { alertInfo, card, chip, muted } from "./ui";

/** The last GET /api/me: status, raw body, and the server's trace of how it checked it. */
export function ApiCallPanel({
  result,
  dict,
  cleared = null,
}: {
  result: ApiResult | null;
  dict: DashboardDict;
  /** Set when the mode changed since the last call: that response belonged to the other mode. */
  cleared?: string | null;
}) {
  const d = dict.dashboard;
  const trace = result && typeof result.body === "object" && result.body !== null ? (result.body as { trace?: unknown }).trace : undefined;

  return (
    <section aria-labelledby="api-heading" className={`${card} space-y-3`}>
      <h2 id="api-heading" className="text-xl font-semibold">
        {d.apiHeading}
      </h2>
      <p className={`text-sm ${muted}`}>{d.apiIntro}</p>
      {result === null ? (
        <p className={cleared ? alertInfo : `text-sm ${muted}`} data-testid={cleared ? "api-cleared" : "api-empty"}>
          {cleared ?? d.apiEmpty}
        </p>
      ) : (
        <div className="space-y-3">
          <p className="flex flex-wrap items-center gap-2 text-sm">
            <span className="font-medium">{d.apiStatus}</span>
            <span data-testid="api-status" className={`${chip(result.ok ? "good" : "bad")} font-mono text-sm`}>
              {result.status}
            </span>
            {!result.ok && <span className={muted}>{errorMessage(dict.errors, result.error, result.headers)}</span>}
          </p>
          {result.refreshed && <p className={alertInfo}>{d.apiRefreshed}</p>}
          <div className="space-y-1">
            <h3 className="text-sm font-medium">{d.apiBody}</h3>
            <pre
              // biome-ignore lint/a11y/noNoninteractiveTabindex: a scrollable region must be reachable by keyboard (axe scrollable-region-focusable)
              tabIndex={0}
              data-testid="api-body"
              className="max-h-80 overflow-auto rounded-lg bg-neutral-100 p-3 font-mono text-xs whitespace-pre-wrap break-all dark:bg-neutral-950"
            >
              {JSON.stringify(result.body, null, 2)}
            </pre>
          </div>
          {isTrace(trace) && (
            <div className="space-y-2">
              <h3 className="text-base font-semibold">{d.traceHeading}</h3>
              <TraceView trace={trace} dict={dict} testId="trace" />
            </div>
          )}
        </div>
      )}
    </section>
  );
}
