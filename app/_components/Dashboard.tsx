"use client";

import Link from "next/link";
import { useRouter } from "next/navigation";
import { useEffect, useState } from "react";
import { type ExposureWindow, type MeResponse, MODE_NAMES, type ModeName, type UserDTO } from "@/lib/auth/types";
import { type ApiResult, apiFetch, refreshCredentials } from "@/lib/client/api";
import { announceLogin } from "@/lib/client/login-state";
import { formatClock, formatDuration } from "@/lib/client/time";
import { type Locale, t } from "@/lib/i18n";
import type { DevicesDict } from "@/lib/i18n/devices.en";
import type { SharedDict } from "@/lib/i18n/shared.en";
import { ApiCallPanel } from "./ApiCallPanel";
import { CheckCountersCard } from "./CheckCountersCard";
import { ClockProvider, useClock } from "./Clock";
import { type Status, StatusLine } from "./common/StatusLine";
import type { DashboardDict } from "./dashboard-dict";
import { DevicesSection } from "./devices/DevicesSection";
import { errorMessage } from "./error-message";
import { ModeColumn } from "./ModeColumn";
import { TraceView } from "./TraceView";
import { alertError, buttonPrimary, buttonSecondary, card, chip, link, muted } from "./ui";
import { useInspect } from "./useInspect";

type Action = "call" | "switch" | "refresh" | "logout";

interface Props {
  initialUser: UserDTO;
  initialMode: ModeName;
  locale: Locale;
  dict: DashboardDict;
  devicesDict: DevicesDict;
  shared: SharedDict;
}

