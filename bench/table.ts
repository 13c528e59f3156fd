// Turns bench/results.json into the Markdown tables the terminal and docs/performance.md show.
import type { HttpFigure } from "./http";
import type { MicroResult } from "./micro";
import type { Timing } from "./stats";

interface Results {
  kind: string;
  startedAt: string;
  seconds: number;
  machine: {
    cpus: number;
    cpuModel: string | null;
    memoryGiB: number;
    node: string;
    next: string;
    loadAverage: { start: number[]; end: number[] };
  };
  config: {
    users: number;
    sessions: number;
    refreshTokens: number;
    smallLogins: number;
    rounds: number;
    slice: number;
    connections: number;
  };
  inProcess: MicroResult;
  http: {
    health: HttpFigure;
    meAnon: HttpFigure;
    meSession: HttpFigure;
    meJwt: HttpFigure;
    refresh: HttpFigure;
    login: HttpFigure;
    dashboardJs: { gzipBytes: number; rawBytes: number; scripts: number } | { error: string };
    loopStall?: { maxMs: number; seconds: number } | null;
  };
  ratios: Record<string, number | null>;
  targets: { name: string; value: number | null; target: string; met: boolean | null }[];
}

function md(head: string[], rows: (string | number)[][]): string {
  const cells = [head, ...rows.map((r) => r.map(String))];
  const width = head.map((_, i) => Math.max(...cells.map((r) => (r[i] ?? "").length)));
  const line = (r: string[]): string =>
    `| ${r.map((c, i) => (i === 0 ? c.padEnd(width[i] ?? 0) : c.padStart(width[i] ?? 0))).join(" | ")} |`;
  return [
    line(head),
    `|${width.map((w, i) => (i === 0 ? `:${"-".repeat(w + 1)}` : `${"-".repeat(w + 1)}:`)).join("|")}|`,
    ...cells.slice(1).map(line),
  ].join("\n");
}

const us = (t: Timing | null | undefined): string => (t ? t.medianUs.toFixed(1) : "n/a");
const x = (v: number | null | undefined): string => (v == null ? "n/a" : `${v.toFixed(2)}×`);
const n = (v: number): string => v.toLocaleString("en");

