"use client";

import { useCallback, useEffect, useRef, useState } from "react";
import type { AdminUserView, LoginItem } from "@/lib/auth/types";
import { type ApiResult, apiFetch } from "@/lib/client/api";
import { formatClock } from "@/lib/client/time";
import { type Dict, type Locale, t } from "@/lib/i18n";
import type { DevicesDict } from "@/lib/i18n/devices.en";
import { ClockProvider, TimeStamp, useHydrated } from "../_components/Clock";
import { type Column, DataTable } from "../_components/common/DataTable";
import { type Status, StatusLine } from "../_components/common/StatusLine";
import { deviceLabel } from "../_components/devices/device-name";
import { ExposureTimeline } from "../_components/devices/ExposureTimeline";
import { policyLabel } from "../_components/devices/PolicyForm";
import { errorMessage } from "../_components/error-message";
import { alertError, buttonSecondary, card, chip, muted } from "../_components/ui";

type CommonDict = Pick<Dict, "errors" | "mode" | "time">;

interface Props {
  initialUsers: AdminUserView[];
  meId: string;
  dict: DevicesDict;
  common: CommonDict;
  locale: Locale;
  pollMs?: number;
}

const smallButton = `${buttonSecondary} relative px-3 py-1 whitespace-nowrap`;

export function AdminPanel({ initialUsers, meId, dict, common, locale, pollMs = 5000 }: Props) {
  const d = dict.admin;
  const errors = { ...common.errors, ...dict.errors };
  const [users, setUsers] = useState(initialUsers);
  const [updatedAt, setUpdatedAt] = useState<number | null>(null);
  const [loadError, setLoadError] = useState<string | null>(null);
  const [busy, setBusy] = useState<string | null>(null);
  const [status, setStatus] = useState<Status>(null);
  const generation = useRef(0);
  const hydrated = useHydrated();

  const load = useCallback(async () => {
    const mine = ++generation.current;
    const result = await apiFetch<{ users: AdminUserView[] }>("/api/admin/users");
    if (mine !== generation.current) return;
    if (result.ok) {
      setUsers(result.body.users);
      setUpdatedAt(Date.now());
      setLoadError(null);
    } else {
      setLoadError(t(d.loadFailed, { message: errorMessage({ ...common.errors, ...dict.errors }, result.error, result.headers) }));
    }
  }, [d, common, dict]);

  useEffect(() => {
    const tick = () => {
      if (document.visibilityState === "visible") void load();
    };
    const timer = setInterval(tick, pollMs);
    document.addEventListener("visibilitychange", tick);
    return () => {
      clearInterval(timer);
      document.removeEventListener("visibilitychange", tick);
    };
  }, [load, pollMs]);

  const failed = (result: Extract<ApiResult, { ok: false }>): Status => ({
    ok: false,
    text: t(d.failed, { status: result.status, message: errorMessage(errors, result.error, result.headers) }),
  });

  async function act(key: string, work: () => Promise<Status>) {
    if (busy) return;
    setBusy(key);
    setStatus(null);
    generation.current += 1;
    try {
      setStatus(await work());
    } finally {
      setBusy(null);
      await load();
    }
  }

  const forceLogout = (user: AdminUserView) =>
    act(`user:${user.id}`, async () => {
      const result = await apiFetch<{ revoked: number }>(`/api/admin/users/${encodeURIComponent(user.id)}/force-logout`, {
        method: "POST",
      });
      if (!result.ok) return failed(result);
      const n = result.body.revoked;
      const text =
        n === 0 ? t(d.forcedNone, { username: user.username }) : t(n === 1 ? d.forcedOne : d.forced, { n, username: user.username });
      return { ok: true, text };
    });

  const endLogin = (user: AdminUserView, login: LoginItem) =>
    act(login.id, async () => {
      const result = await apiFetch<{ revoked: boolean }>(`/api/admin/sessions/${encodeURIComponent(login.id)}`, { method: "DELETE" });
      if (!result.ok) return failed(result);
      return { ok: true, text: result.body.revoked ? t(d.ended, { username: user.username }) : d.endedNothing };
    });

  const loginColumns = (user: AdminUserView): Column<LoginItem>[] => [
    {
      id: "mode",
      header: dict.devices.colMode,
      cell: (login) => <span className={chip(login.mode === "session" ? "good" : "accent")}>{common.mode[login.mode]}</span>,
    },
    {
      id: "device",
      header: dict.devices.colDevice,
      cell: (login) => (
        <span className="flex flex-wrap items-center gap-2">
          <span className="font-medium" title={login.userAgent ?? undefined}>
            {deviceLabel(login.userAgent, dict.devices)}
          </span>
          {login.current && <span className={chip("accent")}>{d.thisBrowser}</span>}
        </span>
      ),
    },
    { id: "ip", header: dict.devices.colIp, cell: (login) => <span className="font-mono text-xs">{login.ip ?? dict.devices.noIp}</span> },
    { id: "lastSeen", header: dict.devices.colLastSeen, cell: (login) => <TimeStamp at={login.lastSeenAt} /> },
    {
      id: "actions",
      header: dict.devices.colActions,
      cell: (login) => (
        <button
          type="button"
          data-testid="end-login"
          onClick={() => void endLogin(user, login)}
          disabled={busy !== null || login.current}
          className={smallButton}
        >
          {busy === login.id ? dict.devices.working : d.endLogin}
          <span className="sr-only">
            {" "}
            {t(d.endLoginWhich, {
              mode: common.mode[login.mode],
              username: user.username,
              device: deviceLabel(login.userAgent, dict.devices),
            })}
          </span>
        </button>
      ),
    },
  ];

  return (
    <ClockProvider offsetMs={0} dict={common.time} locale={locale}>
      <div className="space-y-6">
        <div className="space-y-2">
          <h1 className="text-3xl font-bold tracking-tight">{d.title}</h1>
          <p className={`max-w-3xl ${muted}`}>{d.lead}</p>
          <p className={`text-xs ${muted}`}>
            {d.liveNote} {hydrated && updatedAt !== null && formatClock(updatedAt)}
          </p>
        </div>

        <StatusLine status={status} testId="admin-status" look="box" />
        {loadError && (
          <p role="alert" className={alertError}>
            {loadError}
          </p>
        )}

        <section aria-labelledby="users-heading" className="space-y-4">
          <h2 id="users-heading" className="text-xl font-semibold">
            {d.usersHeading} <span className={`text-base font-normal ${muted}`}>({t(d.userCount, { n: users.length })})</span>
          </h2>
          <ul className="space-y-4">
            {users.map((user) => {
              const isMe = user.id === meId;
              const n = user.logins.length;
              return (
                <li key={user.id} data-testid="admin-user" data-username={user.username} className={`${card} space-y-3`}>
                  <div className="flex flex-wrap items-start justify-between gap-3">
                    <div className="min-w-0 space-y-1">
                      <h3 className="flex flex-wrap items-center gap-2 text-lg font-semibold break-all">
                        {user.username}
                        {isMe && <span className={chip("accent")}>{d.you}</span>}
                      </h3>
                      <p className="flex flex-wrap gap-1.5">
                        <span className={chip(user.role === "admin" ? "accent" : "neutral")}>{t(d.role, { role: user.role })}</span>
                        <span className={chip("neutral")}>{t(d.policy, { policy: policyLabel(user.concurrentLogins, dict.policy) })}</span>
                        <span className={chip("neutral")}>{t(d.preferred, { mode: common.mode[user.preferredMode] })}</span>
                        <span data-testid="admin-login-count" className={chip(n > 0 ? "good" : "neutral")}>
                          {n === 0 ? d.loginsNone : n === 1 ? d.loginsOne : t(d.loginsCount, { n })}
                        </span>
                      </p>
                    </div>
                    <div className="flex flex-col items-start gap-1 sm:items-end">
                      <button
                        type="button"
                        data-testid="force-logout"
                        onClick={() => void forceLogout(user)}
                        disabled={busy !== null || isMe || n === 0}
                        aria-describedby={isMe ? `self-${user.id}` : undefined}
                        className={`${buttonSecondary} relative border-red-300 text-red-800 hover:bg-red-50 dark:border-red-800 dark:text-red-200 dark:hover:bg-red-950/50`}
                      >
                        {busy === `user:${user.id}` ? dict.devices.working : d.forceLogout}
                        <span className="sr-only"> {t(d.forceLogoutWhich, { username: user.username })}</span>
                      </button>
                      {isMe && (
                        <span id={`self-${user.id}`} className={`text-xs ${muted}`}>
                          {d.forceLogoutSelf}
                        </span>
                      )}
                    </div>
                  </div>

                  {n > 0 && (
                    <DataTable
                      caption={t(d.loginsCount, { n })}
                      captionHidden
                      columns={loginColumns(user)}
                      rows={user.logins}
                      rowKey={(login) => login.id}
                      rowProps={(login) => ({ "data-testid": "admin-login", "data-login-id": login.id, "data-mode": login.mode })}
                      empty={d.loginsNone}
                    />
                  )}

                  {/* Times in the reader's zone and "in 4 s" exist only in the browser: after hydration (#418). */}
                  {hydrated && user.exposures.length > 0 && (
                    <div className="space-y-2">
                      <h4 className="text-sm font-semibold">{d.gapHeading}</h4>
                      <ExposureTimeline windows={user.exposures} dict={dict} />
                    </div>
                  )}
                </li>
              );
            })}
          </ul>
        </section>
      </div>
    </ClockProvider>
  );
}
