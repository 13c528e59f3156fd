import "server-only";
import { type ChildProcess, spawn } from "node:child_process";
import { randomBytes } from "node:crypto";
import fs from "node:fs";
import net from "node:net";
import os from "node:os";
import path from "node:path";
import { endLogin } from "@/lib/auth/end-login";
import { accessAlg, keyRing, secrets } from "@/lib/auth/keys";
import { ApiError } from "@/lib/errors";
import { singleton } from "@/lib/singleton";
import { labUser, requireDemo } from "./guard";
import { INSTANCE_CHALLENGE_HEADER, INSTANCE_PROOF_HEADER, isProofValid } from "./instance-proof";
import { issueLabLogin } from "./lab-login";
import { loopback, selfPort } from "./loopback";
import type { LabActor, LabRequest, ScaleReport } from "./types";

// Scale-out: two more processes of this very app (same build), started lazily on loopback
// the first time the lab runs, in demo mode only: server B on PORT+50 shares this
// database and its secrets; server C on PORT+51 has the same secrets but a database of
// its own. At most these two, stopped after 10 idle minutes or when this process exits
// (docs/decisions/021-scale-out-lab.md). With DATABASE_URL (PostgreSQL, the cluster of
// docs/decisions/040) B inherits it, so it shares the PostgreSQL database exactly as the
// instances behind the balancer do, and C drops it for a SQLite file of its own; without
// it this is the one-machine version: B shares this server's SQLite file.

const IDLE_MS = 10 * 60 * 1000;
const START_TIMEOUT_MS = 60_000;

/** Why a server did not take part: its port was held by another program, or what answered did not prove itself. */
export type ScaleProblem = "port_taken" | "not_ours";

export interface Child {
  port: number;
  proc?: ChildProcess; // unset while the port is checked, and when it was taken (nothing was spawned)
  secret: string; // per start: only this process can answer a challenge with it
  ready: Promise<boolean>;
  problem?: ScaleProblem;
  failed?: true; // did not prove itself: killed and forgotten, the next run starts afresh
}

function registry() {
  return singleton("scale-out", (): { b?: Child; c?: Child; idle?: NodeJS.Timeout; hooked?: boolean } => ({}));
}

function stopAll(): void {
  const r = registry();
  for (const key of ["b", "c"] as const) {
    r[key]?.proc?.kill("SIGTERM");
    r[key] = undefined;
  }
}

/** Kills a child that did not prove itself and forgets it, so nothing is ever sent to its port. */
function forget(key: "b" | "c", child: Child): void {
  child.failed = true;
  child.proc?.kill("SIGTERM");
  const r = registry();
  if (r[key] === child) r[key] = undefined;
}

/** Is something already listening on this loopback port (a stranger that got there first)? */
export function portTaken(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const probe = net.createServer();
    probe.once("error", (err: NodeJS.ErrnoException) => resolve(err.code === "EADDRINUSE" || err.code === "EACCES"));
    probe.listen({ port, host: "127.0.0.1", exclusive: true }, () => probe.close(() => resolve(false)));
  });
}

/** Does the process on `port` prove it holds `secret` (a fresh challenge each time)? */
export async function provesItself(port: number, secret: string): Promise<boolean> {
  const challenge = randomBytes(16).toString("base64url");
  try {
    const res = await fetch(`http://127.0.0.1:${port}/api/health`, {
      headers: { [INSTANCE_CHALLENGE_HEADER]: challenge },
      signal: AbortSignal.timeout(2000),
    });
    return res.ok && isProofValid(secret, challenge, res.headers.get(INSTANCE_PROOF_HEADER));
  } catch {
    return false; // not listening yet
  }
}

/**
 * Ready when the child answers with its proof. Something else answering on the port (it
 * was taken first: our child then exits with EADDRINUSE) is never taken for our child.
 */
