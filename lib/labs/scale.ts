import "server-only";
import { type ChildProcess, spawn } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { secrets } from "@/lib/auth/keys";
import { revokeLogin } from "@/lib/auth/logins";
import { now } from "@/lib/clock";
import { ApiError } from "@/lib/errors";
import { labUser, requireDemo } from "./guard";
import { issueLabLogin } from "./lab-login";
import { loopback, selfPort } from "./loopback";
import type { LabActor, LabRequest, ScaleReport } from "./types";

// Scale-out: two more processes of this very app (same build), started lazily on loopback
// the first time the lab runs, in demo mode only: server B on PORT+50 shares this
// database and its secrets; server C on PORT+51 has the same secrets but a database of
// its own. At most these two, stopped after 10 idle minutes or when this process exits
// (docs/decisions/021-scale-out-lab.md).

const IDLE_MS = 10 * 60 * 1000;
const START_TIMEOUT_MS = 60_000;

interface Child {
  port: number;
  proc: ChildProcess;
  ready: Promise<boolean>;
}

const g = globalThis as unknown as { __authlabScale?: { b?: Child; c?: Child; idle?: NodeJS.Timeout; hooked?: boolean } };
function registry() {
  g.__authlabScale ??= {};
  return g.__authlabScale;
}

function stopAll(): void {
  const r = registry();
  for (const key of ["b", "c"] as const) {
    r[key]?.proc.kill("SIGTERM");
    r[key] = undefined;
  }
}

async function waitHealthy(port: number, proc: ChildProcess): Promise<boolean> {
  const deadline = Date.now() + START_TIMEOUT_MS;
  while (Date.now() < deadline && proc.exitCode === null) {
    try {
      const res = await fetch(`http://127.0.0.1:${port}/api/health`, { signal: AbortSignal.timeout(2000) });
      if (res.ok) return true;
    } catch {
      // not listening yet
    }
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
  return false;
}

function start(port: number, extraEnv: Record<string, string>): Child {
  const script = path.join(process.cwd(), "lib", "labs", "scale-child.mjs");
  const proc = spawn(process.execPath, [script, String(process.pid), String(port)], {
    cwd: process.cwd(),
    env: { ...process.env, PORT: String(port), AUTHLAB_SCALE_CHILD: "1", ...extraEnv },
    stdio: ["ignore", "ignore", "inherit"],
  });
  proc.unref();
  return { port, proc, ready: waitHealthy(port, proc) };
}

function ensureServers(): { b: Child; c: Child; started: boolean } {
  const r = registry();
  if (!r.hooked) {
    r.hooked = true;
    process.once("exit", stopAll);
  }
  let started = false;
  const alive = (c?: Child) => c && c.proc.exitCode === null && c.proc.signalCode === null;
  const port = selfPort();
  if (!alive(r.b)) {
    r.b = start(port + 50, {});
    started = true;
  }
  if (!alive(r.c)) {
    const dir = path.join(os.tmpdir(), `authlab-scale-${port + 51}`);
    fs.rmSync(dir, { recursive: true, force: true });
    const s = secrets();
    r.c = start(port + 51, {
      DATABASE_PATH: path.join(dir, "authlab.db"),
      // The same keys, handed over explicitly: C shares nothing else with A.
      SESSION_PASSWORD: Object.entries(s.sessionPasswords)
        .map(([id, pw]) => `${id}:${pw}`)
        .join(","),
      JWT_SECRET: s.jwtKeys.map((k) => k.secret).join(","),
    });
    started = true;
  }
  clearTimeout(r.idle);
  r.idle = setTimeout(stopAll, IDLE_MS);
  r.idle.unref();
  return { b: r.b as Child, c: r.c as Child, started };
}

export async function runScaleOut(): Promise<ScaleReport> {
  requireDemo();
  if (process.env.AUTHLAB_SCALE_CHILD === "1") throw new ApiError(409, "scale_child", "Run this lab on the main server.");
  const { auth, ctx } = await labUser();
  const { b, c, started } = ensureServers();
  const [bReady, cReady] = await Promise.all([b.ready, c.ready]);
  const servers: Array<{ actor: LabActor; port: number; database: "shared" | "separate"; ready: boolean }> = [
    { actor: "server_a", port: selfPort(), database: "shared", ready: true },
    { actor: "server_b", port: b.port, database: "shared", ready: bReady },
    { actor: "server_c", port: c.port, database: "separate", ready: cReady },
  ];
  const session = await issueLabLogin(auth.user, "session");
  const jwt = await issueLabLogin(auth.user, "jwt");
  const requests: LabRequest[] = [];
  try {
    for (const login of [jwt, session]) {
      for (const s of servers) {
        const r = await loopback(s.actor, "/api/me", { port: s.port, jar: login.jar });
        requests.push(r.request);
      }
    }
  } finally {
    const opts = { reason: "lab_done", event: "session_revoked" as const, meta: ctx };
    revokeLogin(auth.user.id, { mode: "session", sessionId: session.loginId }, opts, now());
    revokeLogin(auth.user.id, { mode: "jwt", familyId: jwt.loginId }, opts, now());
  }
  return { requests, servers, startedNow: started };
}
