import "server-only";
import { redirect } from "next/navigation";
import { cache } from "react";
import { nextAuthContext } from "./context";
import { authenticateRequest } from "./modes";
import type { AuthResult, ModeName, UserDTO } from "./types";

// The data access layer pages, server actions and route handlers use to ask "who is
// this?". cache(): one check per request however many components ask.

export const getAuth = cache(async (): Promise<AuthResult> => authenticateRequest(await nextAuthContext()));

export async function getCurrentUser(): Promise<UserDTO | null> {
  const auth = await getAuth();
  return auth.ok ? auth.user : null;
}

/**
 * For pages: the user, or a redirect. An expired access token goes to the refresh
 * endpoint first (which comes straight back), so JWT users never see /login while
 * their refresh token is valid.
 */
export async function requireUser(returnTo: string): Promise<{ user: UserDTO; mode: ModeName }> {
  const auth = await getAuth();
  if (auth.ok) return { user: auth.user, mode: auth.mode };
  const next = encodeURIComponent(returnTo);
  // Only JWT logins can be refreshed; a session that ended is over.
  if (auth.trace.mode !== "session") redirect(`/api/auth/refresh?next=${next}`);
  redirect(`/login?next=${next}&reason=${auth.code}`);
}

export { listDemoAccounts } from "./seed";
