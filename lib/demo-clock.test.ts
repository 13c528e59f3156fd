import { afterEach, describe, expect, it } from "vitest";
import { refreshJwt } from "@/lib/auth/jwt/refresh";
import { authenticateRequest } from "@/lib/auth/modes";
import { logIn } from "@/lib/auth/sign-in";
import { createUser } from "@/lib/auth/users";
import { advanceClockForTests } from "@/lib/clock";
import { resetEnvForTests } from "@/lib/env";
import { ApiError } from "@/lib/errors";
import { issueLabLogin } from "@/lib/labs/lab-login";
import { MemoryBrowser } from "@/lib/test/memory-context";
import { advanceLabClock, bindLabLogin, createLabClock, REAL_CLOCK, requestClock } from "./demo-clock";

// The demo clock is lab state on the server: a handle moves only the lab logins bound to
// it, only in demo mode, only forward, at most a day. No client value reaches a real
// login's expiry, refresh grace or anything else.

function demo(on: boolean) {
  process.env.AUTHLAB_DEMO = on ? "1" : "0";
  resetEnvForTests();
}
afterEach(() => {
  delete process.env.AUTHLAB_DEMO;
  resetEnvForTests();
});

const session = (id: string) => ({ mode: "session" as const, id });

describe("lab clocks", () => {
  it("move only the logins bound to them; an unknown handle or an unbound login is real time", () => {
    demo(true);
    const h = createLabClock();
    bindLabLogin(h, session("lab"));
    advanceLabClock(h, 600);
    const before = Date.now();
    expect(requestClock(h).timeFor(session("lab"))).toBeGreaterThanOrEqual(before + 600_000);
    expect(requestClock(h).timeFor(session("real"))).toBeLessThan(before + 5_000);
    expect(requestClock("made-up-handle")).toBe(REAL_CLOCK);
    expect(requestClock(null)).toBe(REAL_CLOCK);
  });

  it("go forward only, at most a day", () => {
    demo(true);
    const h = createLabClock();
    expect(advanceLabClock(h, -60)).toBe(0);
    expect(advanceLabClock(h, 86_400)).toBe(86_400);
    expect(() => advanceLabClock(h, 1)).toThrow(ApiError);
    try {
      advanceLabClock(h, 1);
    } catch (err) {
      expect(err).toMatchObject({ status: 400, code: "clock_limit" });
    }
  });

  it("mean nothing outside demo mode", () => {
    demo(true);
    const h = createLabClock();
    bindLabLogin(h, session("lab"));
    advanceLabClock(h, 600);
    demo(false);
    expect(requestClock(h)).toBe(REAL_CLOCK);
  });

  it("grace off applies to the lab's own login only", () => {
    demo(true);
    const h = createLabClock({ noGrace: true });
    bindLabLogin(h, { mode: "jwt", id: "lab-family" });
    expect(requestClock(h).graceOffFor({ mode: "jwt", id: "lab-family" })).toBe(true);
    expect(requestClock(h).graceOffFor({ mode: "jwt", id: "real-family" })).toBe(false);
  });
});

describe("a lab clock handle on a real login changes nothing", () => {
  it("a real session carrying a handle (even one that moved a day) still answers by real time", async () => {
    demo(true);
    const user = await createUser("nina", "nina-password");
    const lab = await issueLabLogin({ id: user.id, username: "nina", role: "user" }, "session", createLabClock());
    const h = createLabClock();
    advanceLabClock(h, 86_400);
    const real = new MemoryBrowser();
    await logIn({ username: "nina", password: "nina-password", mode: "session" }, real.context());
    const withHandle = { ...real.context(), clock: requestClock(h) };
    expect(await authenticateRequest(withHandle)).toMatchObject({ ok: true, mode: "session" });
    expect(lab.mode).toBe("session");
  });

  it("a lab login under its clock idles out; the same handle cannot reuse-grace a real refresh token", async () => {
    demo(true);
    const user = await createUser("omar", "omar-password");
    const h = createLabClock({ noGrace: true });
    const lab = await issueLabLogin({ id: user.id, username: "omar", role: "user" }, "session", h);
    advanceLabClock(h, 31 * 60);
    const labCtx = { ...new MemoryBrowser().context(), clock: requestClock(h), getCookie: (n: string) => lab.jar[n] };
    expect(await authenticateRequest(labCtx)).toMatchObject({ ok: false, code: "session_idle_expired" });

    // A real JWT login: rotate, then present the old token again within the grace window
    // carrying the "grace off" handle. The real login still gets its grace.
    const b = new MemoryBrowser();
    await logIn({ username: "omar", password: "omar-password", mode: "jwt" }, b.context());
    const copy = b.clone();
    expect((await refreshJwt(b.context())).ok).toBe(true);
    advanceClockForTests(1000);
    expect(await refreshJwt({ ...copy.context(), clock: requestClock(h) })).toMatchObject({ ok: true, rotated: false });
  });
});
