import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { advanceClockForTests, now } from "@/lib/clock";
import { advanceLabClock, bindLabLogin, createLabClock, installLabClocks, LAB_CLOCK_HEADER, REAL_CLOCK } from "@/lib/demo-clock";
import { resetEnvForTests } from "@/lib/env";
import { tables, testDb } from "@/lib/test/db";
import { MemoryBrowser } from "@/lib/test/memory-context";
import { request } from "@/lib/test/next-headers";
import { setLoginClockSource } from "./clock-source";
import { nextAuthContext } from "./context";
import { jwtMode } from "./jwt/mode";
import { authenticateRequest } from "./modes";
import { sessionMode } from "./session/mode";
import { createUser, toUserDTO } from "./users";

const { sessions } = tables;

// nextAuthContext is the only place a request becomes an AuthContext. The old demo clock
// read a client-written `authlab_clock` cookie here and ran the whole server ahead for that
// request; now a request carrying it is treated exactly like one without it, and only a
// lab clock handle the server issued (LAB_CLOCK_HEADER) can move a lab login it bound
// (docs/decisions/020-demo-clock.md).

vi.mock("next/headers", () => import("@/lib/test/next-headers"));

const DAY_S = 86_400;
const IDLE_MS = 30 * 60_000; // SESSION_IDLE_TTL default

/** One incoming request: these cookies (also in the Cookie header) and these headers. */
function incoming(cookies: Record<string, string>, headers: Record<string, string> = {}): void {
  request.cookies = new Map(Object.entries(cookies));
  const cookieLine = Object.entries(cookies)
    .map(([k, v]) => `${k}=${v}`)
    .join("; ");
  request.headers = new Headers({ "user-agent": "vitest", ...(cookieLine ? { cookie: cookieLine } : {}), ...headers });
}

beforeEach(() => {
  process.env.AUTHLAB_DEMO = "1"; // the mode in which the old cookie used to work
  resetEnvForTests();
});
afterEach(() => {
  delete process.env.AUTHLAB_DEMO;
  resetEnvForTests();
});

describe("nextAuthContext ignores an authlab_clock cookie", () => {
  it("gives real time and the real clock, exactly as without the cookie", async () => {
    incoming({ authlab_clock: String(DAY_S) });
    const withCookie = await nextAuthContext();
    incoming({});
    const without = await nextAuthContext();
    for (const ctx of [withCookie, without]) {
      expect(ctx.clock).toBe(REAL_CLOCK);
      expect(ctx.clock.lab).toBe(false);
      expect(Math.abs(ctx.now() - now())).toBeLessThan(1000);
      expect(Math.abs(ctx.clock.timeFor({ mode: "session", id: "any" }) - now())).toBeLessThan(1000);
    }
  });

  it("a session a day 'ahead' is neither idled out nor pushed out: its idle expiry follows real time", async () => {
    const user = await createUser("cora", "cora-password");
    const browser = new MemoryBrowser();
    await sessionMode.signIn(toUserDTO(user), browser.context());
    advanceClockForTests(20 * 60_000); // real time passes: past the touch interval, within the idle TTL
    incoming({ ...Object.fromEntries(browser.jar), authlab_clock: String(DAY_S) });
    const result = await authenticateRequest(await nextAuthContext());
    expect(result).toMatchObject({ ok: true, mode: "session" });
    const [row] = await testDb().select().from(sessions);
    expect(row?.lastSeenAt).toBeLessThanOrEqual(now());
    expect(row?.idleExpiresAt).toBeLessThanOrEqual(now() + IDLE_MS);
    expect(row?.idleExpiresAt).toBeGreaterThan(now() + IDLE_MS - 5_000);
  });

  it("a fresh access token sent with a clock a day ahead is checked at real time (still valid)", async () => {
    const user = await createUser("dana", "dana-password");
    const browser = new MemoryBrowser();
    await jwtMode.signIn(toUserDTO(user), browser.context());
    incoming({ ...Object.fromEntries(browser.jar), authlab_clock: String(DAY_S) });
    expect(await authenticateRequest(await nextAuthContext())).toMatchObject({ ok: true, mode: "jwt" });
  });
});

describe("nextAuthContext and the lab clock header", () => {
  it("the core alone knows only real time: until start-up installs the lab clocks, a handle moves nothing", async () => {
    setLoginClockSource(null);
    const handle = createLabClock();
    bindLabLogin(handle, { mode: "session", id: "lab-session" });
    advanceLabClock(handle, 600);
    incoming({}, { [LAB_CLOCK_HEADER]: handle });
    const ctx = await nextAuthContext();
    expect(ctx.clock.lab).toBe(false);
    expect(Math.abs(ctx.clock.timeFor({ mode: "session", id: "lab-session" }) - now())).toBeLessThan(1000);
  });

  it("a server-issued handle moves only the lab login bound to it; a made-up one is real time", async () => {
    installLabClocks(); // as lib/startup.ts does
    const handle = createLabClock();
    bindLabLogin(handle, { mode: "session", id: "lab-session" });
    advanceLabClock(handle, 600);

    incoming({}, { [LAB_CLOCK_HEADER]: handle });
    const lab = await nextAuthContext();
    expect(lab.clock.timeFor({ mode: "session", id: "lab-session" })).toBeGreaterThanOrEqual(now() + 599_000);
    expect(Math.abs(lab.clock.timeFor({ mode: "session", id: "real-session" }) - now())).toBeLessThan(1000);
    expect(Math.abs(lab.now() - now())).toBeLessThan(1000); // everything else: real time

    incoming({ authlab_clock: String(DAY_S) }, { [LAB_CLOCK_HEADER]: "AAAAAAAAAAAAAAAAAAAAAA" });
    expect((await nextAuthContext()).clock).toBe(REAL_CLOCK);
  });

  it("outside demo mode even a live handle is real time", async () => {
    const handle = createLabClock();
    bindLabLogin(handle, { mode: "jwt", id: "lab-family" });
    advanceLabClock(handle, 600);
    process.env.AUTHLAB_DEMO = "0";
    resetEnvForTests();
    incoming({}, { [LAB_CLOCK_HEADER]: handle });
    expect((await nextAuthContext()).clock).toBe(REAL_CLOCK);
  });
});

describe("readOnlyContext: straight from the Request", () => {
  it("reads cookies (first of each, URI-decoded), refuses a credential cookie sent twice, and never writes", async () => {
    const { readOnlyContext, AMBIGUOUS_COOKIE } = await import("./context");
    const req = new Request("http://localhost:3000/api/me", {
      headers: {
        cookie: "authlab_lang=ko; authlab_session=abc%2Bdef; x=1; authlab_access=a; authlab_access=b; authlab_refresh=%E0%A4%A",
        "user-agent": "ua",
      },
    });
    const ctx = readOnlyContext(req);
    expect(ctx.getCookie("authlab_lang")).toBe("ko");
    expect(ctx.getCookie("authlab_session")).toBe("abc+def");
    expect(ctx.getCookie("authlab_access")).toBe(AMBIGUOUS_COOKIE);
    expect(ctx.getCookie("missing")).toBeUndefined();
    expect(ctx.getCookie("authlab_refresh")).toBeUndefined(); // not valid percent-encoding: dropped, as Next does
    expect(ctx.userAgent).toBe("ua");
    expect(ctx.clock.lab).toBe(false);
    expect(() => ctx.setCookie({ name: "x", path: "/", httpOnly: true, sameSite: "lax" }, "v", 1)).toThrow(/may not set cookies/);
  });
});
