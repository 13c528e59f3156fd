import type { RefreshRowView } from "@/lib/auth/types";
import { shortHash } from "@/lib/client/time";
import { TimeStamp } from "./Clock";
import { type Column, DataTable } from "./common/DataTable";
import type { DashboardDict } from "./dashboard-dict";
import { chip, muted } from "./ui";

/**
 * The server's side of JWT mode: refresh-token hashes forming a rotation chain.
 * The parent is shown by its hash so the chain can be followed row to row.
 */
export function RefreshRowsTable({
  tokens,
  dict,
  reasons,
}: {
  tokens: RefreshRowView[];
  dict: DashboardDict["dashboard"];
  /** End reasons in words (lib/i18n/codes.*.ts): the server stores a code. */
  reasons: Record<string, string>;
}) {
  const hashById = new Map(tokens.map((token) => [token.id, token.tokenHash]));
  const columns: Column<RefreshRowView>[] = [
    {
      id: "hash",
      header: dict.colHash,
      cell: (r) => (
        <span className="font-mono text-xs break-all" title={r.tokenHash}>
          {shortHash(r.tokenHash)}
        </span>
      ),
    },
    {
      id: "current",
      header: dict.colCurrent,
      cell: (r) => (r.current ? <span className={chip("accent")}>{dict.currentMarker}</span> : "—"),
    },
    {
      id: "revoked",
      header: dict.colRevoked,
      cell: (r) =>
        r.revokedAt === null ? (
          <span className={muted}>{dict.notRevoked}</span>
        ) : (
          <span>
            <span className={chip("bad")}>{dict.stateRevoked}</span> <TimeStamp at={r.revokedAt} />
            {r.revokedReason && <span className={`mt-1 block text-xs ${muted}`}>{reasons[r.revokedReason] ?? reasons.unknown}</span>}
          </span>
        ),
    },
    { id: "issued", header: dict.colIssued, cell: (r) => <TimeStamp at={r.issuedAt} /> },
    {
      id: "used",
      header: dict.colUsed,
      cell: (r) => (r.usedAt === null ? <span className={muted}>{dict.notUsed}</span> : <TimeStamp at={r.usedAt} />),
    },
    { id: "expires", header: dict.colExpires, cell: (r) => <TimeStamp at={r.expiresAt} /> },
    {
      id: "parent",
      header: dict.colParent,
      cell: (r) => {
        if (r.parentId === null) return <span className={muted}>{dict.noParent}</span>;
        const parentHash = hashById.get(r.parentId);
        return (
          <span className="font-mono text-xs break-all" title={parentHash ?? r.parentId}>
            {shortHash(parentHash ?? r.parentId, parentHash ? 12 : 8)}
          </span>
        );
      },
    },
  ];

  return (
    <DataTable
      testId="server-refresh-tokens"
      caption={dict.refreshCaption}
      columns={columns}
      rows={tokens}
      rowKey={(r) => r.id}
      rowProps={(r) => ({
        "data-testid": "refresh-row",
        "data-current": r.current,
        "data-revoked": r.revokedAt !== null,
        className: r.current ? "bg-indigo-50/60 dark:bg-indigo-950/30" : "",
      })}
      empty={dict.noRows}
    />
  );
}
