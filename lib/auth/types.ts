// The one interface both login mechanisms implement. Pages, the dashboard and the
// request inspector are written against these types only, so they never branch on
// the mode by hand. These types are plain data: they are safe to import from client
// components (no secrets, no server code).
import type { Coded, NoteCode, TraceDetailCode, TraceStepId } from "./codes";

export type ModeName = "session" | "jwt";
export const MODE_NAMES: readonly ModeName[] = ["session", "jwt"] as const;

export type Role = "user" | "admin";
export type ConcurrentLoginPolicy = "many" | "single-evict" | "single-reject";

/**
 * Who a request belongs to: what authorization needs and what a JWT can carry, so JWT
 * mode can answer without the database. Never carries the password hash.
 */
export interface UserDTO {
  id: string;
  username: string;
  role: Role;
}

/** The full account as the database has it (login, signup, inspect). */
export interface UserProfile extends UserDTO {
  preferredMode: ModeName;
  concurrentLogins: ConcurrentLoginPolicy;
  createdAt: number; // epoch ms
}

/** One step of an authorization check, as the server actually ran it: codes, never prose. */
export interface TraceStep {
  /** Stable code of the step (lib/auth/codes.ts); the UI puts it into words. */
  id: TraceStepId;
  ms: number; // duration, milliseconds (fractional)
  ok: boolean;
  /** What the step found, as a code and its parameters; never a secret. */
  detail?: Coded<TraceDetailCode>;
  dbQueries?: number; // queries this step ran
}

export type { TraceStepId };

export interface AuthTrace {
  mode: ModeName | null; // which mechanism recognised (or tried to recognise) the request
  cookie: string | null; // name of the credential cookie read, if any
  steps: TraceStep[];
  dbQueries: number; // total across steps
  totalMs: number;
  failure: AuthFailureCode | null;
}

export type AuthFailureCode =
  | "no_credentials"
  | "malformed_credentials"
  | "session_not_found"
  | "session_revoked"
  | "session_idle_expired"
  | "session_expired"
  | "token_invalid"
  | "token_expired"
  | "token_revoked"
  | "user_not_found";

/**
 * The one identity of a login, on the server and in the UI: a session (`id` = its row id)
 * or a JWT login (`id` = its refresh family). `loginKey()` (lib/auth/login-ref.ts) is its
 * public form, "s_<id>" / "j_<id>", as the devices API and the dashboard name it.
 */
export interface LoginRef {
  mode: ModeName;
  id: string;
}

export type AuthResult =
  | { ok: true; user: UserDTO; mode: ModeName; trace: AuthTrace; login: LoginRef }
  | { ok: false; code: AuthFailureCode; trace: AuthTrace };

/** A cookie as the browser holds it. `value` never carries a replayable credential. */
export interface CookieView {
  name: string;
  present: boolean; // sent with this request?
  valuePreview: string | null; // a prefix only: see docs/decisions/004
  sizeBytes: number | null; // of "name=value", what counts toward the 4096-byte limit
  httpOnly: boolean;
  sameSite: "lax" | "strict" | "none";
  secure: boolean;
  path: string;
  expiresAt: number | null; // epoch ms the server set, null = session cookie
  readableByJs: boolean;
  /** For JWTs: decoded header and claims (readable by anyone who holds the token). */
  decoded?: { header: Record<string, unknown>; claims: Record<string, unknown> } | null;
  /** Why it looks the way it does, as codes (lib/i18n/codes.*.ts `notes`). */
  notes: Coded<NoteCode>[];
}

export interface SessionRowView {
  id: string;
  tokenHash: string; // SHA-256 hex of the token; the token itself is never stored
  createdAt: number;
  lastSeenAt: number;
  idleExpiresAt: number;
  absoluteExpiresAt: number;
  userAgent: string | null;
  ip: string | null;
  revokedAt: number | null;
  revokedReason: string | null;
  current: boolean;
  /** Decided by the server at `serverTime` (lib/auth/session/sessions.ts): the UI never re-derives it. */
  state: SessionRowState;
}

export type SessionRowState = "active" | "revoked" | "idle_expired" | "expired";

