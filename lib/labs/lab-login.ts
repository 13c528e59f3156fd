import "server-only";
import type { AuthContext } from "@/lib/auth/context";
import type { CookieSpec } from "@/lib/auth/cookies";
import { modes } from "@/lib/auth/modes";
import { revokeRefreshFamily } from "@/lib/auth/refresh-store";
import { revokeSession } from "@/lib/auth/session-store";
import type { ModeName, UserDTO } from "@/lib/auth/types";
import { now } from "@/lib/clock";
import { bindLabLogin, REAL_CLOCK } from "@/lib/demo-clock";
import type { Jar } from "./loopback";

// A throwaway login of the signed-in user, issued by the lab itself (no password: the
// reader is already authenticated, like PUT /api/me/mode). It lives in a server-side
// cookie jar, so a lab can play two tabs, a second device or a thief with it without
// touching the reader's own login, and is revoked when the lab is done.

export interface LabLogin {
  mode: ModeName;
  jar: Jar;
  loginId: string; // session id or refresh family id
}

function jarContext(jar: Jar): AuthContext {
  return {
    userAgent: "AuthLab lab (server-side)",
    ip: "127.0.0.1",
    secure: false,
    now,
    clock: REAL_CLOCK,
    getCookie: (name) => jar[name],
    setCookie: (spec: CookieSpec, value: string, maxAge: number) => {
      if (maxAge > 0) jar[spec.name] = value;
      else delete jar[spec.name];
    },
    clearCookie: (spec: CookieSpec) => {
      delete jar[spec.name];
    },
  };
}

/**
 * A throwaway login, issued at real time. With `clockHandle`, it is bound to that lab
 * clock (lib/demo-clock.ts): requests carrying the handle see its time run ahead. Only
 * logins made here are ever bound: the reader's own login never time-travels.
 */
export async function issueLabLogin(user: UserDTO, mode: ModeName, clockHandle?: string): Promise<LabLogin> {
  const jar: Jar = {};
  const ctx = jarContext(jar);
  await modes[mode].signIn(user, ctx);
  const check = await modes[mode].authenticate(ctx);
  if (!check.ok) throw new Error(`lab login did not authenticate: ${check.code}`);
  if (clockHandle) {
    bindLabLogin(clockHandle, mode === "session" ? { mode, sessionId: check.loginId } : { mode, familyId: check.loginId });
  }
  return { mode, jar, loginId: check.loginId };
}

/** Ends a throwaway login quietly (it is lab scaffolding, not a user action). */
export function endLabLogin(login: LabLogin): void {
  const at = now();
  if (login.mode === "session") revokeSession(login.loginId, "lab_done", at);
  else revokeRefreshFamily(login.loginId, "lab_done", at);
}
