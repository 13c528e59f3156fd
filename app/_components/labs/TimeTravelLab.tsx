"use client";

import { useEffect, useState } from "react";
import { apiFetch } from "@/lib/client/api";
import { t } from "@/lib/i18n";
import type { LabsDict } from "@/lib/i18n/labs.en";
import type { ClockState, LabRequest } from "@/lib/labs/types";
import { alertInfo, buttonPrimary, buttonSecondary } from "../ui";
import { ErrorNote } from "./ErrorNote";
import { LabSection, StepResult } from "./LabSection";
import { type LabUiDict, RequestCard } from "./RequestCard";
import { useLabRun } from "./useLab";

const JUMPS = [1, 5, 30];

interface Run {
  clock: ClockState;
  request: LabRequest | null;
  refreshed: boolean;
}

// The clock that moves is a lab clock on the server, bound to a throwaway login of yours
// made for this lab: your own login keeps real time (docs/decisions/020-demo-clock.md).
export function TimeTravelLab({ d, ui }: { d: LabsDict["timeTravel"]; ui: LabUiDict }) {
  const lab = useLabRun();
  const [clock, setClock] = useState<ClockState | null>(null);
  const [last, setLast] = useState<Run | null>(null);
  const c = ui.learn.common;

  useEffect(() => {
    void apiFetch<ClockState>("/api/lab/clock").then((r) => {
      if (r.ok) setClock(r.body);
    });
  }, []);

  const move = (key: string, seconds: number) =>
    lab.run(key, async () => {
      const r = await apiFetch<Run>("/api/lab/clock", { method: "POST", body: { seconds } });
      if (!r.ok) return lab.fail(r);
      setClock(r.body.clock);
      setLast(r.body);
    });

  const reset = () =>
    lab.run("reset", async () => {
      const r = await apiFetch<ClockState>("/api/lab/clock", { method: "DELETE" });
      if (!r.ok) return lab.fail(r);
      setClock(r.body);
      setLast(null);
    });

  const minutes = (s: number) => t(d.minutes, { n: Math.round(s / 60) });

  return (
    <>
      <LabSection title={c.run} testId="timetravel-controls">
        <p className="text-sm">{d.labLogin}</p>
        {clock && !clock.demo ? (
          <p className={alertInfo}>{d.demoOff}</p>
        ) : (
          <p className="font-medium" role="status" data-testid="timetravel-offset" data-offset={clock?.offsetSeconds ?? 0}>
            {t(d.clockNow, { offset: minutes(clock?.offsetSeconds ?? 0) })}
          </p>
        )}
        <div className="flex flex-wrap gap-2">
          {JUMPS.map((m) => (
            <button
              key={m}
              type="button"
              className={buttonPrimary}
              onClick={() => move(`+${m}`, m * 60)}
              disabled={lab.busy !== null}
              data-testid={`timetravel-forward-${m}`}
            >
              {lab.busy === `+${m}` ? c.running : t(d.forward, { label: minutes(m * 60) })}
            </button>
          ))}
          <button
            type="button"
            className={buttonSecondary}
            onClick={() => move("call", 0)}
            disabled={lab.busy !== null}
            data-testid="timetravel-call"
          >
            {d.check}
          </button>
          <button type="button" className={buttonSecondary} onClick={reset} disabled={lab.busy !== null} data-testid="timetravel-reset">
            {d.reset}
          </button>
        </div>
      </LabSection>
      <ErrorNote error={lab.error} ui={ui} />
      {last?.request && (
        <LabSection title={c.whatHappened} testId="timetravel-result">
          {last.refreshed && (
            <StepResult ok={true} testId="timetravel-refreshed">
              {d.transparent}
            </StepResult>
          )}
          <RequestCard request={last.request} ui={ui} />
        </LabSection>
      )}
    </>
  );
}