export interface RefreshRowView {
  id: string;
  tokenHash: string; // SHA-256 hex, shown shortened in the UI
  familyId: string;
  parentId: string | null;
  issuedAt: number;
  expiresAt: number;
  usedAt: number | null;
  revokedAt: number | null;
  revokedReason: string | null;
  current: boolean; // the one unused, unrevoked token of the family
}

export interface StorageView {
  mode: ModeName;
  active: boolean; // is this browser logged in with this mode right now?
  client: { cookies: CookieView[] };
  server:
    | {
        kind: "session";
        sessions: SessionRowView[]; // this user's session rows (live first)
        note: Coded<NoteCode>;
      }
    | {
        kind: "jwt";
        refreshTokens: RefreshRowView[]; // rows of this login's family (or all live families when inactive)
        accessTokensStored: 0; // the server never stores an access token
        note: Coded<NoteCode>;
      };
}

/** One mode's authorization checks in this server process (lib/auth/check-counters.ts). */
export interface ModeCheckCounters {
  /** authenticateRequest() calls this mode answered (ok or not). */
  checks: number;
  /** DB queries those checks ran (the trace counts them per step). */
  dbQueries: number;
  /** Milliseconds spent inside the checks (the trace's totalMs, summed). */
  ms: number;
  /** The median check of the last 200: the typical cost, without a cold start's one-time setup. */
  medianMs: number | null;
}

/** Per mode, since `since` (epoch ms): process-local, each instance counts its own. */
export interface CheckCounters {
  since: number;
  modes: Record<ModeName, ModeCheckCounters>;
}

export interface InspectResponse {
  mode: ModeName;
  user: UserProfile;
  client: StorageView["client"];
  server: StorageView["server"];
  /** Both modes, side by side; `modes[mode]` equals the top-level fields. */
  modes: Record<ModeName, StorageView>;
  trace: AuthTrace;
  /** With ?with=devices: the devices view, so the dashboard polls one endpoint. */
  devices?: DevicesView;
  /** This process's authorization checks per mode since it started (the dashboard's counters card). */
  checkCounters: CheckCounters;
  serverTime: number;
  config: {
    accessTokenTtl: number;
    refreshTokenTtl: number;
    sessionIdleTtl: number;
    sessionAbsoluteTtl: number;
    refreshReuseGrace: number;
  };
}

export interface MeResponse {
  user: UserDTO;
  mode: ModeName;
  trace: AuthTrace;
}

/**
 * What the server saw of one API request (the X-AuthLab-Trace response header, base64url
 * JSON): the credential cookies it carried (names and sizes, never values) and the trace
 * of its authentication, when one ran.
 */
export interface RequestTraceHeader {
  mode: ModeName | null;
  cookies: Array<{ name: string; size: number }>;
  trace: AuthTrace | null;
}

/** One live login of a user, as the devices view and the admin page list it. */
export interface LoginItem {
  id: string; // loginKey(ref): "s_<session id>" or "j_<family id>"
  mode: ModeName;
  current: boolean; // the login of the browser that asked
  userAgent: string | null;
  ip: string | null;
  createdAt: number;
  lastSeenAt: number;
  expiresAt: number;
}

/** One row of the account's event log. */
export interface AuthEventView {
  id: number;
  at: number;
  /** The last of `count` repeats (count 1: same as `at`). */
  lastAt: number;
  count: number;
  type: string;
  mode: string | null;
  ip: string | null;
  userAgent: string | null;
  detail: Record<string, unknown>;
}

/** A revoked JWT login whose access token could still be used, and the requests it let through. */
export interface ExposureWindow {
  familyId: string;
  reason: string;
  revokedAt: number;
  until: number; // the last access token stops verifying here
  exposureSeconds: number;
  /** `background`: sent by the page itself (polling, automatic refresh), not by the person. */
  requests: Array<{ at: number; ip: string | null; userAgent: string | null; background: boolean }>;
  closedByDenylist: boolean;
  /** The login of the browser that asked: its own gap, seen from the inside. */
  current: boolean;
}

/** What the devices view shows, sent with the inspect poll (GET /api/auth/inspect?with=devices). */
export interface DevicesView {
  sessions: LoginItem[];
  exposures: ExposureWindow[];
  events: AuthEventView[];
}

export interface AdminUserView extends UserProfile {
  logins: LoginItem[];
  exposures: ExposureWindow[];
}

export interface ApiErrorBody {
  error: { code: string; message: string; details?: unknown };
}
