import "server-only";
import { recordTrace } from "@/lib/request-trace";
import { countCheck } from "./check-counters";
import type { AuthContext } from "./context";
import type { AuthMode, EndReason } from "./contract";
import { jwtMode } from "./jwt/mode";
import { sessionMode } from "./session/mode";
import { detail, TraceRecorder } from "./trace";
import type { AuthResult, LoginRef, ModeName } from "./types";

export const modes: Record<ModeName, AuthMode> = { session: sessionMode, jwt: jwtMode };

/**
 * Who is this request? The cookie it carries picks the mechanism; the mechanism decides.
 * A request with no credential cookie at all is a stranger: HTTP remembers nothing.
 */
export async function authenticateRequest(ctx: AuthContext): Promise<AuthResult> {
  const result = await authenticateByCookie(ctx);
  recordTrace(result.trace); // the request inspector's X-AuthLab-Trace header (lib/request-trace.ts)
  countCheck(result.trace); // the dashboard's per-mode counters (lib/auth/check-counters.ts)
  return result;
}

async function authenticateByCookie(ctx: AuthContext): Promise<AuthResult> {
  if (sessionMode.hasCredentials(ctx)) {
    const result = await sessionMode.authenticate(ctx);
    if (result.ok || !jwtMode.hasCredentials(ctx)) return result;
  }
  if (jwtMode.hasCredentials(ctx)) return jwtMode.authenticate(ctx);
  const trace = new TraceRecorder(null);
  trace.note("read_cookies", false, detail("no_credential_cookie"));
  return { ok: false, code: "no_credentials", trace: trace.finish("no_credentials") };
}

/**
 * The login this browser holds (either mode; a session first, as authentication tries
 * it first), live or ended, or null: the one answer to "is this my login?".
 */
export async function currentLogin(ctx: AuthContext): Promise<LoginRef | null> {
  for (const mode of [sessionMode, jwtMode]) {
    if (!mode.hasCredentials(ctx)) continue;
    const ref = await mode.currentLogin(ctx);
    if (ref) return ref;
  }
  return null;
}

/** Ends whatever credentials this browser holds, in both modes. */
export async function signOutEverywhereInBrowser(ctx: AuthContext, reason: EndReason): Promise<void> {
  await sessionMode.signOut(ctx, reason);
  await jwtMode.signOut(ctx, reason);
}
