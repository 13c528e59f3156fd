"use client";

import type { LoginItem, ModeName } from "@/lib/auth/types";
import { t } from "@/lib/i18n";
import type { DevicesDict } from "@/lib/i18n/devices.en";
import { TimeStamp } from "../Clock";
import { caption, cell, headCell, row, tableWrap } from "../table-styles";
import { buttonSecondary, card, chip, muted } from "../ui";
import { deviceLabel } from "./device-name";
import { stackBody, stackCell, stackHead, stackRow, stackTable } from "./stacked-table";

interface Props {
  logins: LoginItem[] | null;
  dict: DevicesDict["devices"];
  modeNames: Record<ModeName, string>;
  busy: string | null; // the login id being ended, "others", or null
  status: { ok: boolean; text: string } | null;
  onRevoke: (item: LoginItem) => void;
  onRevokeOthers: () => void;
}

const smallButton = `${buttonSecondary} px-3 py-1`;

/** Every active login of this account, both modes, with a way to end each one. */
export function DevicesPanel({ logins, dict, modeNames, busy, status, onRevoke, onRevokeOthers }: Props) {
  const others = logins?.filter((l) => !l.current).length ?? 0;
  const headers = [dict.colMode, dict.colDevice, dict.colIp, dict.colCreated, dict.colLastSeen, dict.colExpires, dict.colActions];

  return (
    <section aria-labelledby="devices-heading" className={`${card} space-y-3`} data-testid="devices-panel">
      <div className="flex flex-wrap items-start justify-between gap-3">
        <div className="space-y-1">
          <h3 id="devices-heading" className="text-xl font-semibold">
            {dict.heading}
          </h3>
          <p className={`text-sm ${muted}`}>{dict.intro}</p>
        </div>
        <div className="flex flex-col items-start gap-1 sm:items-end">
          <button
            type="button"
            data-testid="revoke-others"
            onClick={onRevokeOthers}
            disabled={busy !== null || others === 0}
            className={buttonSecondary}
          >
            {busy === "others" ? dict.working : dict.revokeOthers}
          </button>
          <span className={`text-xs ${muted}`}>{dict.revokeOthersHint}</span>
        </div>
      </div>

      <p
        role="status"
        data-testid="devices-status"
        className={
          status
            ? `text-sm font-medium ${status.ok ? "text-emerald-800 dark:text-emerald-300" : "text-red-700 dark:text-red-300"}`
            : "sr-only"
        }
      >
        {status?.text}
      </p>

      {logins !== null && (
        <div className={tableWrap}>
          <table className={stackTable}>
            <caption className={`${caption} sr-only`}>{dict.caption}</caption>
            <thead className={stackHead}>
              <tr className={row}>
                {headers.map((header) => (
                  <th key={header} scope="col" className={headCell}>
                    {header}
                  </th>
                ))}
              </tr>
            </thead>
            <tbody className={stackBody}>
              {logins.length === 0 && (
                <tr>
                  <td colSpan={headers.length} className={`${cell} ${muted}`}>
                    {dict.none}
                  </td>
                </tr>
              )}
              {logins.map((item) => {
                const device = deviceLabel(item.userAgent, dict);
                return (
                  <tr
                    key={item.id}
                    data-testid="login-row"
                    data-login-id={item.id}
                    data-mode={item.mode}
                    data-current={item.current}
                    className={`${row} ${stackRow} ${item.current ? "bg-indigo-50/60 dark:bg-indigo-950/30" : ""}`}
                  >
                    <td data-label={dict.colMode} className={`${cell} ${stackCell}`}>
                      <span className={chip(item.mode === "session" ? "good" : "accent")}>{modeNames[item.mode]}</span>
                    </td>
                    <td data-label={dict.colDevice} className={`${cell} ${stackCell}`}>
                      <span className="flex flex-wrap items-center gap-2">
                        <span className="font-medium" title={item.userAgent ?? undefined}>
                          {device}
                        </span>
                        {item.current && (
                          <span data-testid="this-device" className={chip("accent")}>
                            {dict.thisDevice}
                          </span>
                        )}
                      </span>
                    </td>
                    <td data-label={dict.colIp} className={`${cell} ${stackCell}`}>
                      <span className="font-mono text-xs">{item.ip ?? dict.noIp}</span>
                    </td>
                    <td data-label={dict.colCreated} className={`${cell} ${stackCell}`}>
                      <TimeStamp at={item.createdAt} />
                    </td>
                    <td data-label={dict.colLastSeen} className={`${cell} ${stackCell}`}>
                      <TimeStamp at={item.lastSeenAt} />
                    </td>
                    <td data-label={dict.colExpires} className={`${cell} ${stackCell}`}>
                      <TimeStamp at={item.expiresAt} />
                    </td>
                    <td data-label={dict.colActions} className={`${cell} ${stackCell}`}>
                      <button
                        type="button"
                        data-testid="revoke-login"
                        onClick={() => onRevoke(item)}
                        disabled={busy !== null}
                        className={`${smallButton} relative whitespace-nowrap`}
                      >
                        {busy === item.id ? dict.working : item.current ? dict.logoutHere : dict.revoke}
                        {!item.current && <span className="sr-only"> {t(dict.revokeWhich, { mode: modeNames[item.mode], device })}</span>}
                      </button>
                    </td>
                  </tr>
                );
              })}
            </tbody>
          </table>
        </div>
      )}
      {logins !== null && others === 0 && logins.length > 0 && <p className={`text-sm ${muted}`}>{dict.onlyThis}</p>}

      <details className="text-sm">
        <summary className="cursor-pointer font-medium">{dict.whyHeading}</summary>
        <p className={`mt-2 ${muted}`}>{dict.whyBody}</p>
      </details>
    </section>
  );
}