async function waitHealthy(port: number, proc: ChildProcess, secret: string): Promise<boolean> {
  const deadline = Date.now() + START_TIMEOUT_MS;
  while (Date.now() < deadline && proc.exitCode === null) {
    if (await provesItself(port, secret)) return true;
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
  return false;
}

/**
 * Starts one child with a fresh 256-bit secret in its environment (never on the wire).
 * A port already in use is reported and nothing is spawned; a child that exits before it
 * proved itself (EADDRINUSE: taken in between) is reported the same way.
 */
export function startChild(port: number, extraEnv: Record<string, string | undefined>): Child {
  const secret = randomBytes(32).toString("hex");
  const child: Child = { port, secret, ready: Promise.resolve(false) };
  child.ready = (async () => {
    if (await portTaken(port)) {
      child.problem = "port_taken";
      return false;
    }
    const script = path.join(process.cwd(), "lib", "labs", "scale-child.mjs");
    const env: Record<string, string | undefined> = {
      ...process.env,
      PORT: String(port),
      AUTHLAB_SCALE_CHILD: "1",
      AUTHLAB_SCALE_TOKEN: secret,
      ...extraEnv,
    };
    for (const [k, v] of Object.entries(env)) if (v === undefined) delete env[k]; // undefined: not inherited
    const proc = spawn(process.execPath, [script, String(process.pid), String(port)], {
      cwd: process.cwd(),
      env: env as NodeJS.ProcessEnv,
      stdio: ["ignore", "ignore", "inherit"],
    });
    proc.unref();
    child.proc = proc;
    if (await waitHealthy(port, proc, secret)) return true;
    child.problem = proc.exitCode !== null && (await portTaken(port)) ? "port_taken" : "not_ours";
    return false;
  })();
  return child;
}

function ensureServers(): { b: Child; c: Child; started: boolean } {
  const r = registry();
  if (!r.hooked) {
    r.hooked = true;
    process.once("exit", stopAll);
  }
  let started = false;
  // Still starting, or running: kept. Failed, exited or killed: started afresh.
  const alive = (c?: Child) => c && !c.failed && (!c.proc || (c.proc.exitCode === null && c.proc.signalCode === null));
  const port = selfPort();
  // Named after this instance, so the inspector tells A, B and C apart (X-AuthLab-Instance).
  const self = process.env.AUTHLAB_INSTANCE ?? String(port);
  if (!alive(r.b)) {
    r.b = startChild(port + 50, { AUTHLAB_INSTANCE: `${self}-b`.slice(0, 40) });
    started = true;
  }
  if (!alive(r.c)) {
    const dir = path.join(os.tmpdir(), `authlab-scale-${port + 51}`);
    fs.rmSync(dir, { recursive: true, force: true });
    const s = secrets();
    r.c = startChild(port + 51, {
      AUTHLAB_INSTANCE: `${self}-c`.slice(0, 40),
      DATABASE_PATH: path.join(dir, "authlab.db"),
      DATABASE_URL: undefined, // a store of its own, even when A and B share PostgreSQL
      // The same keys, handed over explicitly: C shares nothing else with A.
      SESSION_PASSWORD: Object.entries(s.sessionPasswords)
        .map(([id, pw]) => `${id}:${pw}`)
        .join(","),
      JWT_SECRET: s.jwtKeys.map((k) => k.secret).join(","),
      // JWT_ALG=EdDSA/ES256: the key pairs too (the signing one last), or C would make its own.
      ...(accessAlg() === "HS256" ? {} : { JWT_PRIVATE_KEY: asymmetricKeysForChild() }),
    });
    started = true;
  }
  clearTimeout(r.idle);
  r.idle = setTimeout(stopAll, IDLE_MS);
  r.idle.unref();
  return { b: r.b as Child, c: r.c as Child, started };
}

function asymmetricKeysForChild(): string {
  const ring = keyRing();
  return ring.published
    .filter((k) => k.alg === ring.alg)
    .map((k) => k.privateKey)
    .join(",");
}

export async function runScaleOut(): Promise<ScaleReport> {
  requireDemo();
  if (process.env.AUTHLAB_SCALE_CHILD === "1") throw new ApiError(409, "scale_child", "Run this lab on the main server.");
  const { auth, ctx } = await labUser();
  const { b, c, started } = ensureServers();
  // Started and proven once, then proven again now: the port could have changed hands.
  // One that cannot prove itself is killed and forgotten, and gets nothing.
  const proven = async (key: "b" | "c", child: Child) => {
    // Twice before giving up: a busy machine can miss one 2-second answer.
    if ((await child.ready) && ((await provesItself(child.port, child.secret)) || (await provesItself(child.port, child.secret))))
      return true;
    child.problem ??= "not_ours";
    forget(key, child);
    return false;
  };
  const [bReady, cReady] = await Promise.all([proven("b", b), proven("c", c)]);
  const servers: ScaleReport["servers"] = [
    { actor: "server_a", port: selfPort(), database: "shared", ready: true },
    { actor: "server_b", port: b.port, database: "shared", ready: bReady === true, ...(bReady ? {} : { problem: b.problem }) },
    { actor: "server_c", port: c.port, database: "separate", ready: cReady === true, ...(cReady ? {} : { problem: c.problem }) },
  ];
  const running = (actor: LabActor) => {
    const child = actor === "server_b" ? b : actor === "server_c" ? c : null;
    return child === null || (!child.failed && child.proc?.exitCode === null && child.proc.signalCode === null);
  };
  const session = await issueLabLogin(auth.user, "session");
  const jwt = await issueLabLogin(auth.user, "jwt");
  const requests: LabRequest[] = [];
  try {
    for (const login of [jwt, session]) {
      for (const s of servers) {
        // A process that did not prove itself gets nothing: not even a throwaway login
        // (and the reader's own cookies are never sent to B or C, only these lab logins).
        if (!s.ready || !running(s.actor)) continue;
        const r = await loopback(s.actor, "/api/me", { port: s.port, jar: login.jar });
        requests.push(r.request);
      }
    }
  } finally {
    await endLogin(session.login, "lab_done", { meta: ctx });
    await endLogin(jwt.login, "lab_done", { meta: ctx });
  }
  return { requests, servers, startedNow: started, sharedStore: process.env.DATABASE_URL ? "postgres" : "sqlite-file" };
}
