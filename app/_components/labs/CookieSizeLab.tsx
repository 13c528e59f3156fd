"use client";

import { useId, useState } from "react";
import { apiFetch } from "@/lib/client/api";
import { t } from "@/lib/i18n";
import type { LabsDict } from "@/lib/i18n/labs.en";
import type { CookieSizeReport } from "@/lib/labs/types";
import { type Column, DataTable } from "../common/DataTable";
import { buttonPrimary, buttonSecondary, chip, input, label, muted } from "../ui";
import { ErrorNote } from "./ErrorNote";
import { LabSection, StepResult } from "./LabSection";
import type { LabUiDict } from "./RequestCard";
import { useLabRun } from "./useLab";

const CHOICES = [0, 20, 60, 100, 140, 200];

export function CookieSizeLab({ d, ui }: { d: LabsDict["cookieSize"]; ui: LabUiDict }) {
  const lab = useLabRun();
  const [report, setReport] = useState<CookieSizeReport | null>(null);
  const [permissions, setPermissions] = useState(100);
  const [trial, setTrial] = useState<{ line: number; received: boolean; size: number } | null>(null);
  const selectId = useId();
  const c = ui.learn.common;

  const measure = () =>
    lab.run("measure", async () => {
      const r = await apiFetch<{ report: CookieSizeReport }>("/api/lab/cookie-size");
      if (!r.ok) return lab.fail(r);
      setReport(r.body.report);
    });

  const tryIt = () =>
    lab.run("try", async () => {
      setTrial(null);
      await apiFetch("/api/lab/cookie-size", { method: "DELETE" });
      const set = await apiFetch<{ cookieLine: number }>("/api/lab/cookie-size", { method: "POST", body: { permissions } });
      if (!set.ok) return lab.fail(set);
      const echo = await apiFetch<{ echo: { received: boolean; size: number } }>("/api/lab/cookie-size");
      if (!echo.ok) return lab.fail(echo);
      setTrial({ line: set.body.cookieLine, ...echo.body.echo });
    });

  const yesNo = (v: boolean) => <span className={chip(v ? "good" : "bad")}>{v ? c.yes : c.no}</span>;
  type ModeCookie = CookieSizeReport["modes"][number]["cookies"][number] & { mode: CookieSizeReport["modes"][number]["mode"] };
  const modeColumns: Column<ModeCookie>[] = [
    {
      id: "cookie",
      header: d.colCookie,
      className: "font-mono",
      cell: (k) => (
        <span>
          {k.name} <span className={muted}>({ui.modeNames[k.mode]})</span>
        </span>
      ),
    },
    { id: "size", header: d.colSize, className: "tabular-nums", cell: (k) => t(c.bytes, { n: k.size }) },
    { id: "line", header: d.colLine, className: "tabular-nums", cell: (k) => `${t(c.bytes, { n: k.line })} / ${report?.limit ?? ""}` },
  ];
  const growthColumns: Column<CookieSizeReport["growth"][number]>[] = [
    { id: "permissions", header: d.colPermissions, className: "tabular-nums", cell: (g) => g.permissions },
    { id: "fits", header: d.colFits, cell: (g) => yesNo(g.fits) },
    { id: "server", header: d.colServer, cell: (g) => yesNo(g.acceptedByServer) },
    { id: "token", header: d.colToken, className: "tabular-nums", cell: (g) => t(c.bytes, { n: g.tokenBytes }) },
    { id: "line", header: d.colLine, className: "tabular-nums", cell: (g) => t(c.bytes, { n: g.cookieLine }) },
  ];

  return (
    <>
      <LabSection title={c.run} testId="cookiesize-controls">
        <button type="button" className={buttonPrimary} onClick={measure} disabled={lab.busy !== null} data-testid="cookiesize-run">
          {lab.busy === "measure" ? c.running : d.run}
        </button>
      </LabSection>
      <ErrorNote error={lab.error} ui={ui} />
      {report && (
        <LabSection title={c.whatHappened} testId="cookiesize-result">
          <h3 className="font-semibold">{d.modesHeading}</h3>
          <DataTable
            caption={d.modesHeading}
            captionHidden
            columns={modeColumns}
            rows={report.modes.flatMap((m) => m.cookies.map((k) => ({ ...k, mode: m.mode })))}
            rowKey={(k) => k.name}
            rowProps={(k) => ({ "data-testid": "cookiesize-mode-row", "data-cookie": k.name, "data-line": k.line })}
            empty="—"
            stackBelow="xl"
          />
          <h3 className="pt-2 font-semibold">{d.growthHeading}</h3>
          {/* The verdict columns come first: on a phone they are the lab's point. */}
          <DataTable
            caption={d.growthHeading}
            captionHidden
            columns={growthColumns}
            rows={report.growth}
            rowKey={(g) => String(g.permissions)}
            rowProps={(g) => ({ "data-testid": "cookiesize-growth-row", "data-fits": g.fits })}
            empty="—"
            stackBelow="xl"
          />
        </LabSection>
      )}
      <LabSection title={d.tryHeading} testId="cookiesize-try">
        <p className={muted}>{d.tryBody}</p>
        <div className="flex flex-wrap items-end gap-3">
          <div className="space-y-1">
            <label htmlFor={selectId} className={label}>
              {d.permissionsLabel}
            </label>
            <select
              id={selectId}
              value={permissions}
              onChange={(e) => setPermissions(Number(e.target.value))}
              className={`${input} w-32`}
              data-testid="cookiesize-permissions"
            >
              {CHOICES.map((n) => (
                <option key={n} value={n}>
                  {n}
                </option>
              ))}
            </select>
          </div>
          <button type="button" className={buttonSecondary} onClick={tryIt} disabled={lab.busy !== null} data-testid="cookiesize-try-run">
            {lab.busy === "try" ? c.running : d.setCookie}
          </button>
        </div>
        {trial && (
          <StepResult ok={trial.received} testId="cookiesize-trial">
            {trial.received ? t(d.arrived, { n: trial.size }) : t(d.dropped, { n: trial.line })}
          </StepResult>
        )}
      </LabSection>
    </>
  );
}
