import type { SessionRowView } from "@/lib/auth/types";
import { shortHash } from "@/lib/client/time";
import { TimeStamp, useClock } from "./Clock";
import type { DashboardDict } from "./dashboard-dict";
import { caption, cell, headCell, row, tableWrap } from "./table-styles";
import { type ChipTone, chip, muted } from "./ui";

type SessionState = "current" | "active" | "revoked" | "expired";

function sessionState(session: SessionRowView, now: number): SessionState {
  if (session.revokedAt !== null) return "revoked";
  if (now >= session.idleExpiresAt || now >= session.absoluteExpiresAt) return "expired";
  return session.current ? "current" : "active";
}

const stateTone: Record<SessionState, ChipTone> = { current: "accent", active: "good", revoked: "bad", expired: "warn" };

/** The server's side of session mode: one row per login, keyed by the token's hash. */
export function SessionRowsTable({ sessions, dict }: { sessions: SessionRowView[]; dict: DashboardDict["dashboard"] }) {
  const { now } = useClock();
  const stateLabel: Record<SessionState, string> = {
    current: dict.stateCurrent,
    active: dict.stateActive,
    revoked: dict.stateRevoked,
    expired: dict.stateExpired,
  };
  const headers = [
    dict.colTokenHash,
    dict.colCreated,
    dict.colLastSeen,
    dict.colIdleExpiry,
    dict.colAbsoluteExpiry,
    dict.colUserAgent,
    dict.colState,
  ];

  return (
    // biome-ignore lint/a11y/noNoninteractiveTabindex: a scrollable region must be reachable by keyboard (axe scrollable-region-focusable)
    <div className={tableWrap} data-testid="server-sessions" tabIndex={0}>
      <table className="w-full text-left text-sm">
        <caption className={caption}>{dict.sessionsCaption}</caption>
        <thead>
          <tr className={row}>
            {headers.map((header) => (
              <th key={header} scope="col" className={headCell}>
                {header}
              </th>
            ))}
          </tr>
        </thead>
        <tbody>
          {sessions.length === 0 && (
            <tr>
              <td colSpan={headers.length} className={`${cell} ${muted}`}>
                {dict.noRows}
              </td>
            </tr>
          )}
          {sessions.map((session) => {
            const state = sessionState(session, now);
            return (
              <tr
                key={session.id}
                data-testid="session-row"
                data-state={state}
                data-current={session.current}
                className={`${row} ${session.current ? "bg-indigo-50/60 dark:bg-indigo-950/30" : ""}`}
              >
                <td className={cell}>
                  <span className="font-mono text-xs" title={session.tokenHash}>
                    {shortHash(session.tokenHash)}
                  </span>
                </td>
                <td className={cell}>
                  <TimeStamp at={session.createdAt} />
                </td>
                <td className={cell}>
                  <TimeStamp at={session.lastSeenAt} />
                </td>
                <td className={cell}>
                  <TimeStamp at={session.idleExpiresAt} />
                </td>
                <td className={cell}>
                  <TimeStamp at={session.absoluteExpiresAt} />
                </td>
                <td className={cell}>
                  <span className="block max-w-56 truncate" title={session.userAgent ?? undefined}>
                    {session.userAgent ?? "—"}
                  </span>
                  {session.ip && <span className={`block font-mono text-xs ${muted}`}>{session.ip}</span>}
                </td>
                <td className={cell}>
                  <span className={chip(stateTone[state])}>{stateLabel[state]}</span>
                  {session.revokedReason && <span className={`mt-1 block text-xs ${muted}`}>{session.revokedReason}</span>}
                </td>
              </tr>
            );
          })}
        </tbody>
      </table>
    </div>
  );
}
