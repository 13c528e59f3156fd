"use client";

import { useState } from "react";
import type { KeyStatus } from "@/lib/auth/jwks";
import type { ModeName } from "@/lib/auth/types";
import { apiFetch } from "@/lib/client/api";
import { formatClock } from "@/lib/client/time";
import { t } from "@/lib/i18n";
import type { JwksDict } from "@/lib/i18n/jwks.en";
import type { AgainReport, JwksRunReport, KeysReport, RsVerified, SideCall } from "@/lib/labs/jwks";
import { alertInfo, buttonPrimary, buttonSecondary, chip, mono, muted } from "../ui";
import { ErrorNote } from "./ErrorNote";
import { LabSection, StepResult } from "./LabSection";
import type { LabUiDict } from "./RequestCard";
import { labFetch, useLabRun } from "./useLab";

/** One answer, as the lab shows it: status, code, what the resource server verified, which cookies it saw. */
interface Answer {
  status: number;
  code: string | null;
  verified: RsVerified | null;
  cookiesSeen: string[] | null;
}

const fromSide = (s: SideCall, withCookies: boolean): Answer => ({
  status: s.request.status,
  code: s.request.code,
  verified: s.verified,
  cookiesSeen: withCookies ? s.cookiesSeen : null,
});

function Cell({ d, title, a, testId }: { d: JwksDict; title: string; a: Answer; testId: string }) {
  const ok = a.status >= 200 && a.status < 300;
  return (
    <div
      className="space-y-1 rounded-lg border border-neutral-200 p-3 text-sm dark:border-neutral-800"
      data-testid={testId}
      data-status={a.status}
      data-code={a.code ?? ""}
    >
      <p className="font-medium">{title}</p>
      <p className="flex flex-wrap items-center gap-2">
        <span className={`${chip(ok ? "good" : "bad")} font-mono`}>{a.status}</span>
        <span>{ok ? d.accepted : t(d.refused, { code: a.code ?? "?" })}</span>
      </p>
      {a.verified && (
        <p className={muted}>
          {t(d.verified, {
            sub: a.verified.sub.slice(0, 8),
            name: a.verified.name,
            kid: a.verified.kid ?? "–",
            alg: a.verified.alg,
            s: a.verified.secondsLeft,
          })}
        </p>
      )}
      {a.cookiesSeen && (
        <p className={`text-xs ${muted}`}>{t(d.cookiesSeen, { list: a.cookiesSeen.length ? a.cookiesSeen.join(", ") : d.none })}</p>
      )}
    </div>
  );
}

function KeyList({ d, keys }: { d: JwksDict; keys: KeyStatus[] }) {
  return (
    <ul className="space-y-1 text-sm" data-testid="jwks-keys">
      {keys.map((k) => (
        <li key={k.kid} data-testid="jwks-key" data-kid={k.kid} data-signing={k.signing} className="flex flex-wrap items-center gap-2">
          <span className={mono}>{k.kid}</span>
          <span className={chip("neutral")}>{k.alg}</span>
          {k.signing ? (
            <span className={chip("good")}>{d.keySigning}</span>
          ) : (
            <span className={chip("warn")}>
              {t(d.keyRetired, { time: formatClock(k.retiredAt ?? 0), until: formatClock(k.publishedUntil ?? 0) })}
            </span>
          )}
          <span className={`text-xs ${muted}`}>{t(d.keyCreated, { time: formatClock(k.createdAt) })}</span>
        </li>
      ))}
    </ul>
  );
}