export function Dashboard({ initialUser, initialMode, locale, dict, devicesDict, shared }: Props) {
  const d = dict.dashboard;
  const router = useRouter();
  // One request per poll: the inspect view and the devices view together.
  const inspect = useInspect(5000, "/api/auth/inspect?with=devices");
  const [busy, setBusy] = useState<Action | null>(null);
  // The last GET /api/me and the mode it was made in: shown only under that mode's badge.
  const [api, setApi] = useState<{ result: ApiResult; mode: ModeName } | null>(null);
  const [status, setStatus] = useState<Status>(null);
  // Phones show one mode column at a time; null = this browser's mode.
  const [shownMode, setShownMode] = useState<ModeName | null>(null);

  const data = inspect.data;
  const mode = data?.mode ?? initialMode;
  const user = data?.user ?? initialUser;
  const otherMode: ModeName = mode === "session" ? "jwt" : "session";
  const modeLabel = (m: ModeName) => (m === "session" ? d.modeBadgeSession : d.modeBadgeJwt);
  // The mode this browser is in comes first; otherwise keep the usual order.
  const views = data ? MODE_NAMES.map((m) => data.modes[m]).sort((a, b) => Number(b.active) - Number(a.active)) : [];
  const phoneMode = shownMode ?? mode;
  // The server marks this browser's own ended JWT login (a gap still open): from the inside.
  const myGap = data?.devices?.exposures.find((w) => w.current && !w.closedByDenylist) ?? null;
  const signedOut = inspect.problem?.kind === "signed-out";
  const apiResult = api && api.mode === mode ? api.result : null;
  const apiCleared = api !== null && api.mode !== mode;

  // The header follows what this page learns (lib/client/login-state.ts).
  useEffect(() => {
    if (!data && !signedOut) return;
    announceLogin({ username: user.username, role: user.role, mode, ended: signedOut || myGap !== null });
  }, [data, signedOut, myGap, user.username, user.role, mode]);

  const failed = (result: Extract<ApiResult, { ok: false }>) => ({
    ok: false,
    text: t(d.actionFailed, { status: result.status, message: errorMessage(dict.errors, result.error, result.headers) }),
  });

  async function run(action: Action, work: () => Promise<void>) {
    if (busy) return;
    setBusy(action);
    setStatus(null);
    inspect.pause();
    try {
      await work();
    } finally {
      setBusy(null);
      inspect.resume();
    }
  }

  const callApi = () =>
    run("call", async () => {
      const result = await apiFetch<MeResponse>("/api/me");
      setApi({ result, mode: result.ok ? result.body.mode : mode });
    });

  const switchMode = () =>
    run("switch", async () => {
      const result = await apiFetch("/api/me/mode", { method: "PUT", body: { mode: otherMode } });
      if (result.ok) setShownMode(null);
      setStatus(result.ok ? { ok: true, text: t(d.switched, { mode: modeLabel(otherMode) }) } : failed(result));
    });

  const refreshNow = () =>
    run("refresh", async () => {
      const result = await refreshCredentials();
      // rotated=false: another tab refreshed a moment ago, so the server kept the refresh token.
      const rotated = !(result.ok && (result.body as { rotated?: unknown } | null)?.rotated === false);
      setStatus(result.ok ? { ok: true, text: rotated ? d.refreshed : d.refreshedGrace } : failed(result));
    });

  const logout = () =>
    run("logout", async () => {
      const result = await apiFetch("/api/auth/logout", { method: "POST" });
      if (result.status === 0 && !result.ok) {
        setStatus(failed(result));
        return;
      }
      inspect.stop();
      router.push("/login");
    });

  return (
    <ClockProvider offsetMs={inspect.offsetMs} dict={dict.time} locale={locale}>
      <div className="space-y-6">
        {(signedOut || myGap) && (
          <div role="alert" className={`${alertError} space-y-1`} data-testid="login-ended">
            <p className="font-semibold">{shared.ended.heading}</p>
            {myGap && !signedOut ? (
              <ThisBrowserGap window={myGap} text={devicesDict.devices.gapHere} />
            ) : (
              <p data-testid="signed-out">
                {t(d.signedOut, { message: errorMessage(dict.errors, inspect.problem?.error ?? { code: "", message: "" }) })}
              </p>
            )}
            <Link href="/login?next=%2Fdashboard" className={link}>
              {d.loginAgain}
            </Link>
          </div>
        )}
        <div className="space-y-1">
          <h1 className="text-3xl font-bold tracking-tight">{d.title}</h1>
          <p className={muted}>{d.lead}</p>
        </div>

        <section aria-label={d.actionsLabel} className={`${card} space-y-4`}>
          <div className="flex flex-wrap items-center gap-2">
            <p data-testid="whoami" className="text-lg font-semibold break-all">
              {signedOut || myGap ? t(shared.ended.whoami, { username: user.username }) : t(d.whoami, { username: user.username })}
            </p>
            <span className={chip("neutral")}>{t(d.role, { role: dict.codes.roles[user.role] })}</span>
            <span data-testid="mode-badge" data-mode={mode} className={chip("accent")}>
              {modeLabel(mode)}
            </span>
          </div>

          <div className="flex flex-wrap items-center gap-2">
            <button type="button" data-testid="call-api" onClick={callApi} disabled={busy !== null} className={buttonPrimary}>
              {busy === "call" ? d.callingApi : d.callApi}
            </button>
            <button type="button" data-testid="switch-mode" onClick={switchMode} disabled={busy !== null} className={buttonSecondary}>
              {busy === "switch" ? d.working : mode === "session" ? d.switchToJwt : d.switchToSession}
            </button>
            <button
              type="button"
              data-testid="refresh-now"
              onClick={refreshNow}
              disabled={busy !== null || mode === "session"}
              aria-describedby={mode === "session" ? "refresh-hint" : undefined}
              className={buttonSecondary}
            >
              {busy === "refresh" ? d.working : d.refreshNow}
            </button>
            {/* Beside the button it explains: a session has no refresh token to rotate. */}
            {mode === "session" && (
              <span id="refresh-hint" data-testid="refresh-hint" className={`max-w-xs text-sm ${muted}`}>
                {d.refreshOnlyJwt}
              </span>
            )}
            <button type="button" data-testid="logout" onClick={logout} disabled={busy !== null} className={buttonSecondary}>
              {busy === "logout" ? d.working : d.logout}
            </button>
          </div>

          <StatusLine status={status} testId="action-status" />
          <p className={`text-xs ${muted}`}>
            {d.liveNote} {inspect.updatedAt !== null && t(d.lastUpdated, { time: formatClock(inspect.updatedAt) })}
            {inspect.instance && (
              <span data-testid="dashboard-instance" data-instance={inspect.instance}>
                {" · "}
                {t(shared.instance.answeredBy, { id: inspect.instance })}
              </span>
            )}
          </p>
        </section>

        {inspect.problem?.kind === "failed" && (
          <div role="alert" className={`${alertError} flex flex-wrap items-center gap-3`}>
            <span>{t(d.loadFailed, { message: errorMessage(dict.errors, inspect.problem.error) })}</span>
            <button type="button" onClick={() => void inspect.reload()} className={`${buttonSecondary} px-3 py-1`}>
              {d.retry}
            </button>
          </div>
        )}

        <ApiCallPanel result={apiResult} dict={dict} cleared={apiCleared ? shared.api.cleared : null} />

        {data ? (
          <>
            {/* A phone shows one column at a time (a switch); side by side from tablet width up. */}
            <fieldset className="md:hidden" data-testid="mode-switch">
              <legend className="sr-only">{shared.modeSwitch.label}</legend>
              <div className="grid grid-cols-2 gap-1 rounded-lg border border-neutral-300 p-1 dark:border-neutral-700">
                {views.map((view) => (
                  <button
                    key={view.mode}
                    type="button"
                    aria-pressed={phoneMode === view.mode}
                    aria-controls={`mode-column-${view.mode}`}
                    onClick={() => setShownMode(view.mode)}
                    data-testid={`show-mode-${view.mode}`}
                    className="rounded-md px-3 py-2 text-sm font-medium text-neutral-700 aria-pressed:bg-indigo-600 aria-pressed:text-white dark:text-neutral-300 dark:aria-pressed:bg-indigo-500"
                  >
                    {modeLabel(view.mode)}
                  </button>
                ))}
              </div>
            </fieldset>
            <div className="grid gap-6 md:grid-cols-2">
              {views.map((view) => (
                <div
                  key={view.mode}
                  id={`mode-column-${view.mode}`}
                  data-testid={`mode-column-${view.mode}`}
                  className={`min-w-0 ${view.mode === phoneMode ? "" : "max-md:hidden"}`}
                >
                  <ModeColumn view={view} config={data.config} dict={dict} />
                </div>
              ))}
            </div>
            <CheckCountersCard counters={data.checkCounters} dict={shared.counters} modeNames={dict.mode} />
            <details className={card}>
              <summary className="cursor-pointer font-medium">{d.inspectTraceHeading}</summary>
              <div className="mt-3">
                <TraceView trace={data.trace} dict={dict} testId="inspect-trace" />
              </div>
            </details>
          </>
        ) : (
          !inspect.problem && (
            <p role="status" className={muted}>
              {d.loading}
            </p>
          )
        )}

        <DevicesSection inspect={data} dict={devicesDict} common={dict} onChanged={inspect.reload} />
      </div>
    </ClockProvider>
  );
}

/** On the dashboard of the browser whose JWT login was ended: the gap, from the inside. */
function ThisBrowserGap({ window: w, text }: { window: ExposureWindow; text: string }) {
  const { now, dict: timeDict } = useClock();
  return (
    <p data-testid="gap-here">
      {t(text, { revokedAt: formatClock(w.revokedAt), remaining: formatDuration(Math.max(0, w.until - now), timeDict) })}
    </p>
  );
}
