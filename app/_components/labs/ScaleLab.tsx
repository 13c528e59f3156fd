"use client";

import { type ReactNode, useState } from "react";
import { t } from "@/lib/i18n";
import type { LabsDict } from "@/lib/i18n/labs.en";
import type { ScaleReport } from "@/lib/labs/types";
import { buttonPrimary, muted } from "../ui";
import { ErrorNote } from "./ErrorNote";
import { LabSection } from "./LabSection";
import { type LabUiDict, RequestCard } from "./RequestCard";
import { labFetch, useLabRun } from "./useLab";

export function ScaleLab({
  d,
  ui,
  store,
  storeNote,
}: {
  d: LabsDict["scale"];
  ui: LabUiDict;
  /** What A and B share here: PostgreSQL (DATABASE_URL) or, the one-machine version, one SQLite file. */
  store: "postgres" | "sqlite-file";
  storeNote: ReactNode;
}) {
  const lab = useLabRun();
  const [report, setReport] = useState<ScaleReport | null>(null);
  const c = ui.learn.common;

  const run = () =>
    lab.run("run", async () => {
      const r = await labFetch<ScaleReport>("/api/lab/scale", { method: "POST" });
      if (!r.ok) return lab.fail(r);
      setReport(r.body);
    });

  return (
    <>
      <LabSection title={c.run} testId="scale-controls">
        <p className={`text-sm ${muted}`} data-testid="scale-store" data-store={store}>
          {storeNote}
        </p>
        <button type="button" className={buttonPrimary} onClick={run} disabled={lab.busy !== null} data-testid="scale-run">
          {lab.busy ? c.running : report ? c.again : d.run}
        </button>
        {lab.busy && (
          <p role="status" className={`text-sm ${muted}`}>
            {d.starting}
          </p>
        )}
      </LabSection>
      <ErrorNote error={lab.error} ui={ui} />
      {report && (
        <LabSection title={c.whatHappened} testId="scale-result">
          <h3 className="font-semibold">{d.serversHeading}</h3>
          <ul className="list-disc pl-5 text-sm">
            {report.servers.map((s) => (
              <li key={s.actor} data-testid="scale-server" data-ready={s.ready}>
                <span className="font-medium">{ui.learn.actors[s.actor]}</span>{" "}
                <span className={muted}>{t(d.database, { port: s.port, db: s.database === "shared" ? d.shared : d.separate })}</span>
                {!s.ready && (
                  <span className="ml-2 text-sm text-red-700 dark:text-red-300" data-testid="scale-problem">
                    {s.problem === "port_taken" ? d.portTaken : d.notOurs}
                  </span>
                )}
              </li>
            ))}
          </ul>
          <h3 className="pt-2 font-semibold">{d.jwtHeading}</h3>
          <div className="grid gap-2 md:grid-cols-3" data-testid="scale-jwt">
            {report.requests.slice(0, report.requests.length / 2).map((r) => (
              <RequestCard key={r.actor} request={r} ui={ui} />
            ))}
          </div>
          <h3 className="pt-2 font-semibold">{d.sessionHeading}</h3>
          <div className="grid gap-2 md:grid-cols-3" data-testid="scale-session">
            {report.requests.slice(report.requests.length / 2).map((r) => (
              <RequestCard key={r.actor} request={r} ui={ui} />
            ))}
          </div>
        </LabSection>
      )}
    </>
  );
}
