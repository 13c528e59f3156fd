import type { RefreshRowView } from "@/lib/auth/types";
import { shortHash } from "@/lib/client/time";
import { TimeStamp } from "./Clock";
import type { DashboardDict } from "./dashboard-dict";
import { caption, cell, headCell, row, tableWrap } from "./table-styles";
import { chip, muted } from "./ui";

/**
 * The server's side of JWT mode: refresh-token hashes forming a rotation chain.
 * The parent is shown by its hash so the chain can be followed row to row.
 */
export function RefreshRowsTable({ tokens, dict }: { tokens: RefreshRowView[]; dict: DashboardDict["dashboard"] }) {
  const hashById = new Map(tokens.map((token) => [token.id, token.tokenHash]));
  const headers = [dict.colHash, dict.colIssued, dict.colUsed, dict.colExpires, dict.colRevoked, dict.colCurrent, dict.colParent];

  return (
    // biome-ignore lint/a11y/noNoninteractiveTabindex: a scrollable region must be reachable by keyboard (axe scrollable-region-focusable)
    <div className={tableWrap} data-testid="server-refresh-tokens" tabIndex={0}>
      <table className="w-full text-left text-sm">
        <caption className={caption}>{dict.refreshCaption}</caption>
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
          {tokens.length === 0 && (
            <tr>
              <td colSpan={headers.length} className={`${cell} ${muted}`}>
                {dict.noRows}
              </td>
            </tr>
          )}
          {tokens.map((token) => {
            const parentHash = token.parentId ? hashById.get(token.parentId) : undefined;
            return (
              <tr
                key={token.id}
                data-testid="refresh-row"
                data-current={token.current}
                data-revoked={token.revokedAt !== null}
                className={`${row} ${token.current ? "bg-indigo-50/60 dark:bg-indigo-950/30" : ""}`}
              >
                <td className={cell}>
                  <span className="font-mono text-xs" title={token.tokenHash}>
                    {shortHash(token.tokenHash)}
                  </span>
                </td>
                <td className={cell}>
                  <TimeStamp at={token.issuedAt} />
                </td>
                <td className={cell}>
                  {token.usedAt === null ? <span className={muted}>{dict.notUsed}</span> : <TimeStamp at={token.usedAt} />}
                </td>
                <td className={cell}>
                  <TimeStamp at={token.expiresAt} />
                </td>
                <td className={cell}>
                  {token.revokedAt === null ? (
                    <span className={muted}>{dict.notRevoked}</span>
                  ) : (
                    <>
                      <span className={chip("bad")}>{dict.stateRevoked}</span> <TimeStamp at={token.revokedAt} />
                      {token.revokedReason && <span className={`mt-1 block text-xs ${muted}`}>{token.revokedReason}</span>}
                    </>
                  )}
                </td>
                <td className={cell}>{token.current ? <span className={chip("accent")}>{dict.currentMarker}</span> : "—"}</td>
                <td className={cell}>
                  {token.parentId === null ? (
                    <span className={muted}>{dict.noParent}</span>
                  ) : (
                    <span className="font-mono text-xs" title={parentHash ?? token.parentId}>
                      {shortHash(parentHash ?? token.parentId, parentHash ? 12 : 8)}
                    </span>
                  )}
                </td>
              </tr>
            );
          })}
        </tbody>
      </table>
    </div>
  );
}
