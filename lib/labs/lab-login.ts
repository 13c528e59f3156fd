import "server-only";
import type { AuthContext } from "@/lib/auth/context";
import type { CookieSpec } from "@/lib/auth/cookies";
import { endLogin } from "@/lib/auth/end-login";
import { modes } from "@/lib/auth/modes";
import type { LoginRef, ModeName, UserDTO } from "@/lib/auth/types";
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
  login: LoginRef;
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
  const login = await modes[mode].signIn(user, ctx);
  if (clockHandle) bindLabLogin(clockHandle, login);
  return { mode, jar, login };
}

/** Ends a throwaway login quietly (it is lab scaffolding, not a user action: no event). */
export async function endLabLogin(login: LabLogin): Promise<void> {
  await endLogin(login.login, "lab_done", { quiet: true });
}
