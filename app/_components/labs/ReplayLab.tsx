"use client";

import Link from "next/link";
import { useRef, useState } from "react";
import type { ModeName } from "@/lib/auth/types";
import { apiFetch } from "@/lib/client/api";
import { formatClock } from "@/lib/client/time";
import { t } from "@/lib/i18n";
import type { LabsDict } from "@/lib/i18n/labs.en";
import type { LabRequest } from "@/lib/labs/types";
import { buttonPrimary, buttonSecondary, link, muted } from "../ui";
import { ErrorNote } from "./ErrorNote";
import { LabSection, StepResult } from "./LabSection";
import { type LabUiDict, RequestCard } from "./RequestCard";
import { labFetch, useLabRun } from "./useLab";

interface Step {
  id: number;
  label: string;
  request?: LabRequest;
  note?: string;
}

export function ReplayLab({
  d,
  ui,
  initialMode,
  modeNames,
}: {
  d: LabsDict["replay"];
  ui: LabUiDict;
  initialMode: ModeName;
  modeNames: Record<ModeName, string>;
}) {
  const lab = useLabRun();
  const [mode, setMode] = useState<ModeName>(initialMode);
  const [steps, setSteps] = useState<Step[]>([]);
  const [loggedOut, setLoggedOut] = useState(false);
  const [expiresAt, setExpiresAt] = useState<number | null>(null);
  const c = ui.learn.common;

  const nextId = useRef(0);
  const show = (s: Omit<Step, "id">) => {
    nextId.current += 1;
    const step = { ...s, id: nextId.current };
    setSteps((prev) => [...prev, step]);
  };
  const attack = async (label: string) => {
    const r = await labFetch<{ request: LabRequest }>("/api/lab/replay/attack", { method: "POST" });
    if (!r.ok) {
      lab.fail(r);
      return false;
    }
    show({ label, request: r.body.request });
    return true;
  };

  const runIn = (target: ModeName) =>
    lab.run(target, async () => {
      setSteps([]);
      setExpiresAt(null);
      if (target !== mode) {
        const switched = await apiFetch("/api/me/mode", { method: "PUT", body: { mode: target } });
        if (!switched.ok) return lab.fail(switched);
        setMode(target);
      }
      const stolen = await labFetch<{ cookies: Array<{ name: string; size: number }>; expiresAt: number | null }>("/api/lab/replay/steal", {
        method: "POST",
      });
      if (!stolen.ok) return lab.fail(stolen);
      show({ label: d.steal, note: t(d.stolen, { list: stolen.body.cookies.map((k) => k.name).join(", ") }) });
      if (!(await attack(d.attack))) return;
      const out1 = await apiFetch("/api/auth/logout", { method: "POST" });
      if (!out1.ok) return lab.fail(out1);
      setLoggedOut(true);
      show({ label: d.logout, note: d.loggedOut });
      if (!(await attack(d.attackAgain))) return;
      // The copy is the reader's real credential: it lives in real time, so "after exp"
      // is a button to press once exp has passed, not a clock to move.
      setExpiresAt(stolen.body.expiresAt);
    });

  const replayAgain = () => lab.run("again", async () => void (await attack(d.attackLater)));

  const other: ModeName = mode === "session" ? "jwt" : "session";
  return (
    <>
      <LabSection title={c.run} testId="replay-controls">
        <p className={muted} data-testid="replay-mode" data-mode={mode}>
          {t(d.mode, { mode: modeNames[mode] })}
        </p>
        {loggedOut ? (
          <Link href="/login?next=%2Flabs%2Freplay" className={link} data-testid="replay-login-again">
            {d.loginAgain}
          </Link>
        ) : (
          <div className="flex flex-wrap gap-2">
            <button
              type="button"
              className={buttonPrimary}
              onClick={() => runIn(mode)}
              disabled={lab.busy !== null}
              data-testid="replay-run"
            >
              {lab.busy === mode ? c.running : `${c.run} (${modeNames[mode]})`}
            </button>
            <button
              type="button"
              className={buttonSecondary}
              onClick={() => runIn(other)}
              disabled={lab.busy !== null}
              data-testid="replay-run-other"
            >
              {lab.busy === other ? c.running : `${c.run} (${modeNames[other]})`}
            </button>
          </div>
        )}
      </LabSection>
      <ErrorNote error={lab.error} ui={ui} />
      {steps.length > 0 && (
        <LabSection title={c.whatHappened} testId="replay-result">
          <ol className="space-y-3">
            {steps.map((s) => (
              <li key={s.id} className="space-y-2" data-testid="replay-step">
                <p className="font-medium">{s.label}</p>
                {s.note && <StepResult ok={null}>{s.note}</StepResult>}
                {s.request && (
                  <>
                    <StepResult ok={s.request.status !== 200}>
                      {s.request.status === 200
                        ? t(d.resultOk, { status: s.request.status, user: s.request.user ?? "" })
                        : t(d.resultRefused, { status: s.request.status, code: s.request.code ?? "" })}
                    </StepResult>
                    <RequestCard request={s.request} ui={ui} />
                  </>
                )}
              </li>
            ))}
          </ol>
          {loggedOut && (
            <div className="space-y-2">
              {expiresAt !== null && (
                <p className="text-sm" data-testid="replay-expires" data-expires-at={expiresAt}>
                  {t(d.expiresNote, { time: formatClock(expiresAt) })}
                </p>
              )}
              <button
                type="button"
                className={buttonSecondary}
                onClick={replayAgain}
                disabled={lab.busy !== null}
                data-testid="replay-again"
              >
                {lab.busy === "again" ? c.running : d.replayAgain}
              </button>
            </div>
          )}
        </LabSection>
      )}
    </>
  );
}
