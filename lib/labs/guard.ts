import "server-only";
import { type AuthContext, nextAuthContext } from "@/lib/auth/context";
import { type Authed, requireLiveLogin } from "@/lib/auth/guards";
import { demoEnabled } from "@/lib/demo-clock";
import { ApiError } from "@/lib/errors";

/**
 * The signed-in reader (401 with the reason otherwise) and their request context. Every
 * lab step that calls this issues a throwaway login or copies credentials, so the
 * reader's own login must be live: an ended login's token cannot mint lab logins.
 */
export async function labUser(): Promise<{ auth: Authed; ctx: AuthContext }> {
  const ctx = await nextAuthContext();
  return { auth: await requireLiveLogin(ctx), ctx };
}

/** Time travel and extra processes exist only in demo mode (AUTHLAB_DEMO=1). */
export function requireDemo(): void {
  if (!demoEnabled()) {
    throw new ApiError(403, "demo_only", "This lab runs only in demo mode (AUTHLAB_DEMO=1); this server is not in demo mode.");
  }
}
