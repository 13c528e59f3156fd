"use client";

import Link from "next/link";
import { useRouter } from "next/navigation";
import { useState } from "react";
import { type MeResponse, MODE_NAMES, type ModeName, type UserDTO } from "@/lib/auth/types";
import { type ApiResult, apiFetch, refreshCredentials } from "@/lib/client/api";
import { formatClock } from "@/lib/client/time";
import { type Locale, t } from "@/lib/i18n";
import type { DevicesDict } from "@/lib/i18n/devices.en";
import { ApiCallPanel } from "./ApiCallPanel";
import { ClockProvider } from "./Clock";
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
}

export function Dashboard({ initialUser, initialMode, locale, dict, devicesDict }: Props) {
  const d = dict.dashboard;
  const router = useRouter();
  // One request per poll: the inspect view and the devices view together.
  const inspect = useInspect(5000, "/api/auth/inspect?with=devices");
  const [busy, setBusy] = useState<Action | null>(null);
  const [apiResult, setApiResult] = useState<ApiResult | null>(null);
  const [status, setStatus] = useState<{ ok: boolean; text: string } | null>(null);

  const data = inspect.data;
  const mode = data?.mode ?? initialMode;
  const user = data?.user ?? initialUser;
  const otherMode: ModeName = mode === "session" ? "jwt" : "session";
  const modeLabel = (m: ModeName) => (m === "session" ? d.modeBadgeSession : d.modeBadgeJwt);
  // The mode this browser is in comes first; otherwise keep the usual order.
  const views = data ? MODE_NAMES.map((m) => data.modes[m]).sort((a, b) => Number(b.active) - Number(a.active)) : [];

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
      setApiResult(await apiFetch<MeResponse>("/api/me"));
    });

  const switchMode = () =>
    run("switch", async () => {
      const result = await apiFetch("/api/me/mode", { method: "PUT", body: { mode: otherMode } });
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
        <div className="space-y-1">
          <h1 className="text-3xl font-bold tracking-tight">{d.title}</h1>
          <p className={muted}>{d.lead}</p>
        </div>

        <section aria-label={d.actionsLabel} className={`${card} space-y-4`}>
          <div className="flex flex-wrap items-center gap-2">
            <p data-testid="whoami" className="text-lg font-semibold break-all">
              {t(d.whoami, { username: user.username })}
            </p>
            <span className={chip("neutral")}>{t(d.role, { role: user.role })}</span>
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
              disabled={busy !== null}
              aria-describedby={mode === "session" ? "refresh-hint" : undefined}
              className={buttonSecondary}
            >
              {busy === "refresh" ? d.working : d.refreshNow}
            </button>
            <button type="button" data-testid="logout" onClick={logout} disabled={busy !== null} className={buttonSecondary}>
              {busy === "logout" ? d.working : d.logout}
            </button>
          </div>
          {mode === "session" && (
            <p id="refresh-hint" className={`text-sm ${muted}`}>
              {d.refreshOnlyJwt}
            </p>
          )}

          <p
            role="status"
            data-testid="action-status"
            className={
              status
                ? `text-sm font-medium ${status.ok ? "text-emerald-800 dark:text-emerald-300" : "text-red-700 dark:text-red-300"}`
                : "sr-only"
            }
          >
            {status?.text}
          </p>
          <p className={`text-xs ${muted}`}>
            {d.liveNote} {inspect.updatedAt !== null && t(d.lastUpdated, { time: formatClock(inspect.updatedAt) })}
          </p>
        </section>

        {inspect.problem?.kind === "signed-out" && (
          <div role="alert" className={alertError} data-testid="signed-out">
            {t(d.signedOut, { message: errorMessage(dict.errors, inspect.problem.error) })}{" "}
            <Link href="/login?next=%2Fdashboard" className={link}>
              {d.loginAgain}
            </Link>
          </div>
        )}
        {inspect.problem?.kind === "failed" && (
          <div role="alert" className={`${alertError} flex flex-wrap items-center gap-3`}>
            <span>{t(d.loadFailed, { message: errorMessage(dict.errors, inspect.problem.error) })}</span>
            <button type="button" onClick={() => void inspect.reload()} className={`${buttonSecondary} px-3 py-1`}>
              {d.retry}
            </button>
          </div>
        )}

        <ApiCallPanel result={apiResult} dict={dict} />

        {data ? (
          <>
            <div className="grid gap-6 lg:grid-cols-2">
              {views.map((view) => (
                <ModeColumn key={view.mode} view={view} config={data.config} dict={dict} />
              ))}
            </div>
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
