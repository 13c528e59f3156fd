"use client";

import { useState } from "react";
import { t } from "@/lib/i18n";
import type { LabsDict } from "@/lib/i18n/labs.en";
import type { DbLeakReport } from "@/lib/labs/types";
import { buttonPrimary, muted } from "../ui";
import { ErrorNote } from "./ErrorNote";
import { LabSection } from "./LabSection";
import { type LabUiDict, RequestCard } from "./RequestCard";
import { labFetch, useLabRun } from "./useLab";

export function DbLeakLab({ d, ui }: { d: LabsDict["dbLeak"]; ui: LabUiDict }) {
  const lab = useLabRun();
  const [report, setReport] = useState<DbLeakReport | null>(null);
  const c = ui.learn.common;

  const run = () =>
    lab.run("run", async () => {
      const r = await labFetch<DbLeakReport>("/api/lab/db-leak", { method: "POST" });
      if (!r.ok) return lab.fail(r);
      setReport(r.body);
    });

  const row = (label: string, value: string) => (
    <div className="grid gap-1 sm:grid-cols-[16rem_1fr]">
      <dt className="font-mono text-xs font-semibold">{label}</dt>
      <dd className={`font-mono text-xs break-all ${muted}`}>{value}</dd>
    </div>
  );

  return (
    <>
      <LabSection title={c.run} testId="dbleak-controls">
        <button type="button" className={buttonPrimary} onClick={run} disabled={lab.busy !== null} data-testid="dbleak-run">
          {lab.busy ? c.running : report ? c.again : d.run}
        </button>
      </LabSection>
      <ErrorNote error={lab.error} ui={ui} />
      {report && (
        <>
          <LabSection title={d.rowsHeading} testId="dbleak-rows">
            <dl className="space-y-2">
              {report.rows.sessions.map((s) => (
                <div key={s.id}>{row(d.sessionRow, s.tokenHash)}</div>
              ))}
              {report.rows.refreshTokens.map((s) => (
                <div key={s.id}>{row(d.refreshRow, s.tokenHash)}</div>
              ))}
              {report.rows.passwordHashPrefix && row(d.passwordRow, `${report.rows.passwordHashPrefix}$…`)}
            </dl>
            <h3 className="pt-2 font-semibold">{d.tryHash}</h3>
            <div className="grid gap-2 md:grid-cols-2" data-testid="dbleak-hashes">
              {report.requests.slice(0, 2).map((r) => (
                <RequestCard key={r.path} request={r} ui={ui} />
              ))}
            </div>
          </LabSection>
          <LabSection title={d.naiveHeading} testId="dbleak-naive">
            <p className="font-mono text-xs">
              {t(d.naiveRow, { table: report.naive.table, column: report.naive.column, preview: report.naive.tokenPreview })}
            </p>
            <h3 className="font-semibold">{d.tryClear}</h3>
            <div className="grid gap-2 md:grid-cols-2" data-testid="dbleak-clear">
              {report.requests.slice(2).map((r) => (
                <RequestCard key={r.path} request={r} ui={ui} />
              ))}
            </div>
          </LabSection>
        </>
      )}
    </>
  );
}
