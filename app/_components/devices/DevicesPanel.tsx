"use client";

import type { LoginItem, ModeName } from "@/lib/auth/types";
import { t } from "@/lib/i18n";
import type { DevicesDict } from "@/lib/i18n/devices.en";
import { TimeStamp } from "../Clock";
import { Card } from "../common/Card";
import { type Column, DataTable } from "../common/DataTable";
import { type Status, StatusLine } from "../common/StatusLine";
import { buttonSecondary, chip, muted } from "../ui";
import { deviceLabel } from "./device-name";

interface Props {
  logins: LoginItem[] | null;
  dict: DevicesDict["devices"];
  modeNames: Record<ModeName, string>;
  busy: string | null; // the login id being ended, "others", or null
  status: Status;
  onRevoke: (item: LoginItem) => void;
  onRevokeOthers: () => void;
}

const smallButton = `${buttonSecondary} px-3 py-1`;

/** Every active login of this account, both modes, with a way to end each one. */
export function DevicesPanel({ logins, dict, modeNames, busy, status, onRevoke, onRevokeOthers }: Props) {
  const others = logins?.filter((l) => !l.current).length ?? 0;
  const columns: Column<LoginItem>[] = [
    {
      id: "mode",
      header: dict.colMode,
      cell: (item) => <span className={chip(item.mode === "session" ? "good" : "accent")}>{modeNames[item.mode]}</span>,
    },
    {
      id: "device",
      header: dict.colDevice,
      cell: (item) => (
        <span className="flex flex-wrap items-center gap-2">
          <span className="font-medium" title={item.userAgent ?? undefined}>
            {deviceLabel(item.userAgent, dict)}
          </span>
          {item.current && (
            <span data-testid="this-device" className={chip("accent")}>
              {dict.thisDevice}
            </span>
          )}
        </span>
      ),
    },
    { id: "ip", header: dict.colIp, cell: (item) => <span className="font-mono text-xs">{item.ip ?? dict.noIp}</span> },
    { id: "created", header: dict.colCreated, cell: (item) => <TimeStamp at={item.createdAt} /> },
    { id: "lastSeen", header: dict.colLastSeen, cell: (item) => <TimeStamp at={item.lastSeenAt} /> },
    { id: "expires", header: dict.colExpires, cell: (item) => <TimeStamp at={item.expiresAt} /> },
    {
      id: "actions",
      header: dict.colActions,
      cell: (item) => (
        <button
          type="button"
          data-testid="revoke-login"
          onClick={() => onRevoke(item)}
          disabled={busy !== null}
          className={`${smallButton} relative whitespace-nowrap`}
        >
          {busy === item.id ? dict.working : item.current ? dict.logoutHere : dict.revoke}
          {!item.current && (
            <span className="sr-only">
              {" "}
              {t(dict.revokeWhich, { mode: modeNames[item.mode], device: deviceLabel(item.userAgent, dict) })}
            </span>
          )}
        </button>
      ),
    },
  ];

  return (
    <Card
      id="devices"
      level={3}
      title={dict.heading}
      intro={dict.intro}
      testId="devices-panel"
      actions={
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
      }
    >
      <StatusLine status={status} testId="devices-status" />

      {logins !== null && (
        <DataTable
          caption={dict.caption}
          captionHidden
          columns={columns}
          rows={logins}
          rowKey={(item) => item.id}
          rowProps={(item) => ({
            "data-testid": "login-row",
            "data-login-id": item.id,
            "data-mode": item.mode,
            "data-current": item.current,
            className: item.current ? "bg-indigo-50/60 dark:bg-indigo-950/30" : "",
          })}
          empty={dict.none}
        />
      )}
      {logins !== null && others === 0 && logins.length > 0 && <p className={`text-sm ${muted}`}>{dict.onlyThis}</p>}

      <details className="text-sm">
        <summary className="cursor-pointer font-medium">{dict.whyHeading}</summary>
        <p className={`mt-2 ${muted}`}>{dict.whyBody}</p>
      </details>
    </Card>
  );
}
