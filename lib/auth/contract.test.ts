import { describe, expect, it } from "vitest";
import { store } from "@/db/store";
import { now } from "@/lib/clock";
import { advanceLabClock, createLabClock, requestClock } from "@/lib/demo-clock";
import { caught } from "@/lib/test/caught";
import { MemoryBrowser } from "@/lib/test/memory-context";
import { endLogin, endLoginsOf } from "./end-login";
import { requireLiveLogin } from "./guards";
import { refreshJwt } from "./jwt/refresh";
import { isLoginLive, listActiveLogins, ownerOfLogin } from "./login-list";
import { loginKey } from "./login-ref";
import { currentLogin, modes } from "./modes";
import type { ModeName } from "./types";
import { createUser, toUserDTO } from "./users";

// One behaviour, two mechanisms: every case runs against session mode and JWT mode
// through the AuthMode contract alone. What differs between the modes (a session ends at
// once; an ended JWT login's access token still reads until exp) is asserted per mode,
// and named as the one difference the product teaches.

const PASSWORD = "a-long-enough-password";
let n = 0;

async function signedIn(mode: ModeName) {
  const user = await createUser(`contract${++n}`, PASSWORD);
  const browser = new MemoryBrowser({ userAgent: `ua-${mode}-${n}`, ip: "10.0.0.9", secure: false });
  const ref = await modes[mode].signIn(toUserDTO(user), browser.context());
  return { user, browser, ref };
}

describe.each(["session", "jwt"] as const)("the AuthMode contract: %s mode", (mode) => {
  it("signs in: one login identity from signIn, authenticate, currentLogin and the list", async () => {
    const { user, browser, ref } = await signedIn(mode);
    expect(ref.mode).toBe(mode);
    const auth = await modes[mode].authenticate(browser.context());
    expect(auth).toMatchObject({ ok: true, mode, user: { id: user.id }, login: ref });
    expect(await modes[mode].currentLogin(browser.context())).toEqual(ref);
    expect(await currentLogin(browser.context())).toEqual(ref);
    expect(await ownerOfLogin(ref)).toBe(user.id);
    const items = await listActiveLogins(user.id, now(), ref);
    expect(items).toEqual([expect.objectContaining({ id: loginKey(ref), mode, current: true, userAgent: `ua-${mode}-${n}` })]);
  });

  it("a stranger has no login", async () => {
    const stranger = new MemoryBrowser();
    expect(await modes[mode].authenticate(stranger.context())).toMatchObject({ ok: false, code: "no_credentials" });
    expect(await modes[mode].currentLogin(stranger.context())).toBeNull();
  });

  it("describe: what the browser holds and what the server keeps", async () => {
    const { user, browser } = await signedIn(mode);
    const view = await modes[mode].describe(browser.context(), toUserDTO(user));
    expect(view).toMatchObject({ mode, active: true, server: { kind: mode } });
    for (const c of view.client.cookies) expect(c).toMatchObject({ present: true, httpOnly: true, readableByJs: false });
  });

  it("endLogin ends it once; the server says it is over; minting is refused", async () => {
    const { user, browser, ref } = await signedIn(mode);
    expect(await isLoginLive(user.id, ref, now())).toBe(true);
    expect(await endLogin(ref, "forced_logout")).toBe(true);
    expect(await endLogin(ref, "forced_logout")).toBe(false);
    expect(await isLoginLive(user.id, ref, now())).toBe(false);
    expect(await listActiveLogins(user.id, now())).toEqual([]);
    const read = await modes[mode].authenticate(browser.context());
    if (mode === "session") {
      // A session is over on its very next request.
      expect(read).toMatchObject({ ok: false, code: "session_revoked" });
    } else {
      // The revocation gap: the access token still reads until exp…
      expect(read).toMatchObject({ ok: true, login: ref });
      // …and cannot be turned into anything new: no refresh, no state change.
      expect(await refreshJwt(browser.clone().context())).toEqual({ ok: false, code: "refresh_invalid" });
    }
    expect(await caught(requireLiveLogin(browser.context()))).toMatchObject({
      status: 401,
      code: mode === "session" ? "session_revoked" : "login_ended",
    });
  });

  it("signOut clears this browser's cookies and ends the login through endLogin (one logout event)", async () => {
    const { user, browser, ref } = await signedIn(mode);
    await modes[mode].signOut(browser.context(), "logout");
    expect(browser.jar.size).toBe(0);
    expect(await isLoginLive(user.id, ref, now())).toBe(false);
    const events = (await store().events.listByUser(user.id, 10)).filter((e) => e.type === "logout");
    expect(events).toHaveLength(1);
    expect(JSON.parse(events[0]?.detail ?? "{}")).toMatchObject({ reason: "logout" });
  });

  it("revoke one and revoke others: endLoginsOf keeps exactly the login it is told to", async () => {
    const { user, browser, ref } = await signedIn(mode);
    const second = new MemoryBrowser();
    const third = new MemoryBrowser();
    const secondRef = await modes[mode].signIn(toUserDTO(user), second.context());
    await modes[mode].signIn(toUserDTO(user), third.context());
    expect(await listActiveLogins(user.id, now())).toHaveLength(3);
    expect(await endLogin(secondRef, "revoked_by_user")).toBe(true);
    expect(await endLoginsOf(user.id, "revoked_by_user", { keep: ref })).toBe(1);
    expect((await listActiveLogins(user.id, now(), ref)).map((l) => [l.id, l.current])).toEqual([[loginKey(ref), true]]);
    expect((await requireLiveLogin(browser.context())).login).toEqual(ref);
  });

  it("a lab clock (or the old clock cookie) never moves this login: it keeps real time", async () => {
    process.env.AUTHLAB_DEMO = "1";
    const { browser, ref } = await signedIn(mode);
    // The first version's client-written clock cookie: nothing reads it any more.
    browser.jar.set("authlab_clock", String(now() + 86_400_000));
    const handle = createLabClock();
    advanceLabClock(handle, 86_400); // a day ahead: past every lifetime of this login
    const ctx = { ...browser.context(), clock: requestClock(handle) };
    expect(ctx.clock.lab).toBe(true);
    expect(Math.abs(ctx.clock.timeFor(ref) - now())).toBeLessThan(5);
    expect(await modes[mode].authenticate(ctx)).toMatchObject({ ok: true, login: ref });
    delete process.env.AUTHLAB_DEMO;
  });
});
