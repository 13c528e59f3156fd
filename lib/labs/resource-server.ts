import "server-only";
import { type ChildProcess, spawn } from "node:child_process";
import { randomBytes } from "node:crypto";
import path from "node:path";
import { accessAlg } from "@/lib/auth/keys";
import { demoEnabled } from "@/lib/demo-clock";
import { env } from "@/lib/env";
import { singleton } from "@/lib/singleton";
import { INSTANCE_CHALLENGE_HEADER, INSTANCE_PROOF_HEADER, isProofValid } from "./instance-proof";
import { selfPort } from "./loopback";
import { portTaken } from "./scale";

// The resource server (resource-server/server.mjs) as the lab runs it: one child process on
// loopback PORT+52, started in demo mode when the lab first needs it, with an environment
// that holds no secret at all (only the JWKS URL, the issuer, its audience and the
// algorithm). Like the scale-out children it proves itself with a per-start token before
// anything is forwarded to it, and it ends with this process (docs/decisions/043).

const START_TIMEOUT_MS = 15_000;
export const RESOURCE_PORT_OFFSET = 52;

interface RsChild {
  port: number;
  token: string;
  proc?: ChildProcess;
  ready: Promise<boolean>;
  problem?: "port_taken" | "not_ours";
}

const registry = () => singleton("resource-server", (): { child?: RsChild; hooked?: boolean } => ({}));

async function proves(port: number, token: string): Promise<boolean> {
  const challenge = randomBytes(16).toString("base64url");
  try {
    const res = await fetch(`http://127.0.0.1:${port}/resource/health`, {
      headers: { [INSTANCE_CHALLENGE_HEADER]: challenge },
      signal: AbortSignal.timeout(2000),
    });
    return res.ok && isProofValid(token, challenge, res.headers.get(INSTANCE_PROOF_HEADER));
  } catch {
    return false;
  }
}

function alive(c?: RsChild): c is RsChild {
  return !!c && !c.problem && (!c.proc || (c.proc.exitCode === null && c.proc.signalCode === null));
}

function start(port: number): RsChild {
  const token = randomBytes(32).toString("hex");
  const child: RsChild = { port, token, ready: Promise.resolve(false) };
  child.ready = (async () => {
    if (await portTaken(port)) {
      child.problem = "port_taken";
      return false;
    }
    const script = path.join(process.cwd(), "resource-server", "server.mjs");
    // No spread of process.env: the app's secrets must not reach the resource server.
    const proc = spawn(process.execPath, [script, String(process.pid)], {
      cwd: process.cwd(),
      env: {
        PATH: process.env.PATH ?? "",
        NODE_ENV: "production",
        RS_PORT: String(port),
        JWKS_URL: `http://127.0.0.1:${selfPort()}/.well-known/jwks.json`,
        // HS256 on the app: the resource server still wants an asymmetric key, finds no
        // published set, and says so (the lab's lesson for that mode).
        JWT_ALG: accessAlg() === "HS256" ? "EdDSA" : accessAlg(),
        RS_INSTANCE_TOKEN: token,
      },
      stdio: ["ignore", "ignore", "inherit"],
    });
    proc.unref();
    child.proc = proc;
    const deadline = Date.now() + START_TIMEOUT_MS;
    while (Date.now() < deadline && proc.exitCode === null) {
      if (await proves(port, token)) return true;
      await new Promise((r) => setTimeout(r, 150));
    }
    child.problem = "not_ours";
    proc.kill("SIGTERM");
    return false;
  })();
  return child;
}

/** The lab's resource server, started if needed (demo mode only); null when it could not be. */
export async function ensureResourceServer(): Promise<{ port: number; startedNow: boolean; problem?: RsChild["problem"] }> {
  const r = registry();
  if (!r.hooked) {
    r.hooked = true;
    process.once("exit", () => r.child?.proc?.kill("SIGTERM"));
  }
  let startedNow = false;
  if (!alive(r.child)) {
    r.child = start(selfPort() + RESOURCE_PORT_OFFSET);
    startedNow = true;
  }
  const child = r.child;
  const ok = (await child.ready) && (await proves(child.port, child.token));
  if (!ok) {
    child.problem ??= "not_ours";
    child.proc?.kill("SIGTERM");
    r.child = undefined;
    return { port: child.port, startedNow, problem: child.problem };
  }
  return { port: child.port, startedNow };
}

/**
 * Where /resource/ goes: RESOURCE_SERVER_URL (started by hand), else the lab's child once it
 * proved itself. Never a port merely guessed: a stranger listening there would be handed
 * the browser's access token.
 */
export async function resourceServerOrigin(): Promise<string | null> {
  const configured = env().RESOURCE_SERVER_URL;
  if (configured) return configured;
  if (!demoEnabled()) return null;
  const child = registry().child;
  if (!alive(child) || !(await child.ready)) return null;
  return `http://127.0.0.1:${child.port}`;
}
