"use client";

import { type CheckCounters, MODE_NAMES, type ModeCheckCounters, type ModeName } from "@/lib/auth/types";
import { formatClock } from "@/lib/client/time";
import { t } from "@/lib/i18n";
import type { SharedDict } from "@/lib/i18n/shared.en";
import { Card } from "./common/Card";
import { type Column, DataTable } from "./common/DataTable";

type Row = { id: string; label: string; value: (c: ModeCheckCounters) => string };

/** Per mode, since this server process started: checks, DB queries, time inside the check. */
export function CheckCountersCard({
  counters,
  dict,
  modeNames,
}: {
  counters: CheckCounters;
  dict: SharedDict["counters"];
  modeNames: Record<ModeName, string>;
}) {
  const ms = (n: number) => t(dict.ms, { ms: n < 10 ? n.toFixed(2) : Math.round(n).toLocaleString("en-US") });
  const per1000 = (c: ModeCheckCounters, total: number) => (c.checks === 0 ? null : (total / c.checks) * 1000);
  const rows: Row[] = [
    { id: "checks", label: dict.checks, value: (c) => c.checks.toLocaleString("en-US") },
    { id: "db", label: dict.dbQueries, value: (c) => c.dbQueries.toLocaleString("en-US") },
    { id: "time", label: dict.time, value: (c) => ms(c.ms) },
    { id: "median", label: dict.median, value: (c) => (c.medianMs === null ? dict.none : ms(c.medianMs)) },
    {
      id: "db1000",
      label: dict.dbPer1000,
      value: (c) => {
        const n = per1000(c, c.dbQueries);
        return n === null ? dict.none : Math.round(n).toLocaleString("en-US");
      },
    },
    {
      id: "time1000",
      label: dict.timePer1000,
      value: (c) => {
        const n = per1000(c, c.ms);
        return n === null ? dict.none : ms(n);
      },
    },
  ];
  const columns: Column<Row>[] = [
    { id: "measure", header: dict.colMeasure, cell: (r) => <span className="font-medium">{r.label}</span> },
    ...MODE_NAMES.map(
      (m): Column<Row> => ({
        id: m,
        header: modeNames[m],
        cell: (r) => (
          <span className="font-mono tabular-nums" data-testid={`counter-${m}-${r.id}`}>
            {r.value(counters.modes[m])}
          </span>
        ),
      }),
    ),
  ];
  return (
    <Card id="check-counters" title={dict.heading} intro={t(dict.intro, { since: formatClock(counters.since) })} testId="check-counters">
      <DataTable
        caption={dict.caption}
        captionHidden
        columns={columns}
        rows={rows}
        rowKey={(r) => r.id}
        empty={dict.none}
        stackBelow="never"
      />
      <p className="text-sm">{dict.takeaway}</p>
    </Card>
  );
}
