import "server-only";
import { REFRESH_COOKIE } from "@/lib/auth/cookies";
import { createLabClock, endLabClock } from "@/lib/demo-clock";
import { env } from "@/lib/env";
import { labUser, requireDemo } from "./guard";
import { endLabLogin, issueLabLogin } from "./lab-login";
import { applySetCookies, loopback } from "./loopback";
import type { LabRequest } from "./types";

// Two tabs refresh at once: both send the same refresh token. The first rotates it; the
// second arrives with a token that is already used. With the grace window on, the second
// gets an access token and the login lives; with it off, the server sees reuse and
// revokes the whole family, logging out both tabs. Run on a throwaway login.

export async function runRace(grace: "on" | "off"): Promise<{ requests: LabRequest[]; graceSeconds: number }> {
  requireDemo(); // switching the grace window off is a demo-only knob
  const { auth } = await labUser();
  // "Grace off" is a property of this lab's own clock, bound to its own throwaway login:
  // no header a client sends can switch the grace window off for a real login.
  const clock = createLabClock({ noGrace: grace === "off" });
  const login = await issueLabLogin(auth.user, "jwt", clock);
  try {
    const both = await Promise.all(
      (["tab_a", "tab_b"] as const).map((actor) => loopback(actor, "/api/auth/refresh", { method: "POST", jar: login.jar, clock })),
    );
    // The tab whose response carried a new refresh token keeps going with it.
    const winner = both.find((r) => r.setCookies[REFRESH_COOKIE.name]) ?? both[0];
    const requests = both.map((r) => r.request);
    if (winner) {
      const jar = applySetCookies(login.jar, winner.setCookies);
      const next = await loopback(winner.request.actor, "/api/auth/refresh", { method: "POST", jar, clock });
      requests.push(next.request);
    }
    return { requests, graceSeconds: env().REFRESH_REUSE_GRACE };
  } finally {
    await endLabLogin(login);
    endLabClock(clock);
  }
}