export function renderTables(r: Results): string {
  const f = r.inProcess.floors;
  const s = r.inProcess.session;
  const j = r.inProcess.jwt;
  const d = r.inProcess.jwtDenylist;
  const per = (t: Timing | undefined, floor: Timing | undefined): string => (t && floor ? x(t.medianUs / floor.medianUs) : "n/a");
  const denyNote = d && !d.active ? " (no denylist read yet: same as JWT)" : "";

  const inProcess = md(
    ["one authorization check, in process", "steady state µs", "× floor", "first seen µs", "× floor"],
    [
      ["floor: one HMAC-SHA256 (the JWT's bytes)", us(f.hmacJwt), "", "", ""],
      ["floor: one HMAC-SHA256 (the seal's bytes)", us(f.hmacSeal), "", "", ""],
      ["floor: one SQLite primary-key lookup", us(f.pkLookup), "", "", ""],
      ["floor: one SQLite unique-index lookup (token hash)", us(f.indexedLookup), "", "", ""],
      ["floor: HMAC + indexed lookup (session floor)", us(f.hmacPlusLookup), "", "", ""],
      ["session mode (÷ HMAC + lookup)", us(s.steady), per(s.steady, s.floor), us(s.first), per(s.first, s.floor)],
      ["JWT mode (÷ HMAC)", us(j.steady), per(j.steady, j.floor), us(j.first), per(j.first, j.floor)],
      [
        `JWT + denylist (÷ HMAC + lookup)${denyNote}`,
        us(d?.steady),
        d?.active ? per(d.steady, d.floor) : "n/a",
        us(d?.first),
        d?.active ? per(d.first, d.floor) : "n/a",
      ],
    ],
  );

  const sc = r.inProcess.scale;
  const scale = md(
    ["stored logins (sessions + refresh tokens each)", `${n(r.config.smallLogins)} µs`, `${n(r.config.sessions)} µs`, "ratio"],
    [
      ["session check, steady state", us(sc.sessionSteady.small), us(sc.sessionSteady.large), x(r.ratios.scaleSessionSteady)],
      ["session check, first seen", us(sc.sessionFirst.small), us(sc.sessionFirst.large), x(r.ratios.scaleSessionFirst)],
      ["JWT check, steady state", us(sc.jwtSteady.small), us(sc.jwtSteady.large), x(r.ratios.scaleJwtSteady)],
    ],
  );

  const h = r.http;
  const row = (name: string, fig: HttpFigure, vs: string, vsCpu: string): (string | number)[] => [
    name,
    n(fig.reqPerSec),
    fig.p50Ms.toFixed(1),
    fig.p99Ms.toFixed(1),
    n(fig.requests),
    fig === h.meAnon ? `${fig.errors} (+${n(fig.non2xx)} 401s, expected)` : fig.non2xx + fig.errors,
    fig.serverCpuUsPerReq === null ? "n/a" : n(fig.serverCpuUsPerReq),
    vs,
    vsCpu,
  ];
  const http = md(
    ["HTTP (autocannon)", "req/s", "p50 ms", "p99 ms", "requests", "non-2xx/errors", "server CPU µs/req", "÷ health", "÷ health (CPU)"],
    [
      row("GET /api/health (baseline)", h.health, "1.00×", "1.00×"),
      row("GET /api/me, no cookie (401: plumbing, no check)", h.meAnon, x(r.ratios.meAnonVsHealth), x(r.ratios.meAnonVsHealthCpu)),
      row("GET /api/me, session mode", h.meSession, x(r.ratios.meSessionVsHealth), x(r.ratios.meSessionVsHealthCpu)),
      row("GET /api/me, JWT mode", h.meJwt, x(r.ratios.meJwtVsHealth), x(r.ratios.meJwtVsHealthCpu)),
      row("POST /api/auth/refresh (rotation)", h.refresh, "", ""),
      row("POST /api/auth/login (scrypt N=2^17)", h.login, "", ""),
    ],
  );

  const kdf = r.inProcess.kdf;
  const js = h.dashboardJs;
  const purge = r.inProcess.purge && "result" in r.inProcess.purge ? r.inProcess.purge : null;
  const other = md(
    ["other figures", "value"],
    [
      ["password KDF, one verify (scrypt N=2^17, r=8, p=1), median", kdf ? `${(kdf.verify.medianUs / 1000).toFixed(0)} ms` : "n/a"],
      ["login p50 ÷ one KDF verify", x(r.ratios.loginP50VsKdf)],
      [
        "JS /dashboard loads (gzip, sum of <script src> chunks)",
        "error" in js
          ? js.error
          : `${(js.gzipBytes / 1024).toFixed(1)} KiB in ${js.scripts} scripts (${(js.rawBytes / 1024).toFixed(0)} KiB raw)`,
      ],
      [
        "longest event-loop stall in the server, whole HTTP phase (large DB)",
        h.loopStall ? `${h.loopStall.maxMs} ms (over ${h.loopStall.seconds} one-second samples; target < 50 ms)` : "n/a",
      ],
      [
        "one scheduled purge pass (in process, large DB)",
        purge?.result
          ? `${n((purge.result.sessions ?? 0) + (purge.result.refreshTokens ?? 0))} rows in ${purge.totalMs} ms, ${purge.steps.count} steps (p50 ${purge.steps.p50Ms} ms, p99 ${purge.steps.p99Ms} ms, max ${purge.steps.maxMs} ms); longest event-loop stall ${purge.worstEventLoopGapMs} ms`
          : "n/a",
      ],
    ],
  );

  const targets = md(
    ["target", "measured", "target", "met"],
    r.targets.map((t) => [
      t.name,
      t.value == null ? "n/a" : `${t.value.toFixed(2)}`,
      t.target,
      t.met == null ? "n/a" : t.met ? "yes" : "NO",
    ]),
  );

  const m = r.machine;
  const header =
    `${r.kind} run, ${r.startedAt.slice(0, 16).replace("T", " ")} UTC, ${r.seconds} s; ${m.cpus} × ${m.cpuModel ?? "cpu"}, ${m.memoryGiB} GiB, ` +
    `Node ${m.node}, Next ${m.next}; load average ${m.loadAverage.start[0]} → ${m.loadAverage.end[0]}. ` +
    `Database: ${n(r.config.users)} users, ${n(r.config.sessions)} sessions, ${n(r.config.refreshTokens)} refresh tokens. ` +
    `HTTP: ${r.config.connections} connections, ${r.config.rounds} round(s) of ${r.config.slice} s per endpoint, medians across rounds.`;
  const busy = Math.max(m.loadAverage.start[0] ?? 0, m.loadAverage.end[0] ?? 0) >= m.cpus;
  const warning = busy
    ? `\n\n**Warning: the machine was busy** (load average ≥ ${m.cpus} CPUs): other processes took CPU during the run, so HTTP figures (and, less so, the µs figures) are noisy. Ratios are measured interleaved to resist this; absolute numbers do not.`
    : "";
  return [header + warning, inProcess, scale, http, other, targets].join("\n\n");
}
