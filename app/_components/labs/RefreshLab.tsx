"use client";

import { useState } from "react";
import type { LabsDict } from "@/lib/i18n/labs.en";
import type { LabRequest } from "@/lib/labs/types";
import { buttonPrimary } from "../ui";
import { ErrorNote } from "./ErrorNote";
import { LabSection, StepResult } from "./LabSection";
import { type LabUiDict, RequestCard } from "./RequestCard";
import { labFetch, useLabRun } from "./useLab";

// The walk runs on the server, on a throwaway JWT login of yours bound to a lab clock:
// your own login is not touched and keeps real time (docs/decisions/020-demo-clock.md).
// The server returns the six requests in order; each gets its step's label here.
export function RefreshLab({ d, ui }: { d: LabsDict["refresh"]; ui: LabUiDict }) {
  const lab = useLabRun();
  const [requests, setRequests] = useState<LabRequest[]>([]);
  const c = ui.learn.common;
  const labels = [d.callApi, d.callExpired, d.refreshNow, d.callAfter, d.replay, d.yourTurn];
  const notes: Array<string | null> = [d.begin, d.expire, null, null, d.graceWait, null];

  const run = () =>
    lab.run("run", async () => {
      setRequests([]);
      const r = await labFetch<{ requests: LabRequest[] }>("/api/lab/refresh/walkthrough", { method: "POST" });
      if (!r.ok) return lab.fail(r);
      setRequests(r.body.requests);
    });

  return (
    <>
      <LabSection title={c.run} testId="refresh-controls">
        <p className="text-sm">{d.ownLoginUntouched}</p>
        <button type="button" className={buttonPrimary} onClick={run} disabled={lab.busy !== null} data-testid="refresh-run">
          {lab.busy ? c.running : c.run}
        </button>
      </LabSection>
      <ErrorNote error={lab.error} ui={ui} />
      {requests.length > 0 && (
        <LabSection title={c.whatHappened} testId="refresh-result">
          <ol className="space-y-3">
            {requests
              .map((request, i) => ({ request, label: labels[i] ?? "", note: notes[i] ?? null }))
              .map(({ request, label, note }) => (
                <li key={label} className="space-y-2" data-testid="refresh-step">
                  <p className="font-medium">{label}</p>
                  {note && <StepResult ok={null}>{note}</StepResult>}
                  <RequestCard request={request} ui={ui} />
                </li>
              ))}
          </ol>
        </LabSection>
      )}
    </>
  );
}
