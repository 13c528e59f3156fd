import "server-only";
import { recordTrace } from "@/lib/request-trace";
import type { AuthContext } from "./context";
import { currentFamilyId, jwtMode } from "./jwt-mode";
import type { BrowserLogin } from "./logins";
import type { AuthMode } from "./mode";
import { sessionMode } from "./session-mode";
import { TraceRecorder } from "./trace";
import type { AuthResult, ModeName } from "./types";

export const modes: Record<ModeName, AuthMode> = { session: sessionMode, jwt: jwtMode };

/**
 * Who is this request? The cookie it carries picks the mechanism; the mechanism decides.
 * A request with no credential cookie at all is a stranger: HTTP remembers nothing.
 */
export async function authenticateRequest(ctx: AuthContext): Promise<AuthResult> {
  const result = await authenticateByCookie(ctx);
  recordTrace(result.trace); // the request inspector's X-AuthLab-Trace header (lib/request-trace.ts)
  return result;
}

async function authenticateByCookie(ctx: AuthContext): Promise<AuthResult> {
  if (sessionMode.hasCredentials(ctx)) {
    const result = await sessionMode.authenticate(ctx);
    if (result.ok || !jwtMode.hasCredentials(ctx)) return result;
  }
  if (jwtMode.hasCredentials(ctx)) return jwtMode.authenticate(ctx);
  const trace = new TraceRecorder(null);
  trace.note("read cookies", false, "no credential cookie: HTTP is stateless, so without one this request is a stranger");
  return { ok: false, code: "no_credentials", trace: trace.finish("no_credentials") };
}

/** Ends whatever credentials this browser holds, in both modes. */
export async function signOutEverywhereInBrowser(ctx: AuthContext, reason: string): Promise<void> {
  await sessionMode.signOut(ctx, reason);
  await jwtMode.signOut(ctx, reason);
}

/** Which logins this browser holds right now (either mode), to tell "this device". */
export async function browserLogin(ctx: AuthContext): Promise<BrowserLogin> {
  const out: BrowserLogin = {};
  if (sessionMode.hasCredentials(ctx)) {
    const r = await sessionMode.authenticate(ctx);
    if (r.ok) out.sessionId = r.loginId;
  }
  const familyId = await currentFamilyId(ctx);
  if (familyId) out.familyId = familyId;
  return out;
}
