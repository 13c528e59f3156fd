"use client";

import { useId, useState } from "react";
import { apiFetch } from "@/lib/client/api";
import { t } from "@/lib/i18n";
import type { LabsDict } from "@/lib/i18n/labs.en";
import type { CookieSizeReport } from "@/lib/labs/types";
import { cell as tableCell, headCell as tableHead, row as tableRow, tableWrap } from "../table-styles";
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
          <div
            className={tableWrap}
            // biome-ignore lint/a11y/noNoninteractiveTabindex: a scrollable region must be reachable by keyboard (axe scrollable-region-focusable)
            tabIndex={0}
          >
            <table className="w-full text-left text-sm">
              <thead>
                <tr>
                  <th scope="col" className={tableHead}>
                    {d.colCookie}
                  </th>
                  <th scope="col" className={tableHead}>
                    {d.colSize}
                  </th>
                  <th scope="col" className={tableHead}>
                    {d.colLine}
                  </th>
                </tr>
              </thead>
              <tbody>
                {report.modes.flatMap((m) =>
                  m.cookies.map((k) => (
                    <tr className={tableRow} key={k.name} data-testid="cookiesize-mode-row" data-cookie={k.name} data-line={k.line}>
                      <td className={`${tableCell} font-mono`}>
                        {k.name} <span className={muted}>({ui.modeNames[m.mode]})</span>
                      </td>
                      <td className={`${tableCell} tabular-nums`}>{t(c.bytes, { n: k.size })}</td>
                      <td className={`${tableCell} tabular-nums`}>
                        {t(c.bytes, { n: k.line })} / {report.limit}
                      </td>
                    </tr>
                  )),
                )}
              </tbody>
            </table>
          </div>
          <h3 className="pt-2 font-semibold">{d.growthHeading}</h3>
          <div
            className={tableWrap}
            // biome-ignore lint/a11y/noNoninteractiveTabindex: a scrollable region must be reachable by keyboard (axe scrollable-region-focusable)
            tabIndex={0}
          >
            <table className="w-full text-left text-sm">
              <thead>
                <tr>
                  <th scope="col" className={tableHead}>
                    {d.colPermissions}
                  </th>
                  <th scope="col" className={tableHead}>
                    {d.colToken}
                  </th>
                  <th scope="col" className={tableHead}>
                    {d.colLine}
                  </th>
                  <th scope="col" className={tableHead}>
                    {d.colFits}
                  </th>
                  <th scope="col" className={tableHead}>
                    {d.colServer}
                  </th>
                </tr>
              </thead>
              <tbody>
                {report.growth.map((g) => (
                  <tr className={tableRow} key={g.permissions} data-testid="cookiesize-growth-row" data-fits={g.fits}>
                    <td className={`${tableCell} tabular-nums`}>{g.permissions}</td>
                    <td className={`${tableCell} tabular-nums`}>{t(c.bytes, { n: g.tokenBytes })}</td>
                    <td className={`${tableCell} tabular-nums`}>{t(c.bytes, { n: g.cookieLine })}</td>
                    <td className={tableCell}>{yesNo(g.fits)}</td>
                    <td className={tableCell}>{yesNo(g.acceptedByServer)}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
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
