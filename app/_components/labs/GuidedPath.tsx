"use client";

import Link from "next/link";
import { useRouter } from "next/navigation";
import { type ReactNode, useState } from "react";
import type { InspectResponse, MeResponse, ModeName } from "@/lib/auth/types";
import { apiFetch } from "@/lib/client/api";
import { t } from "@/lib/i18n";
import type { LabRequest } from "@/lib/labs/types";
import { alertInfo, buttonPrimary, buttonSecondary, card, link, muted } from "../ui";
import { browserRequest } from "./browser-request";
import { ErrorNote } from "./ErrorNote";
import { StepResult } from "./LabSection";
import { type LabUiDict, RequestCard } from "./RequestCard";
import { labFetch, useLabRun } from "./useLab";

type PathDict = LabUiDict["learn"]["path"];

interface Props {
  ui: LabUiDict;
  initial: { username: string; mode: ModeName } | null;
  demoAccount: { username: string; password: string } | null;
}

function Step({ n, title, body, children, d }: { n: number; title: string; body: string; children: ReactNode; d: PathDict }) {
  return (
    <section aria-labelledby={`step-${n}`} className={`${card} space-y-3`} data-testid={`path-step-${n}`}>
      <p className={`text-xs font-semibold tracking-wide text-indigo-700 uppercase dark:text-indigo-300`}>{t(d.stepLabel, { n })}</p>
      <h2 id={`step-${n}`} className="text-xl font-semibold">
        {title}
      </h2>
      <p className={`leading-relaxed ${muted}`}>{body}</p>
      {children}
    </section>
  );
}

function NeedsLogin({ d }: { d: PathDict }) {
  return (
    <p className={`text-sm ${muted}`} data-testid="path-needs-login">
      {d.needsLogin}{" "}
      <Link href="/login" className={link}>
        →
      </Link>
    </p>
  );
}

/** base64url → pretty JSON, as anyone holding a JWT can do. */
function decodePart(part: string): string {
  try {
    const b64 = part.replace(/-/g, "+").replace(/_/g, "/");
    const bytes = Uint8Array.from(atob(b64 + "=".repeat((4 - (b64.length % 4)) % 4)), (c) => c.charCodeAt(0));
    return JSON.stringify(JSON.parse(new TextDecoder().decode(bytes)), null, 2);
  } catch {
    return part;
  }
}

