import "server-only";
import { REFRESH_COOKIE } from "@/lib/auth/cookies";
import { advanceLabClock, createLabClock, endLabClock } from "@/lib/demo-clock";
import { env } from "@/lib/env";
import { labUser, requireDemo } from "./guard";
import { endLabLogin, issueLabLogin } from "./lab-login";
import { applySetCookies, type LoopbackPath, loopback } from "./loopback";
import type { LabActor, LabRequest } from "./types";

// Access + refresh, step by step, on a throwaway JWT login of the reader (the "tab")
// bound to a lab clock, moved past the access token's exp instead of waiting, while an
// attacker holds a copy of its first refresh token. The reader's own login is untouched
// and keeps real time. Demo mode only (it moves a clock).

export async function walkThroughRefresh(): Promise<LabRequest[]> {
  requireDemo();
  const { auth } = await labUser();
  const { ACCESS_TOKEN_TTL, REFRESH_REUSE_GRACE } = env();
  const clock = createLabClock();
  const tab = await issueLabLogin(auth.user, "jwt", clock);
  const stolen = { [REFRESH_COOKIE.name]: tab.jar[REFRESH_COOKIE.name] ?? "" };
  const requests: LabRequest[] = [];
  const send = async (actor: LabActor, path: LoopbackPath, jar: Record<string, string>, method: "GET" | "POST" = "GET") => {
    const r = await loopback(actor, path, { method, jar, clock });
    requests.push(r.request);
    return r;
  };
  try {
    await send("lab_jwt", "/api/me", tab.jar); // 1. the access token works
    advanceLabClock(clock, ACCESS_TOKEN_TTL + 1);
    await send("lab_jwt", "/api/me", tab.jar); // 2. … until exp
    const refreshed = await send("lab_jwt", "/api/auth/refresh", tab.jar, "POST"); // 3. refresh: a new pair
    tab.jar = applySetCookies(tab.jar, refreshed.setCookies);
    await send("lab_jwt", "/api/me", tab.jar); // … and it works again
    advanceLabClock(clock, REFRESH_REUSE_GRACE + 1);
    await send("attacker", "/api/auth/refresh", stolen, "POST"); // 4. the old refresh token again: reuse
    await send("lab_jwt", "/api/auth/refresh", tab.jar, "POST"); // … the whole family is gone
    return requests;
  } finally {
    await endLabLogin(tab);
    endLabClock(clock);
  }
}
