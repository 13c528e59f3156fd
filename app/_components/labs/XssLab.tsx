"use client";

import { useState } from "react";
import type { MeResponse } from "@/lib/auth/types";
import { apiFetch } from "@/lib/client/api";
import { t } from "@/lib/i18n";
import type { LabsDict } from "@/lib/i18n/labs.en";
import type { LabRequest } from "@/lib/labs/types";
import { buttonPrimary, buttonSecondary, muted } from "../ui";
import { ErrorNote } from "./ErrorNote";
import { LabSection, StepResult } from "./LabSection";
import { type LabUiDict, RequestCard } from "./RequestCard";
import { labFetch, useLabRun } from "./useLab";

const STORAGE_KEY = "authlab_demo_token";

// Shown to the reader as the "injected" code; runInjectedScript below does exactly this.
const INJECTED = `// injected into a page of this site
const loot = {
  localToken: localStorage.getItem("${STORAGE_KEY}"),
  documentCookie: document.cookie,
};
fetch("/api/lab/xss/exfil", { method: "POST", body: JSON.stringify(loot) }); // "send home"
fetch("/api/me"); // the browser attaches the HttpOnly cookie by itself`;

interface XssRun {
  localToken: string | null;
  documentCookie: string;
  replays: LabRequest[];
  ridingStatus: number;
}

export function XssLab({ d, ui }: { d: LabsDict["xss"]; ui: LabUiDict }) {
  const lab = useLabRun();
  const [result, setResult] = useState<XssRun | null>(null);
  const [cross, setCross] = useState<LabRequest[] | null>(null);
  const c = ui.learn.common;

  const runInjected = () =>
    lab.run("inject", async () => {
      setResult(null);
      // 1. The "app" keeps a token where scripts can reach it.
      const issued = await labFetch<{ token: string }>("/api/lab/xss/local-token", { method: "POST" });
      if (!issued.ok) return lab.fail(issued);
      localStorage.setItem(STORAGE_KEY, issued.body.token);
      try {
        // 2. The injected script reads what page scripts can read.
        const loot = { localToken: localStorage.getItem(STORAGE_KEY), documentCookie: document.cookie };
        // 3. … sends it home; the attacker replays it.
        const sent = await labFetch<{ requests: LabRequest[] }>("/api/lab/xss/exfil", { method: "POST", body: loot });
        if (!sent.ok) return lab.fail(sent);
        // 4. … and rides on the HttpOnly cookie without reading it.
        const riding = await apiFetch<MeResponse>("/api/me");
        setResult({ ...loot, replays: sent.body.requests, ridingStatus: riding.status });
      } finally {
        localStorage.removeItem(STORAGE_KEY);
      }
    });

  const runCrossSite = () =>
    lab.run("cross", async () => {
      setCross(null);
      const r = await labFetch<{ requests: LabRequest[] }>("/api/lab/xss/cross-site", { method: "POST" });
      if (!r.ok) return lab.fail(r);
      setCross(r.body.requests);
    });

  const bearer = result?.replays.find((r) => r.path === "/api/lab/xss/bearer");
  const cookieReplay = result?.replays.find((r) => r.path === "/api/me");
  const preview = (v: string | null) => (v ? `${v.slice(0, 24)}…` : d.nothing);

  return (
    <>
      <LabSection title={d.victimHeading} testId="xss-victim">
        <p className={`text-sm ${muted}`}>{d.victimNote}</p>
        <div className="space-y-1">
          <h3 className="text-sm font-semibold">{d.codeHeading}</h3>
          <pre className="rounded-lg bg-neutral-900 p-3 font-mono text-xs break-words whitespace-pre-wrap text-neutral-100" lang="en">
            <code>{INJECTED}</code>
          </pre>
        </div>
        <button type="button" className={buttonPrimary} onClick={runInjected} disabled={lab.busy !== null} data-testid="xss-run">
          {lab.busy === "inject" ? c.running : d.run}
        </button>
      </LabSection>

      <ErrorNote error={lab.error} ui={ui} />

      {result && (
        <LabSection title={c.whatHappened} testId="xss-result">
          <ol className="space-y-3">
            <li className="space-y-1">
              <p className="font-medium">{d.step1}</p>
              <p className={`font-mono text-xs break-all ${muted}`}>{t(d.readLocal, { value: preview(result.localToken) })}</p>
            </li>
            <li className="space-y-1">
              <p className="font-medium">{d.step2}</p>
              <p className={`font-mono text-xs break-all ${muted}`} data-testid="xss-document-cookie">
                {t(d.readCookie, { value: result.documentCookie || d.nothing })}
              </p>
            </li>
            <li className="space-y-2">
              <p className="font-medium">{d.step3}</p>
              {bearer && (
                <StepResult ok={bearer.status !== 200} testId="xss-local-replay">
                  {t(d.localReplay, { status: bearer.status })}
                </StepResult>
              )}
              {cookieReplay && (
                <StepResult ok={cookieReplay.status !== 200} testId="xss-cookie-replay">
                  {t(d.cookieReplay, { status: cookieReplay.status, code: cookieReplay.code ?? "" })}
                </StepResult>
              )}
              {result.replays.map((r) => (
                <RequestCard key={`${r.path}-${r.at}`} request={r} ui={ui} />
              ))}
            </li>
            <li className="space-y-1">
              <p className="font-medium">{d.step4}</p>
              <StepResult ok={null} testId="xss-riding">
                {t(d.riding, { status: result.ridingStatus })}
              </StepResult>
            </li>
          </ol>
        </LabSection>
      )}

      <LabSection title={d.crossHeading} testId="xss-cross">
        <button type="button" className={buttonSecondary} onClick={runCrossSite} disabled={lab.busy !== null} data-testid="xss-cross-run">
          {lab.busy === "cross" ? c.running : d.crossRun}
        </button>
        {cross && (
          <div className="space-y-2" data-testid="xss-cross-result">
            {cross[0] && (
              <>
                <StepResult ok={true}>{t(d.crossNoCookie, { status: cross[0].status, code: cross[0].code ?? "" })}</StepResult>
                <RequestCard request={cross[0]} ui={ui} />
              </>
            )}
            {cross[1] && (
              <>
                <StepResult ok={true}>{t(d.crossOrigin, { status: cross[1].status, code: cross[1].code ?? "" })}</StepResult>
                <RequestCard request={cross[1]} ui={ui} />
              </>
            )}
          </div>
        )}
      </LabSection>
    </>
  );
}