function encodePart(json: unknown): string {
  const bytes = new TextEncoder().encode(JSON.stringify(json));
  return btoa(String.fromCharCode(...bytes))
    .replace(/\+/g, "-")
    .replace(/\//g, "_")
    .replace(/=+$/, "");
}

export function GuidedPath({ ui, initial, demoAccount }: Props) {
  const d = ui.learn.path;
  const c = ui.learn.common;
  const router = useRouter();
  const lab = useLabRun();
  const [who, setWho] = useState(initial);

  // Step 1
  const [s1, setS1] = useState<{ without?: LabRequest; with?: LabRequest }>({});
  const send = (withCookies: boolean) =>
    lab.run(withCookies ? "s1-with" : "s1-without", async () => {
      const r = await apiFetch<MeResponse>("/api/me", withCookies ? { trace: true } : { credentials: "omit", trace: true });
      const req = browserRequest("GET", "/api/me", r);
      setS1((prev) => (withCookies ? { ...prev, with: req } : { ...prev, without: req }));
    });

  // Step 2
  const [s2, setS2] = useState<{ login?: number; checks: LabRequest[] } | null>(null);
  const authorizeTwice = async (login?: number) => {
    const checks: LabRequest[] = [];
    for (let i = 0; i < 2; i++) checks.push(browserRequest("GET", "/api/me", await apiFetch<MeResponse>("/api/me", { trace: true })));
    setS2({ login, checks });
  };
  const loginDemo = () =>
    lab.run("s2-login", async () => {
      if (!demoAccount) return;
      const r = await apiFetch<{ user: { username: string }; mode: ModeName }>("/api/auth/login", {
        method: "POST",
        body: { ...demoAccount, mode: "session" },
      });
      if (!r.ok) return lab.fail(r);
      setWho({ username: r.body.user.username, mode: r.body.mode });
      await authorizeTwice(r.status);
      router.refresh();
    });

  // Step 3
  const [s3, setS3] = useState<{ data: InspectResponse; documentCookie: string } | null>(null);
  const look = () =>
    lab.run("s3", async () => {
      const r = await apiFetch<InspectResponse>("/api/auth/inspect");
      if (!r.ok) return lab.fail(r);
      setS3({ data: r.body, documentCookie: document.cookie });
    });

  // Step 4
  const [token, setToken] = useState<string | null>(null);
  // `claims`: what was actually sent, so a tampered token shows its edited claims.
  const [verdict, setVerdict] = useState<{ tampered: boolean; ok: boolean; reason?: string; claims: string } | null>(null);
  const getToken = () =>
    lab.run("s4-get", async () => {
      const r = await apiFetch<{ token: string }>("/api/lab/jwt/sample", { method: "POST" });
      if (!r.ok) return lab.fail(r);
      setToken(r.body.token);
      setVerdict(null);
    });
  const verify = (tamper: boolean) =>
    lab.run(tamper ? "s4-tamper" : "s4-verify", async () => {
      if (!token) return;
      const [h = "", p = "", s = ""] = token.split(".");
      let candidate = token;
      if (tamper) {
        const claims = JSON.parse(decodePart(p)) as Record<string, unknown>;
        candidate = `${h}.${encodePart({ ...claims, role: "admin" })}.${s}`;
      }
      const r = await apiFetch<{ ok: boolean; reason?: string }>("/api/lab/jwt/verify", { method: "POST", body: { token: candidate } });
      if (!r.ok) return lab.fail(r);
      setVerdict({ tampered: tamper, ok: r.body.ok, reason: r.body.reason, claims: decodePart(candidate.split(".")[1] ?? "") });
    });

  // Step 5
  const [s5, setS5] = useState<{ documentCookie: string; storageKeys: string[]; status: number } | null>(null);
  const runScript = () =>
    lab.run("s5", async () => {
      const storageKeys = Object.keys(localStorage);
      const r = await apiFetch("/api/me");
      setS5({ documentCookie: document.cookie, storageKeys, status: r.status });
    });

  // Step 6
  const [s6, setS6] = useState<LabRequest[] | null>(null);
  const compare = () =>
    lab.run("s6", async () => {
      const r = await labFetch<{ requests: LabRequest[] }>("/api/lab/compare", { method: "POST" });
      if (!r.ok) return lab.fail(r);
      setS6(r.body.requests);
    });

  // Step 7
  const [s7, setS7] = useState<LabRequest[] | null>(null);
  const walk = () =>
    lab.run("s7", async () => {
      const r = await labFetch<{ requests: LabRequest[] }>("/api/lab/refresh/walkthrough", { method: "POST" });
      if (!r.ok) return lab.fail(r);
      setS7(r.body.requests);
    });

  const busy = lab.busy !== null;
  const btn = (name: string, label: string, onClick: () => void, primary = true, testId?: string) => (
    <button type="button" className={primary ? buttonPrimary : buttonSecondary} onClick={onClick} disabled={busy} data-testid={testId}>
      {lab.busy === name ? c.running : label}
    </button>
  );
  const parts = token?.split(".") ?? [];

  return (
    <div className="space-y-6">
      <p className={`text-sm ${muted}`} data-testid="path-who">
        {who ? t(d.loggedInAs, { username: who.username, mode: ui.modeNames[who.mode] }) : d.loggedOut}
      </p>
      <ErrorNote error={lab.error} ui={ui} />

      <Step n={1} title={d.s1.title} body={d.s1.body} d={d}>
        <div className="flex flex-wrap gap-2">
          {btn("s1-without", d.s1.without, () => send(false), true, "path-s1-without")}
          {btn("s1-with", d.s1.with, () => send(true), false, "path-s1-with")}
        </div>
        {s1.without && (
          <div className="space-y-2" data-testid="path-s1-without-result">
            <StepResult ok={null}>{t(d.s1.resultStranger, { status: s1.without.status, code: s1.without.code ?? "" })}</StepResult>
            <RequestCard request={s1.without} ui={ui} />
          </div>
        )}
        {s1.with && (
          <div className="space-y-2" data-testid="path-s1-with-result">
            <StepResult ok={s1.with.status === 200}>
              {s1.with.status === 200
                ? t(d.s1.resultKnown, { status: s1.with.status, user: s1.with.user ?? "" })
                : t(d.s1.resultNotLoggedIn, { status: s1.with.status, code: s1.with.code ?? "" })}
            </StepResult>
            <RequestCard request={s1.with} ui={ui} />
          </div>
        )}
      </Step>

      <Step n={2} title={d.s2.title} body={d.s2.body} d={d}>
        <div className="flex flex-wrap gap-2">
          {!who && demoAccount && btn("s2-login", t(d.s2.loginDemo, { username: demoAccount.username }), loginDemo, true, "path-s2-login")}
          {!who && !demoAccount && (
            <Link href="/login" className={link}>
              {d.s2.noDemo}
            </Link>
          )}
          {who && btn("s2-authz", d.s2.callTwice, () => lab.run("s2-authz", () => authorizeTwice()), true, "path-s2-authz")}
        </div>
        {s2 && (
          <ol className="space-y-2" data-testid="path-s2-result">
            {s2.login !== undefined && (
              <li>
                <StepResult ok={true}>{t(d.s2.authn, { status: s2.login })}</StepResult>
              </li>
            )}
            {s2.checks.map((r, i) => (
              // biome-ignore lint/suspicious/noArrayIndexKey: two checks in a fixed order, never reordered
              <li key={i} className="space-y-1" data-testid="path-s2-check">
                <StepResult ok={r.status === 200}>
                  {t(d.s2.authz, {
                    n: i + 1,
                    summary: r.trace
                      ? t(ui.learn.request.traceSummary, {
                          steps: r.trace.steps.length,
                          ms: r.trace.totalMs.toFixed(2),
                          n: r.trace.dbQueries,
                        })
                      : `${r.status}`,
                  })}
                </StepResult>
                <RequestCard request={r} ui={ui} />
              </li>
            ))}
          </ol>
        )}
      </Step>

      <Step n={3} title={d.s3.title} body={d.s3.body} d={d}>
        {who ? btn("s3", d.s3.look, look, true, "path-s3-look") : <NeedsLogin d={d} />}
        {s3 && (
          <div className="grid gap-3 md:grid-cols-2" data-testid="path-s3-result">
            <div className="space-y-1 rounded-lg border border-neutral-200 p-3 text-sm dark:border-neutral-800">
              <h3 className="font-semibold">{d.s3.browserSide}</h3>
              <ul className="space-y-1">
                {s3.data.client.cookies
                  .filter((k) => k.present)
                  .map((k) => (
                    <li key={k.name} className="font-mono text-xs">
                      {t(d.s3.cookieLine, { name: k.name, size: k.sizeBytes ?? 0, httpOnly: k.httpOnly ? c.yes : c.no })}
                    </li>
                  ))}
              </ul>
              <p className={`font-mono text-xs break-all ${muted}`} data-testid="path-s3-document-cookie">
                {t(d.s3.jsSees, { value: s3.documentCookie || "''" })}
              </p>
              {!/authlab_(session|access|refresh)=/.test(s3.documentCookie) && <p className={`text-xs ${muted}`}>{d.s3.jsSeesNothing}</p>}
            </div>
            <div className="space-y-1 rounded-lg border border-neutral-200 p-3 text-sm dark:border-neutral-800">
              <h3 className="font-semibold">{d.s3.serverSide}</h3>
              <p className="text-xs" data-testid="path-s3-server">
                {s3.data.server.kind === "session"
                  ? t(d.s3.sessionRows, {
                      n: s3.data.server.sessions.length,
                      hash: (s3.data.server.sessions.find((r) => r.current)?.tokenHash ?? "").slice(0, 12),
                    })
                  : t(d.s3.refreshRows, { n: s3.data.server.refreshTokens.length })}
              </p>
            </div>
          </div>
        )}
      </Step>

      <Step n={4} title={d.s4.title} body={d.s4.body} d={d}>
        <div className="flex flex-wrap gap-2">
          {btn("s4-get", d.s4.get, getToken, true, "path-s4-get")}
          {token && btn("s4-tamper", d.s4.tamper, () => verify(true), false, "path-s4-tamper")}
          {token && btn("s4-verify", d.s4.verifyOriginal, () => verify(false), false, "path-s4-verify")}
        </div>
        {token && (
          <div className="space-y-2" data-testid="path-s4-token">
            <p className="rounded-lg bg-neutral-100 p-3 font-mono text-xs break-all dark:bg-neutral-950" lang="en">
              <span className="text-rose-700 dark:text-rose-300">{parts[0]}</span>.
              <span className="text-indigo-700 dark:text-indigo-300">{parts[1]}</span>.
              <span className="text-emerald-700 dark:text-emerald-300">{parts[2]}</span>
            </p>
            <div className="grid gap-2 md:grid-cols-3">
              <div>
                <h3 className="text-sm font-semibold text-rose-700 dark:text-rose-300">{d.s4.header}</h3>
                <pre className="rounded-lg bg-neutral-100 p-2 font-mono text-xs whitespace-pre-wrap break-all dark:bg-neutral-950">
                  {decodePart(parts[0] ?? "")}
                </pre>
              </div>
              <div>
                <h3 className="text-sm font-semibold text-indigo-700 dark:text-indigo-300">{d.s4.claims}</h3>
                <pre
                  className="rounded-lg bg-neutral-100 p-2 font-mono text-xs whitespace-pre-wrap break-all dark:bg-neutral-950"
                  data-testid="path-s4-claims"
                >
                  {decodePart(parts[1] ?? "")}
                </pre>
              </div>
              <div>
                <h3 className="text-sm font-semibold text-emerald-700 dark:text-emerald-300">{d.s4.signature}</h3>
                <p className={`text-xs ${muted}`}>{d.s4.signatureNote}</p>
              </div>
            </div>
            <p className={`text-xs ${muted}`}>{d.s4.sampleNote}</p>
          </div>
        )}
        {verdict?.tampered && (
          <div className="space-y-1" data-testid="path-s4-tampered">
            <h3 className="text-sm font-semibold text-indigo-700 dark:text-indigo-300">{d.s4.tamperedClaims}</h3>
            <pre className="rounded-lg border border-rose-300 bg-neutral-100 p-2 font-mono text-xs whitespace-pre-wrap break-all dark:border-rose-800 dark:bg-neutral-950">
              {verdict.claims}
            </pre>
            <p className={`text-xs ${muted}`}>{d.s4.tamperedNote}</p>
          </div>
        )}
        {verdict && (
          // The server's answer, styled as what it is: a rejection is a failure (red), even
          // when it is the expected one; the sentence below it says why that is good news.
          <StepResult ok={verdict.ok} testId="path-s4-verdict">
            <span data-verdict={verdict.ok ? "valid" : "rejected"}>
              {verdict.ok
                ? d.s4.verifyOk
                : t(d.s4.verifyFailed, { reason: (d.s4 as Record<string, string>)[`reason_${verdict.reason}`] ?? d.s4.reason_invalid })}
            </span>
          </StepResult>
        )}
        {verdict?.tampered && !verdict.ok && <p className="text-sm">{d.s4.rejectionIsTheProtection}</p>}
      </Step>

      <Step n={5} title={d.s5.title} body={d.s5.body} d={d}>
        <div className="flex flex-wrap items-center gap-3">
          {btn("s5", d.s5.run, runScript, true, "path-s5-run")}
          <Link href="/labs/xss" className={link}>
            {d.s5.lab} →
          </Link>
        </div>
        {s5 && (
          <ul className="space-y-1 text-sm" data-testid="path-s5-result">
            <li className="font-mono text-xs break-all">{t(d.s5.sees, { value: s5.documentCookie || d.s5.none })}</li>
            <li className="font-mono text-xs break-all">{t(d.s5.storage, { value: s5.storageKeys.join(", ") || d.s5.none })}</li>
            <li>
              <StepResult ok={null}>{t(d.s5.canCall, { status: s5.status })}</StepResult>
            </li>
          </ul>
        )}
      </Step>

      <Step n={6} title={d.s6.title} body={d.s6.body} d={d}>
        {who ? btn("s6", d.s6.run, compare, true, "path-s6-run") : <NeedsLogin d={d} />}
        {s6 && (
          <div className="space-y-3" data-testid="path-s6-result">
            <h3 className="font-semibold">{d.s6.before}</h3>
            <div className="grid gap-2 md:grid-cols-2">
              {s6.slice(0, 2).map((r) => (
                <RequestCard key={`b-${r.actor}`} request={r} ui={ui} />
              ))}
            </div>
            <h3 className="font-semibold">{d.s6.after}</h3>
            <div className="grid gap-2 md:grid-cols-2">
              {s6.slice(2).map((r) => (
                <RequestCard key={`a-${r.actor}`} request={r} ui={ui} />
              ))}
            </div>
            <p className={alertInfo}>{d.s6.lesson}</p>
          </div>
        )}
      </Step>

      <Step n={7} title={d.s7.title} body={d.s7.body} d={d}>
        <div className="flex flex-wrap items-center gap-3">
          {who ? btn("s7", d.s7.run, walk, true, "path-s7-run") : <NeedsLogin d={d} />}
          <Link href="/labs/refresh" className={link}>
            {d.s7.lab} →
          </Link>
        </div>
        {s7 && (
          <ol className="space-y-2" data-testid="path-s7-result">
            {s7.map((r, i) => (
              // biome-ignore lint/suspicious/noArrayIndexKey: the walk-through's steps have a fixed order
              <li key={i}>
                <RequestCard request={r} ui={ui} label={(d.s7.labels as Record<string, string>)[String(i)]} />
              </li>
            ))}
          </ol>
        )}
      </Step>
    </div>
  );
}
