import type { LoginRef } from "./types";

// A login's one identity and its public name. Pure: the server and client components
// both use it, so "is this my login?" is asked one way everywhere.

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

/** Could this be an id the server made (randomUUID)? Lets routes answer 400, not 404, for garbage. */
export function isId(value: string): boolean {
  return UUID.test(value);
}

/** "s_<session id>" or "j_<family id>": how the API and the UI name a login. */
export function loginKey(ref: LoginRef): string {
  return `${ref.mode === "session" ? "s" : "j"}_${ref.id}`;
}

/** null = not a name this server could have issued (400, not 404). */
export function parseLoginKey(key: string): LoginRef | null {
  const m = /^([sj])_(.+)$/.exec(key);
  if (!m?.[2] || !isId(m[2])) return null;
  return { mode: m[1] === "s" ? "session" : "jwt", id: m[2] };
}

export function sameLogin(a: LoginRef | null | undefined, b: LoginRef | null | undefined): boolean {
  return !!a && !!b && a.mode === b.mode && a.id === b.id;
}
