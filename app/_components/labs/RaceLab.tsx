"use client";

import { useState } from "react";
import { t } from "@/lib/i18n";
import type { LabsDict } from "@/lib/i18n/labs.en";
import type { LabRequest } from "@/lib/labs/types";
import { buttonPrimary, buttonSecondary, muted } from "../ui";
import { ErrorNote } from "./ErrorNote";
import { LabSection, StepResult } from "./LabSection";
import { type LabUiDict, RequestCard } from "./RequestCard";
import { labFetch, useLabRun } from "./useLab";

export function RaceLab({ d, ui, graceSeconds }: { d: LabsDict["race"]; ui: LabUiDict; graceSeconds: number }) {
  const lab = useLabRun();
  const [runs, setRuns] = useState<Array<{ grace: "on" | "off"; requests: LabRequest[] }>>([]);
  const c = ui.learn.common;

  const race = (grace: "on" | "off") =>
    lab.run(grace, async () => {
      const r = await labFetch<{ requests: LabRequest[] }>("/api/lab/race", { method: "POST", body: { grace } });
      if (!r.ok) return lab.fail(r);
      setRuns((prev) => [{ grace, requests: r.body.requests }, ...prev.filter((p) => p.grace !== grace)]);
    });

  return (
    <>
      <LabSection title={c.run} testId="race-controls">
        <p className={muted}>{t(d.graceIs, { n: graceSeconds })}</p>
        <div className="flex flex-wrap gap-2">
          <button type="button" className={buttonPrimary} onClick={() => race("on")} disabled={lab.busy !== null} data-testid="race-on">
            {lab.busy === "on" ? c.running : d.runOn}
          </button>
          <button type="button" className={buttonSecondary} onClick={() => race("off")} disabled={lab.busy !== null} data-testid="race-off">
            {lab.busy === "off" ? c.running : d.runOff}
          </button>
        </div>
      </LabSection>
      <ErrorNote error={lab.error} ui={ui} />
      {runs.map((run) => {
        const last = run.requests.at(-1);
        const survived = last?.status === 200;
        return (
          <LabSection
            key={run.grace}
            title={`${c.whatHappened}: ${run.grace === "on" ? d.runOn : d.runOff}`}
            testId={`race-result-${run.grace}`}
          >
            <StepResult ok={survived} testId="race-outcome">
              {survived ? d.outcomeSurvived : d.outcomeKilled}
            </StepResult>
            <div className="grid gap-2 md:grid-cols-2">
              {run.requests.slice(0, 2).map((r) => (
                <RequestCard key={r.actor} request={r} ui={ui} />
              ))}
            </div>
            {last && run.requests.length > 2 && <RequestCard request={last} ui={ui} />}
          </LabSection>
        );
      })}
    </>
  );
}
