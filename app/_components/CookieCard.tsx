import type { CookieView } from "@/lib/auth/types";
import { t } from "@/lib/i18n";
import { TimeStamp } from "./Clock";
import { Countdown } from "./Countdown";
import { CodedText, LocalTime } from "./coded";
import type { DashboardDict } from "./dashboard-dict";
import { tNode } from "./t-node";
import { chip, muted } from "./ui";

const COOKIE_LIMIT_BYTES = 4096;

const pre =
  "max-h-72 overflow-auto rounded-lg bg-neutral-100 p-3 font-mono text-xs whitespace-pre-wrap break-all text-neutral-900 dark:bg-neutral-950 dark:text-neutral-100";

/** One cookie as the browser holds it, with what each attribute means for safety. */
export function CookieCard({ cookie, dict }: { cookie: CookieView; dict: DashboardDict }) {
  const d = dict.dashboard;
  const claims = cookie.decoded?.claims;
  const exp = typeof claims?.exp === "number" ? claims.exp : null;
  const iat = typeof claims?.iat === "number" ? claims.iat : undefined;
  const size = cookie.sizeBytes;

  return (
    <article
      data-testid={`cookie-${cookie.name}`}
      data-present={cookie.present}
      className="min-w-0 space-y-3 rounded-lg border border-neutral-200 bg-neutral-50 p-3 dark:border-neutral-800 dark:bg-neutral-950/40"
    >
      <div className="flex flex-wrap items-center justify-between gap-2">
        <h4 className="font-mono text-sm font-semibold break-all">{cookie.name}</h4>
        <span className={chip(cookie.present ? "good" : "neutral")}>{cookie.present ? d.cookiePresent : d.cookieAbsent}</span>
      </div>

      <dl className="grid grid-cols-1 gap-x-3 gap-y-2 text-sm sm:grid-cols-[max-content_1fr]">
        <dt className={muted}>{d.cookieValue}</dt>
        <dd className="min-w-0 font-mono text-xs break-all">{cookie.valuePreview ?? "—"}</dd>

        <dt className={muted}>{d.cookieSize}</dt>
        <dd>
          {size === null ? (
            "—"
          ) : (
            <div className="space-y-1">
              <span className="tabular-nums">{t(d.cookieSizeOf, { n: size })}</span>
              <div aria-hidden="true" className="h-1.5 w-full max-w-48 overflow-hidden rounded-full bg-neutral-200 dark:bg-neutral-800">
                <div
                  className="h-full bg-neutral-500 dark:bg-neutral-400"
                  style={{ width: `${Math.min(100, (size / COOKIE_LIMIT_BYTES) * 100)}%` }}
                />
              </div>
            </div>
          )}
        </dd>

        <dt className={muted}>{d.cookieFlags}</dt>
        <dd>
          <ul className="flex flex-wrap gap-1.5">
            <li className={chip(cookie.httpOnly ? "good" : "warn")}>{cookie.httpOnly ? d.flagHttpOnly : d.flagNotHttpOnly}</li>
            <li className={chip(cookie.sameSite === "none" ? "warn" : "good")}>
              {t(d.flagSameSite, { value: capitalize(cookie.sameSite) })}
            </li>
            <li className={chip(cookie.secure ? "good" : "neutral")}>{cookie.secure ? d.flagSecure : d.flagNotSecure}</li>
            <li className={`${chip("neutral")} font-mono`}>{t(d.flagPath, { value: cookie.path })}</li>
            <li className={chip("neutral")}>
              {cookie.expiresAt === null ? (
                d.flagSessionCookie
              ) : (
                <span>{tNode(d.flagExpires, { time: <TimeStamp at={cookie.expiresAt} /> })}</span>
              )}
            </li>
          </ul>
        </dd>

        <dt className={muted}>{d.readableByJs}</dt>
        <dd className="font-medium">{cookie.readableByJs ? d.yes : d.no}</dd>
      </dl>

      {cookie.notes.map((note) => (
        <p key={note.code} className={`text-sm ${muted}`} data-testid={`note-${note.code}`}>
          <CodedText coded={note} words={dict.codes.notes} d={dict} />
        </p>
      ))}

      {cookie.decoded && (
        <div className="space-y-2">
          {exp !== null && <Countdown exp={exp} iat={iat} dict={d} />}
          {/* iat and exp are epoch seconds in the claims below: here they are times a person reads. */}
          <dl className="grid grid-cols-[max-content_1fr] gap-x-3 gap-y-1 text-sm" data-testid={`claim-times-${cookie.name}`}>
            {iat !== undefined && (
              <>
                <dt className={muted}>{d.jwtIssuedAt}</dt>
                <dd data-testid="claim-iat">
                  <LocalTime at={iat * 1000} locale={dict.locale} />
                </dd>
              </>
            )}
            {exp !== null && (
              <>
                <dt className={muted}>{d.jwtExpiresAt}</dt>
                <dd data-testid="claim-exp">
                  <LocalTime at={exp * 1000} locale={dict.locale} />
                </dd>
              </>
            )}
          </dl>
          <p className="text-sm font-medium">{d.jwtHeader}</p>
          <pre
            className={pre}
            // biome-ignore lint/a11y/noNoninteractiveTabindex: a scrollable region must be reachable by keyboard (axe scrollable-region-focusable)
            tabIndex={0}
          >
            {JSON.stringify(cookie.decoded.header, null, 2)}
          </pre>
          <p className="text-sm font-medium">{d.jwtClaims}</p>
          <pre
            className={pre}
            data-testid={`claims-${cookie.name}`}
            // biome-ignore lint/a11y/noNoninteractiveTabindex: a scrollable region must be reachable by keyboard (axe scrollable-region-focusable)
            tabIndex={0}
          >
            {JSON.stringify(cookie.decoded.claims, null, 2)}
          </pre>
        </div>
      )}
    </article>
  );
}

function capitalize(value: string): string {
  return value.charAt(0).toUpperCase() + value.slice(1);
}
