import "server-only";
import { ACCESS_COOKIE } from "@/lib/auth/cookies";
import { type KeyStatus, keyStatuses } from "@/lib/auth/jwks";
import { decodeUnverified } from "@/lib/auth/jwt/access-token";
import { denylistEnabled } from "@/lib/auth/jwt/denylist";
import { accessAlg, keyRing, rotateSigningKey } from "@/lib/auth/keys";
import type { ModeName } from "@/lib/auth/types";
import { env } from "@/lib/env";
import { ApiError } from "@/lib/errors";
import { singleton } from "@/lib/singleton";
import { labUser, requireDemo } from "./guard";
import { endLabLogin, issueLabLogin } from "./lab-login";
import { type Jar, loopback } from "./loopback";
import { ensureResourceServer } from "./resource-server";
import type { LabRequest } from "./types";

// The resource-server lab: the published keys and a rotation (RFC 7517), then one login per
// mode sent to the app and to the resource server side by side, ended, and sent again. The
// resource server holds no secret and no database: it accepts an ended login's access
// token until exp, where no denylist in the app's database can reach (RFC 8725, RFC 9068).

export interface KeysReport {
  alg: string;
  source: "env" | "file" | null;
  ttl: number;
  keys: KeyStatus[];
  serverTime: number;
}

export interface RsVerified {
  sub: string;
  name: string;
  kid: string | null;
  alg: string;
  exp: number;
  secondsLeft: number;
}

export interface SideCall {
  request: LabRequest;
  /** What the resource server verified (its 200 body), null otherwise. */
  verified: RsVerified | null;
  /** Cookie names the resource server saw (it reads only the access token). */
  cookiesSeen: string[];
}

export interface ModeRun {
  mode: ModeName;
  before: { app: SideCall; rs: SideCall };
  after: { app: SideCall; rs: SideCall };
  /** The JWT login's access token: its exp (ms) and kid; null in session mode. */
  exp: number | null;
  kid: string | null;
}

export interface JwksRunReport {
  /** Every request the lab made, in order, for the request inspector. */
  requests: LabRequest[];
  alg: string;
  denylist: boolean;
  resourceServer: { port: number; ready: boolean; startedNow: boolean; problem?: string };
  modes: ModeRun[];
}

export interface AgainReport {
  requests: LabRequest[];
  app: SideCall;
  rs: SideCall;
  exp: number;
  secondsLeft: number;
}

/** The ended JWT lab login's jar per reader, kept until a minute past its exp for "send it again". */
const ended = () => singleton("jwks-lab", () => new Map<string, { jar: Jar; exp: number }>());

function toSide(r: Awaited<ReturnType<typeof loopback>>): SideCall {
  const body = r.body as { verified?: RsVerified; cookiesSeen?: unknown } | null;
  return {
    request: r.request,
    verified: r.request.status === 200 && body?.verified ? body.verified : null,
    cookiesSeen: Array.isArray(body?.cookiesSeen) ? body.cookiesSeen.filter((c): c is string => typeof c === "string") : [],
  };
}

export function keysReport(): KeysReport {
  const alg = accessAlg();
  return {
    alg,
    source: alg === "HS256" ? null : keyRing().source,
    ttl: env().ACCESS_TOKEN_TTL,
    keys: keyStatuses(),
    serverTime: Date.now(),
  };
}

export async function rotateForLab(): Promise<KeysReport> {
  requireDemo();
  await labUser();
  if (accessAlg() === "HS256") {
    throw new ApiError(
      409,
      "no_public_keys",
      "This server signs with HS256 (one shared secret): there is no key pair to rotate. Start it with JWT_ALG=EdDSA.",
    );
  }
  if (keyRing().source === "env") {
    throw new ApiError(409, "keys_from_env", "The signing keys come from JWT_PRIVATE_KEY: rotate them by editing that list.");
  }
  rotateSigningKey();
  return keysReport();
}

async function both(actor: LabRequest["actor"], jar: Jar): Promise<{ app: SideCall; rs: SideCall }> {
  const [app, rs] = await Promise.all([loopback(actor, "/api/me", { jar }), loopback(actor, "/resource/me", { jar })]);
  return { app: toSide(app), rs: toSide(rs) };
}

export async function runJwksLab(): Promise<JwksRunReport> {
  requireDemo();
  const { auth } = await labUser();
  const rs = await ensureResourceServer();
  const modes: ModeRun[] = [];
  for (const mode of ["jwt", "session"] as const) {
    const login = await issueLabLogin(auth.user, mode);
    const actor = mode === "jwt" ? "lab_jwt" : "lab_session";
    const jar = { ...login.jar };
    try {
      const before = await both(actor, jar);
      await endLabLogin(login);
      const after = await both(actor, jar);
      const token = jar[ACCESS_COOKIE.name];
      const decoded = token ? decodeUnverified(token) : null;
      const exp = typeof decoded?.claims.exp === "number" ? decoded.claims.exp * 1000 : null;
      const kid = typeof decoded?.header.kid === "string" ? decoded.header.kid : null;
      if (mode === "jwt" && exp !== null) ended().set(auth.user.id, { jar, exp });
      modes.push({ mode, before, after, exp, kid });
    } finally {
      await endLabLogin(login).catch(() => undefined);
    }
  }
  return {
    requests: modes.flatMap((m) => [m.before.app, m.before.rs, m.after.app, m.after.rs].map((c) => c.request)),
    alg: accessAlg(),
    denylist: denylistEnabled(),
    resourceServer: { port: rs.port, ready: !rs.problem, startedNow: rs.startedNow, ...(rs.problem ? { problem: rs.problem } : {}) },
    modes,
  };
}

/** The ended JWT login's access token, sent to both again: the resource server says yes until exp, then token_expired. */
export async function againJwksLab(): Promise<AgainReport> {
  requireDemo();
  const { auth } = await labUser();
  const kept = ended().get(auth.user.id);
  if (!kept || Date.now() > kept.exp + 60_000) {
    ended().delete(auth.user.id);
    throw new ApiError(409, "nothing_to_replay", "Run the lab first: there is no ended login's token to send again.");
  }
  const { app, rs } = await both("lab_jwt", kept.jar);
  return {
    requests: [app.request, rs.request],
    app,
    rs,
    exp: kept.exp,
    secondsLeft: Math.max(0, Math.ceil((kept.exp - Date.now()) / 1000)),
  };
}
