"use client";

import Link from "next/link";
import { useState } from "react";
import { apiFetch } from "@/lib/client/api";
import { t } from "@/lib/i18n";
import type { LabsDict } from "@/lib/i18n/labs.en";
import type { LabRequest } from "@/lib/labs/types";
import { buttonPrimary, link } from "../ui";
import { browserRequest } from "./browser-request";
import { ErrorNote } from "./ErrorNote";
import { LabSection, StepResult } from "./LabSection";
import { type LabUiDict, RequestCard } from "./RequestCard";
import { labFetch, useLabRun } from "./useLab";

interface Step {
  label: string;
  request?: LabRequest;
  note?: string;
}

export function RefreshLab({ d, ui }: { d: LabsDict["refresh"]; ui: LabUiDict }) {
  const lab = useLabRun();
  const [steps, setSteps] = useState<Step[]>([]);
  const [done, setDone] = useState(false);
  const c = ui.learn.common;

  const run = () =>
    lab.run("run", async () => {
      const out: Step[] = [];
      const show = (s: Step) => {
        out.push(s);
        setSteps([...out]);
      };
      setSteps([]);
      const begun = await labFetch<{ user: string; accessTokenTtl: number; refreshReuseGrace: number }>("/api/lab/refresh/begin", {
        method: "POST",
      });
      if (!begun.ok) return lab.fail(begun);
      const { accessTokenTtl: ttl, refreshReuseGrace: grace } = begun.body;
      show({ label: d.begin, note: t(d.begun, { user: begun.body.user, ttl, grace }) });

      const me = async (label: string) => {
        const r = await apiFetch("/api/me", { refresh: false });
        show({ label, request: browserRequest("GET", "/api/me", r) });
      };
      const forward = async (seconds: number) => {
        const r = await apiFetch("/api/lab/clock", { method: "POST", body: { seconds } });
        if (!r.ok) lab.fail(r);
        return r.ok;
      };
      const refresh = async (label: string) => {
        const r = await apiFetch("/api/auth/refresh", { method: "POST" });
        show({ label, request: browserRequest("POST", "/api/auth/refresh", r) });
      };
      try {
        await me(d.callApi);
        if (!(await forward(ttl + 1))) return;
        show({ label: d.expire, note: t(d.movedBy, { n: ttl + 1 }) });
        await me(d.callExpired);
        await refresh(d.refreshNow);
        await me(d.callAfter);
        if (!(await forward(grace + 1))) return;
        show({ label: d.graceWait, note: t(d.movedBy, { n: grace + 1 }) });
        const replay = await labFetch<{ request: LabRequest }>("/api/lab/refresh/replay", { method: "POST" });
        if (!replay.ok) return lab.fail(replay);
        show({ label: d.replay, request: replay.body.request });
        await refresh(d.yourTurn);
      } finally {
        await apiFetch("/api/lab/clock", { method: "DELETE" });
        setDone(true);
      }
    });

  return (
    <>
      <LabSection title={c.run} testId="refresh-controls">
        {done ? (
          <p className="space-x-2">
            <span>{d.loggedOut}</span>
            <Link href="/login?next=%2Flabs%2Frefresh" className={link} data-testid="refresh-login-again">
              {ui.learn.common.loginLink}
            </Link>
          </p>
        ) : (
          <button type="button" className={buttonPrimary} onClick={run} disabled={lab.busy !== null} data-testid="refresh-run">
            {lab.busy ? c.running : c.run}
          </button>
        )}
      </LabSection>
      <ErrorNote error={lab.error} ui={ui} />
      {steps.length > 0 && (
        <LabSection title={c.whatHappened} testId="refresh-result">
          <ol className="space-y-3">
            {steps.map((s) => (
              <li key={s.label} className="space-y-2" data-testid="refresh-step">
                <p className="font-medium">{s.label}</p>
                {s.note && <StepResult ok={null}>{s.note}</StepResult>}
                {s.request && <RequestCard request={s.request} ui={ui} />}
              </li>
            ))}
          </ol>
        </LabSection>
      )}
    </>
  );
}
