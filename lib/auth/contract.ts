import "server-only";
import type { AuthContext } from "./context";
import type { AuthResult, LoginRef, ModeName, StorageView, UserDTO } from "./types";

// The contract both login mechanisms implement (the contract in docs/architecture.md). Everything above it (routes,
// pages, the dashboard, the labs) is written once against it; lib/auth/session/ and
// lib/auth/jwt/ differ only in mechanism. Ending a login is not a mode's business: there
// is one way, endLogin() (lib/auth/end-login.ts), whatever the mode and the reason.
export interface AuthMode {
  name: ModeName;
  /** Issue credentials for `user`: write this mode's cookies and server state. */
  signIn(user: UserDTO, ctx: AuthContext): Promise<LoginRef>;
  /** Who is this request, and how was that decided (the trace)? Never writes cookies. */
  authenticate(ctx: AuthContext): Promise<AuthResult>;
  /**
   * The login this browser's cookies name (live or ended), or null. The one answer to
   * "is this my login?": the devices list, revoke-others, single-login and the admin page
   * all ask it.
   */
  currentLogin(ctx: AuthContext): Promise<LoginRef | null>;
  /** Clear this mode's cookies; the login behind them ends through endLogin. */
  signOut(ctx: AuthContext, reason: EndReason): Promise<void>;
  /** What this mode keeps in this browser and on the server for `user`. */
  describe(ctx: AuthContext, user: UserDTO): Promise<StorageView>;
  /** Does this request carry any credential cookie of this mode? (cheap, no checks) */
  hasCredentials(ctx: AuthContext): boolean;
}

/** Why a login ended: stored on its rows, shown on the devices and admin pages. */
export type EndReason =
  | "logout"
  | "replaced_by_login"
  | "mode_switched"
  | "revoked_by_user"
  | "forced_logout"
  | "evicted"
  | "ended_by_owner"
  | "password_changed"
  | "reuse_detected"
  | "lab_revoked"
  | "lab_done";

/**
 * What time it is for one login. Real time, except for a demo lab's own throwaway logins
 * under that lab's clock (lib/demo-clock.ts implements it; the core only asks).
 */
export interface LoginClock {
  timeFor(ref: LoginRef): number;
  /** The two-tabs lab's knob, for its own lab login only. */
  graceOffFor(ref: LoginRef): boolean;
  /** Did the request carry a live lab clock at all? (every other request skips the lookups) */
  lab: boolean;
}
