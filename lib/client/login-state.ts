// Who this browser is logged in as, for the page header. The server renders the first
// answer (app/_components/Header.tsx); after that the answer moves with what the page
// learns, without a reload: a login, a logout or a mode switch through apiFetch, and the
// dashboard's poll (a login ended by another browser, an admin or a password change).
import type { ModeName } from "../auth/types";

export interface LoginState {
  username: string;
  role: string;
  mode: ModeName;
  /** The page learned that this login was ended (its JWT may still read until exp). */
  ended: boolean;
}

/** undefined: nothing learned since the page loaded, the server's answer stands. */
let current: LoginState | null | undefined;
const listeners = new Set<() => void>();

export function announceLogin(next: LoginState | null): void {
  if (same(current, next)) return;
  current = next;
  for (const listener of listeners) listener();
}

export function subscribeLoginState(listener: () => void): () => void {
  listeners.add(listener);
  return () => listeners.delete(listener);
}

export function learnedLoginState(): LoginState | null | undefined {
  return current;
}

/** Tests: back to "nothing learned". */
export function resetLoginStateForTests(): void {
  current = undefined;
}

function same(a: LoginState | null | undefined, b: LoginState | null): boolean {
  if (a === undefined) return false;
  if (a === null || b === null) return a === b;
  return a.username === b.username && a.role === b.role && a.mode === b.mode && a.ended === b.ended;
}

const LOGIN_PATHS = new Set(["/api/auth/login", "/api/me/mode", "/api/auth/refresh"]);

/**
 * What a finished API request says about this browser's login. Requests that carry no
 * cookies (a lab's stranger) say nothing about it.
 */
export function learnFromResponse(path: string, status: number, body: unknown, credentials: "same-origin" | "omit"): void {
  if (credentials === "omit") return;
  if (path === "/api/auth/logout" && status === 200) {
    announceLogin(null);
    return;
  }
  if (!LOGIN_PATHS.has(path) || status !== 200) return;
  const b = body as { user?: { username?: unknown; role?: unknown }; mode?: unknown } | null;
  const username = b?.user?.username;
  const role = b?.user?.role;
  const mode = b?.mode;
  if (typeof username === "string" && typeof role === "string" && (mode === "session" || mode === "jwt")) {
    announceLogin({ username, role, mode, ended: false });
  }
}
