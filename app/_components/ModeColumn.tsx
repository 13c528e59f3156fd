import type { InspectResponse, StorageView } from "@/lib/auth/types";
import { formatDuration } from "@/lib/client/time";
import { t } from "@/lib/i18n";
import { CookieCard } from "./CookieCard";
import { CodedText } from "./coded";
import type { DashboardDict } from "./dashboard-dict";
import { RefreshRowsTable } from "./RefreshRowsTable";
import { SessionRowsTable } from "./SessionRowsTable";
import { alertInfo, chip, muted } from "./ui";

const sectionHeading = "text-base font-semibold";

/** Everything one mode keeps, browser side then server side, and why it matters. */
export function ModeColumn({ view, config, dict }: { view: StorageView; config: InspectResponse["config"]; dict: DashboardDict }) {
  const d = dict.dashboard;
  const seconds = (s: number) => formatDuration(s * 1000, dict.time);
  const headingId = `column-${view.mode}-heading`;

  return (
    <section
      aria-labelledby={headingId}
      data-testid={`column-${view.mode}`}
      data-active={view.active}
      className={`min-w-0 space-y-5 rounded-xl border bg-white p-4 shadow-sm dark:bg-neutral-900 ${
        view.active
          ? "border-indigo-600 ring-2 ring-indigo-600/30 dark:border-indigo-400 dark:ring-indigo-400/30"
          : "border-dashed border-neutral-300 dark:border-neutral-700"
      }`}
    >
      <header className="flex flex-wrap items-center justify-between gap-2">
        <h2 id={headingId} className="text-xl font-semibold">
          {view.mode === "session" ? d.modeBadgeSession : d.modeBadgeJwt}
        </h2>
        <span className={chip(view.active ? "accent" : "neutral")}>{view.active ? d.columnActive : d.columnInactive}</span>
      </header>

      <section className="space-y-3">
        <h3 className={sectionHeading}>{d.inBrowser}</h3>
        {view.client.cookies.length === 0 ? (
          <p className={`text-sm ${muted}`}>{d.noCookies}</p>
        ) : (
          view.client.cookies.map((cookie) => <CookieCard key={cookie.name} cookie={cookie} dict={dict} />)
        )}
      </section>

      <section className="space-y-3">
        <h3 className={sectionHeading}>{d.onServer}</h3>
        {view.server.kind === "session" ? (
          <SessionRowsTable sessions={view.server.sessions} dict={d} reasons={dict.codes.reasons} />
        ) : (
          <>
            <p className={`${alertInfo} font-medium`} data-testid="no-access-token-stored">
              {t(d.noAccessTokenStored, { n: view.server.accessTokensStored })}
            </p>
            <RefreshRowsTable tokens={view.server.refreshTokens} dict={d} reasons={dict.codes.reasons} />
          </>
        )}
        <p className={`text-sm ${muted}`} data-testid={`note-${view.server.note.code}`}>
          <CodedText coded={view.server.note} words={dict.codes.notes} d={dict} />
        </p>
        <p className={`text-sm ${muted}`}>
          {view.mode === "session"
            ? t(d.configSession, { idle: seconds(config.sessionIdleTtl), absolute: seconds(config.sessionAbsoluteTtl) })
            : t(d.configJwt, {
                access: seconds(config.accessTokenTtl),
                refresh: seconds(config.refreshTokenTtl),
                grace: seconds(config.refreshReuseGrace),
              })}
        </p>
      </section>

      <section className="space-y-2 rounded-lg bg-neutral-100 p-3 dark:bg-neutral-800/60">
        <h3 className={sectionHeading}>{d.whyHeading}</h3>
        <p className="text-sm">{view.mode === "session" ? d.whySession : d.whyJwt}</p>
      </section>
    </section>
  );
}