export function JwksLab({ d, ui, initial }: { d: JwksDict; ui: LabUiDict; initial: KeysReport }) {
  const lab = useLabRun();
  const c = ui.learn.common;
  const modeNames = ui.modeNames as Record<ModeName, string>;
  const [keys, setKeys] = useState<KeysReport>(initial);
  const [rotated, setRotated] = useState(false);
  const [jwks, setJwks] = useState<{ status: number; code: string | null; cache: string; text: string } | null>(null);
  const [report, setReport] = useState<JwksRunReport | null>(null);
  const [again, setAgain] = useState<AgainReport | null>(null);
  const [browser, setBrowser] = useState<{ app: Answer; rs: Answer } | null>(null);
  const hs256 = keys.alg === "HS256";

  // The set as any verifier gets it, and the keys' times beside it: fetched again later, a
  // retired key is gone once its window closed.
  const fetchJwks = async () => {
    const [r, status] = await Promise.all([apiFetch<unknown>("/.well-known/jwks.json"), apiFetch<KeysReport>("/api/lab/jwks/keys")]);
    if (status.ok) setKeys(status.body);
    setJwks({
      status: r.status,
      code: r.ok ? null : r.error.code,
      cache: r.headers?.get("cache-control") ?? "–",
      text: r.ok ? JSON.stringify(r.body, null, 2) : "",
    });
  };

  const loadJwks = () => lab.run("jwks", fetchJwks);

  const rotate = () =>
    lab.run("rotate", async () => {
      const r = await labFetch<KeysReport>("/api/lab/jwks/rotate", { method: "POST" });
      if (!r.ok) return lab.fail(r);
      setKeys(r.body);
      setRotated(true);
      await fetchJwks();
    });

  const run = () =>
    lab.run("run", async () => {
      const r = await labFetch<JwksRunReport>("/api/lab/jwks/run", { method: "POST" });
      if (!r.ok) return lab.fail(r);
      setReport(r.body);
      setAgain(null);
    });

  const sendAgain = () =>
    lab.run("again", async () => {
      const r = await labFetch<AgainReport>("/api/lab/jwks/again", { method: "POST" });
      if (!r.ok) return lab.fail(r);
      setAgain(r.body);
    });

  const fromBrowser = () =>
    lab.run("browser", async () => {
      const [app, rs] = await Promise.all([apiFetch<unknown>("/api/me"), apiFetch<unknown>("/resource/me", { refresh: false })]);
      const answer = (r: typeof app): Answer => {
        const body = r.body as { verified?: RsVerified; cookiesSeen?: string[] } | null;
        return {
          status: r.status,
          code: r.ok ? null : r.error.code,
          verified: body?.verified ?? null,
          cookiesSeen: Array.isArray(body?.cookiesSeen) ? body.cookiesSeen : null,
        };
      };
      setBrowser({ app: answer(app), rs: answer(rs) });
    });

  const jwt = report?.modes.find((m) => m.mode === "jwt");

  return (
    <>
      {hs256 && (
        <p className={alertInfo} role="status" data-testid="jwks-hs256">
          {d.hs256Note}
        </p>
      )}
      <LabSection title={d.keysHeading} testId="jwks-keys-section">
        <p className={`text-xs ${muted}`}>{d.keysStd}</p>
        <KeyList d={d} keys={keys.keys} />
        <div className="flex flex-wrap gap-2">
          <button type="button" className={buttonSecondary} onClick={loadJwks} disabled={lab.busy !== null} data-testid="jwks-load">
            {d.keysLoad}
          </button>
          {!hs256 && (
            <button type="button" className={buttonSecondary} onClick={rotate} disabled={lab.busy !== null} data-testid="jwks-rotate">
              {d.rotate}
            </button>
          )}
        </div>
        {rotated && <StepResult ok={true}>{t(d.rotated, { ttl: keys.ttl })}</StepResult>}
        {jwks &&
          (jwks.status === 200 ? (
            <div className="space-y-2" data-testid="jwks-json">
              <p className={`text-sm ${muted}`}>{t(d.keysNote, { cache: jwks.cache })}</p>
              <pre className="max-h-72 overflow-auto rounded-lg bg-neutral-100 p-3 text-xs dark:bg-neutral-950">{jwks.text}</pre>
            </div>
          ) : (
            <StepResult ok={null} testId="jwks-json-none">
              {t(d.keysNone, { status: jwks.status, code: jwks.code ?? "" })}
            </StepResult>
          ))}
      </LabSection>

      <LabSection title={d.runHeading} testId="jwks-run-section">
        <p className={`text-xs ${muted}`}>{d.runStd}</p>
        <button type="button" className={buttonPrimary} onClick={run} disabled={lab.busy !== null} data-testid="jwks-run">
          {lab.busy === "run" ? c.running : report ? c.again : d.run}
        </button>
        {lab.busy === "run" && (
          <p role="status" className={`text-sm ${muted}`}>
            {d.starting}
          </p>
        )}
        {report && (
          <div className="space-y-4" data-testid="jwks-result">
            <p className={`text-sm ${muted}`}>
              {report.resourceServer.ready
                ? t(d.rsPort, { port: report.resourceServer.port })
                : t(d.rsProblem, { port: report.resourceServer.port })}
            </p>
            {report.modes.map((m) => (
              <div key={m.mode} className="space-y-2" data-testid={`jwks-mode-${m.mode}`}>
                <h3 className="font-semibold">{t(d.modeHeading, { mode: modeNames[m.mode] })}</h3>
                {(["before", "after"] as const).map((when) => (
                  <div key={when} className="space-y-1">
                    <p className="text-sm font-medium">{when === "before" ? d.beforeEnd : d.afterEnd}</p>
                    <div className="grid gap-2 md:grid-cols-2">
                      <Cell d={d} title={d.appCol} a={fromSide(m[when].app, false)} testId={`jwks-${m.mode}-${when}-app`} />
                      <Cell d={d} title={d.rsCol} a={fromSide(m[when].rs, true)} testId={`jwks-${m.mode}-${when}-rs`} />
                    </div>
                  </div>
                ))}
                {m.mode === "session" && <StepResult ok={null}>{d.sessionMeaningless}</StepResult>}
                {m.mode === "jwt" && m.after.rs.request.status === 200 && (
                  <StepResult ok={false} testId="jwks-gap">
                    {m.after.app.request.status === 200 ? d.gap : d.gapDenylist}
                  </StepResult>
                )}
              </div>
            ))}
          </div>
        )}
      </LabSection>

      {jwt?.exp && (
        <LabSection title={d.againHeading} testId="jwks-again-section">
          <p className={`text-xs ${muted}`}>{d.againStd}</p>
          <button type="button" className={buttonSecondary} onClick={sendAgain} disabled={lab.busy !== null} data-testid="jwks-again">
            {d.again}
          </button>
          {again && (
            <div className="space-y-2" data-testid="jwks-again-result">
              <div className="grid gap-2 md:grid-cols-2">
                <Cell d={d} title={d.appCol} a={fromSide(again.app, false)} testId="jwks-again-app" />
                <Cell d={d} title={d.rsCol} a={fromSide(again.rs, true)} testId="jwks-again-rs" />
              </div>
              {again.rs.request.status === 200 ? (
                <StepResult ok={false}>{t(d.againLeft, { s: again.secondsLeft, time: formatClock(again.exp) })}</StepResult>
              ) : (
                <StepResult ok={true} testId="jwks-closed">
                  {d.againExpired}
                </StepResult>
              )}
            </div>
          )}
        </LabSection>
      )}

      <LabSection title={d.browserHeading} testId="jwks-browser-section">
        <p className={`text-sm ${muted}`}>{d.browserNote}</p>
        <button type="button" className={buttonSecondary} onClick={fromBrowser} disabled={lab.busy !== null} data-testid="jwks-browser">
          {d.browserRun}
        </button>
        {browser && (
          <div className="grid gap-2 md:grid-cols-2">
            <Cell d={d} title={d.appCol} a={browser.app} testId="jwks-browser-app" />
            <Cell d={d} title={d.rsCol} a={browser.rs} testId="jwks-browser-rs" />
          </div>
        )}
      </LabSection>
      <ErrorNote error={lab.error} ui={ui} />
    </>
  );
}
