import "server-only";
import { revokeLogin } from "@/lib/auth/logins";
import { now } from "@/lib/clock";
import { labUser } from "./guard";
import { issueLabLogin } from "./lab-login";
import { loopback } from "./loopback";
import type { LabRequest } from "./types";

// Session vs JWT in four requests: one fresh login of each kind asks GET /api/me (the
// session needs a database lookup, the JWT none), then both logins are revoked the real
// way and ask again (the session is over at once, the JWT still works until exp, unless
// JWT_DENYLIST=on).

export async function compareModes(): Promise<LabRequest[]> {
  const { auth, ctx } = await labUser();
  const session = await issueLabLogin(auth.user, "session");
  const jwt = await issueLabLogin(auth.user, "jwt");
  const me = async (actor: "lab_session" | "lab_jwt", jar: Record<string, string>) => (await loopback(actor, "/api/me", { jar })).request;
  const requests = [await me("lab_session", session.jar), await me("lab_jwt", jwt.jar)];
  const opts = { reason: "lab_revoked", event: "session_revoked" as const, meta: ctx };
  revokeLogin(auth.user.id, { mode: "session", sessionId: session.loginId }, opts, now());
  revokeLogin(auth.user.id, { mode: "jwt", familyId: jwt.loginId }, opts, now());
  requests.push(await me("lab_session", session.jar), await me("lab_jwt", jwt.jar));
  return requests;
}
