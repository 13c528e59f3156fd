import "server-only";
import { ACCESS_COOKIE } from "@/lib/auth/cookies";
import { now } from "@/lib/clock";
import {
  advanceLabClock,
  createLabClock,
  demoEnabled,
  endLabClock,
  labClockOffsetSeconds,
  MAX_CLOCK_OFFSET_SECONDS,
} from "@/lib/demo-clock";
import { labUser, requireDemo } from "./guard";
import { endLabLogin, issueLabLogin } from "./lab-login";
import { applySetCookies, loopback } from "./loopback";
import { labState } from "./state";
import type { ClockState, LabRequest } from "./types";

// The time-travel lab: a throwaway login of the reader, in the reader's mode, bound to a
// lab clock on the server (lib/demo-clock.ts). Moving the clock ages that login only:
// its access token expires and is refreshed, its session idles out. The reader's own
// login keeps real time, and no request can carry a time, only the lab's handle.

export interface TimeTravelRun {
  clock: ClockState;
  request: LabRequest | null; // GET /api/me by the lab login, at the lab's time
  refreshed: boolean; // its access token had expired and was refreshed on the way
}

function clockState(handle: string | undefined, mode: ClockState["loginMode"]): ClockState {
  const offsetSeconds = labClockOffsetSeconds(handle);
  const real = now();
  return {
    demo: demoEnabled(),
    offsetSeconds,
    maxOffsetSeconds: MAX_CLOCK_OFFSET_SECONDS,
    serverTime: real + offsetSeconds * 1000,
    realTime: real,
    loginMode: mode,
  };
}

export async function readClock(): Promise<ClockState> {
  const { auth } = await labUser();
  const tt = (await labState(auth.user.id)).timeTravel;
  return clockState(tt?.clock, tt?.login.mode ?? null);
}

/**
 * Moves this reader's lab clock forward by `seconds` (0: just look), issuing the lab
 * login on first use, then asks GET /api/me as that login. A JWT whose access token has
 * expired refreshes and asks again, as the browser's fetch wrapper does.
 */
export async function advanceClock(seconds: number): Promise<TimeTravelRun> {
  requireDemo();
  const { auth } = await labUser();
  const state = await labState(auth.user.id);
  if (!state.timeTravel || state.timeTravel.login.mode !== auth.mode) {
    await resetTimeTravel(state);
    const clock = createLabClock();
    state.timeTravel = { clock, login: await issueLabLogin(auth.user, auth.mode, clock) };
  }
  const tt = state.timeTravel;
  advanceLabClock(tt.clock, seconds);
  const actor = tt.login.mode === "session" ? "lab_session" : "lab_jwt";
  const me = () => loopback(actor, "/api/me", { jar: tt.login.jar, clock: tt.clock });
  let answer = await me();
  let refreshed = false;
  if (answer.request.code === "token_expired" && tt.login.jar[ACCESS_COOKIE.name]) {
    const r = await loopback("lab_jwt", "/api/auth/refresh", { method: "POST", jar: tt.login.jar, clock: tt.clock });
    tt.login.jar = applySetCookies(tt.login.jar, r.setCookies);
    if (r.request.status === 200) {
      refreshed = true;
      answer = await me();
    }
  }
  return { clock: clockState(tt.clock, tt.login.mode), request: answer.request, refreshed };
}

async function resetTimeTravel(state: Awaited<ReturnType<typeof labState>>): Promise<void> {
  if (!state.timeTravel) return;
  await endLabLogin(state.timeTravel.login);
  endLabClock(state.timeTravel.clock);
  state.timeTravel = null;
}

/** Back to real time: the lab login is ended and its clock forgotten. */
export async function resetClock(): Promise<ClockState> {
  requireDemo();
  const { auth } = await labUser();
  await resetTimeTravel(await labState(auth.user.id));
  return clockState(undefined, null);
}
