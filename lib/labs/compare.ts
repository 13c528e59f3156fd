import "server-only";
import { endLogin } from "@/lib/auth/end-login";
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
  await endLogin(session.login, "lab_revoked", { meta: ctx });
  await endLogin(jwt.login, "lab_revoked", { meta: ctx });
  requests.push(await me("lab_session", session.jar), await me("lab_jwt", jwt.jar));
  return requests;
}
