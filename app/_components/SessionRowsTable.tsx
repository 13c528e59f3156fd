import type { SessionRowView } from "@/lib/auth/types";
import { shortHash } from "@/lib/client/time";
import { TimeStamp } from "./Clock";
import { type Column, DataTable } from "./common/DataTable";
import type { DashboardDict } from "./dashboard-dict";
import { type ChipTone, chip, muted } from "./ui";

type Shown = "current" | "active" | "revoked" | "expired";

// The server decided each row's state when it answered (SessionRowView.state); the table
// only names it. "current" is the server's own mark for this browser's row.
function shown(session: SessionRowView): Shown {
  if (session.state === "active") return session.current ? "current" : "active";
  return session.state === "revoked" ? "revoked" : "expired";
}

const stateTone: Record<Shown, ChipTone> = { current: "accent", active: "good", revoked: "bad", expired: "warn" };

/** The server's side of session mode: one row per login, keyed by the token's hash. */
export function SessionRowsTable({
  sessions,
  dict,
  reasons,
}: {
  sessions: SessionRowView[];
  dict: DashboardDict["dashboard"];
  /** End reasons in words (lib/i18n/codes.*.ts): the server stores a code. */
  reasons: Record<string, string>;
}) {
  const stateLabel: Record<Shown, string> = {
    current: dict.stateCurrent,
    active: dict.stateActive,
    revoked: dict.stateRevoked,
    expired: dict.stateExpired,
  };
  const columns: Column<SessionRowView>[] = [
    {
      id: "state",
      header: dict.colState,
      cell: (s) => (
        <>
          <span className={chip(stateTone[shown(s)])}>{stateLabel[shown(s)]}</span>
          {s.revokedReason && <span className={`mt-1 block text-xs ${muted}`}>{reasons[s.revokedReason] ?? reasons.unknown}</span>}
        </>
      ),
    },
    {
      id: "hash",
      header: dict.colTokenHash,
      cell: (s) => (
        <span className="font-mono text-xs break-all" title={s.tokenHash}>
          {shortHash(s.tokenHash)}
        </span>
      ),
    },
    { id: "created", header: dict.colCreated, cell: (s) => <TimeStamp at={s.createdAt} /> },
    { id: "lastSeen", header: dict.colLastSeen, cell: (s) => <TimeStamp at={s.lastSeenAt} /> },
    { id: "idle", header: dict.colIdleExpiry, cell: (s) => <TimeStamp at={s.idleExpiresAt} /> },
    { id: "absolute", header: dict.colAbsoluteExpiry, cell: (s) => <TimeStamp at={s.absoluteExpiresAt} /> },
    {
      id: "device",
      header: dict.colUserAgent,
      cell: (s) => (
        <span className="block min-w-0">
          <span className="block max-w-56 truncate" title={s.userAgent ?? undefined} data-literal="">
            {s.userAgent ?? "—"}
          </span>
          {s.ip && <span className={`block font-mono text-xs ${muted}`}>{s.ip}</span>}
        </span>
      ),
    },
  ];

  return (
    <DataTable
      testId="server-sessions"
      caption={dict.sessionsCaption}
      columns={columns}
      rows={sessions}
      rowKey={(s) => s.id}
      rowProps={(s) => ({
        "data-testid": "session-row",
        "data-state": shown(s),
        "data-current": s.current,
        className: s.current ? "bg-indigo-50/60 dark:bg-indigo-950/30" : "",
      })}
      empty={dict.noRows}
    />
  );
}
