import { and, eq } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { store } from "@/db/store";
import { now } from "@/lib/clock";
import { caught } from "@/lib/test/caught";
import { tables, testDb } from "@/lib/test/db";
import { MemoryBrowser } from "@/lib/test/memory-context";
import { changePassword, setConcurrentLoginPolicy } from "./account";
import type { Authed } from "./guards";
import { refreshJwt } from "./jwt/refresh";
import { listActiveLogins } from "./login-list";
import { authenticateRequest, modes } from "./modes";
import { logIn } from "./sign-in";
import type { ConcurrentLoginPolicy, ModeName } from "./types";
import { createUser } from "./users";

const { authEvents } = tables;

const PASSWORD = "the-old-passphrase";
const NEW_PASSWORD = "the-new-passphrase";

async function loggedIn(mode: ModeName): Promise<MemoryBrowser> {
  const b = new MemoryBrowser();
  await logIn({ username: "erin", password: PASSWORD, mode }, b.context());
  return b;
}

async function authed(b: MemoryBrowser): Promise<Authed> {
  const auth = await authenticateRequest(b.context());
  if (!auth.ok) throw new Error(`not logged in: ${auth.code}`);
  return auth;
}

const events = async (userId: string, type: string) =>
  (
    await testDb()
      .select()
      .from(authEvents)
      .where(and(eq(authEvents.userId, userId), eq(authEvents.type, type)))
  ).map((e) => ({ ...e, detail: JSON.parse(e.detail) as Record<string, unknown> }));

async function setPolicy(b: MemoryBrowser, policy: ConcurrentLoginPolicy, password = PASSWORD): Promise<void> {
  await setConcurrentLoginPolicy(await authed(b), policy, password, b.context());
}

describe("setConcurrentLoginPolicy", () => {
  it.each<ConcurrentLoginPolicy>(["single-evict", "single-reject", "many"])("saves %s and logs it", async (policy) => {
    const user = await createUser("erin", PASSWORD);
    await setPolicy(await loggedIn("session"), policy);
    expect((await store().users.byId(user.id))?.concurrentLogins).toBe(policy);
    expect((await events(user.id, "policy_changed")).map((e) => e.detail)).toEqual([{ concurrentLogins: policy }]);
  });

  it("asks for the current password: a wrong one is 400 wrong_password and changes nothing", async () => {
    const user = await createUser("erin", PASSWORD);
    const me = await loggedIn("jwt");
    const err = await caught(setPolicy(me, "single-reject", "a-guess-of-a-thief"));
    expect(err).toMatchObject({ status: 400, code: "wrong_password" });
    expect((await store().users.byId(user.id))?.concurrentLogins).toBe("many");
    expect(await events(user.id, "reauth_failed")).toHaveLength(1);
  });

  it("is throttled like a login: after five wrong passwords even the right one waits (429)", async () => {
    const user = await createUser("erin", PASSWORD);
    const me = await loggedIn("session");
    for (let i = 0; i < 5; i++)
      expect(await caught(setPolicy(me, "single-reject", `guess-${i}`))).toMatchObject({ code: "wrong_password" });
    const limited = await caught(setPolicy(me, "single-reject"));
    expect(limited).toMatchObject({ status: 429, code: "rate_limited" });
    expect(limited.extra.retryAfter).toBeGreaterThan(0);
    expect((await store().users.byId(user.id))?.concurrentLogins).toBe("many");
  });
});

describe("the policy at the next login", () => {
  it("single-evict: a new login ends every other one, in both modes", async () => {
    const user = await createUser("erin", PASSWORD);
    const session = await loggedIn("session");
    const jwt = await loggedIn("jwt");
    await setPolicy(session, "single-evict");
    const newcomer = await loggedIn("session");
    expect(await authenticateRequest(session.context())).toMatchObject({ ok: false, code: "session_revoked" });
    expect(await refreshJwt(jwt.context())).toEqual({ ok: false, code: "refresh_invalid" });
    expect((await authenticateRequest(newcomer.context())).ok).toBe(true);
    expect(await listActiveLogins(user.id, now())).toHaveLength(1);
    expect(await events(user.id, "evicted")).toHaveLength(2);
  });

  it("single-reject: while a login is active, another is refused with 409 already_logged_in", async () => {
    const user = await createUser("erin", PASSWORD);
    const first = await loggedIn("jwt");
    await setPolicy(first, "single-reject");
    for (const mode of ["session", "jwt"] as const) {
      const err = await caught(loggedIn(mode));
      expect(err).toMatchObject({ status: 409, code: "already_logged_in" });
    }
    // The wrong password is still "invalid credentials": the policy is checked only after it.
    const wrong = await caught(logIn({ username: "erin", password: "not-it-at-all" }, new MemoryBrowser().context()));
    expect(wrong).toMatchObject({ status: 401, code: "invalid_credentials" });
    expect((await events(user.id, "login_rejected")).map((e) => e.detail)).toEqual([{ activeLogins: 1 }, { activeLogins: 1 }]);
    // The first login was not disturbed; once it logs out, the next one may log in.
    expect((await authenticateRequest(first.context())).ok).toBe(true);
    // Logging in again from the same browser replaces that login rather than competing with it.
    await logIn({ username: "erin", password: PASSWORD, mode: "session" }, first.context());
    await modes.session.signOut(first.context(), "logout");
    expect((await authenticateRequest((await loggedIn("session")).context())).ok).toBe(true);
  });

  it("single-reject: the owner's password always wins: endOtherLogins ends the others and logs in here", async () => {
    const user = await createUser("erin", PASSWORD);
    const thief = await loggedIn("jwt");
    await setPolicy(thief, "single-reject");
    const owner = new MemoryBrowser();
    const refused = await caught(logIn({ username: "erin", password: PASSWORD }, owner.context()));
    expect(refused).toMatchObject({ status: 409, code: "already_logged_in", extra: { details: { wayOut: "end_other_logins" } } });
    // The way out still needs the right password.
    const wrong = await caught(logIn({ username: "erin", password: "nope-nope-nope", endOtherLogins: true }, owner.context()));
    expect(wrong).toMatchObject({ status: 401, code: "invalid_credentials" });
    expect((await refreshJwt(thief.context())).ok).toBe(true);

    await logIn({ username: "erin", password: PASSWORD, mode: "session", endOtherLogins: true }, owner.context());
    expect((await authenticateRequest(owner.context())).ok).toBe(true);
    expect(await refreshJwt(thief.context())).toEqual({ ok: false, code: "refresh_invalid" });
    expect((await listActiveLogins(user.id, now())).map((l) => l.mode)).toEqual(["session"]);
    expect((await events(user.id, "evicted")).map((e) => e.detail.reason)).toEqual(["ended_by_owner"]);
  });
});

describe("changePassword", () => {
  it("a wrong current password is 400 wrong_password and changes nothing", async () => {
    const user = await createUser("erin", PASSWORD);
    const me = await loggedIn("session");
    const other = await loggedIn("jwt");
    const err = await caught(changePassword(await authed(me), "not-my-password", NEW_PASSWORD, me.context()));
    expect(err).toMatchObject({ status: 400, code: "wrong_password" });
    expect(await listActiveLogins(user.id, now())).toHaveLength(2);
    expect((await refreshJwt(other.context())).ok).toBe(true);
    expect(await events(user.id, "password_changed")).toEqual([]);
    await logIn({ username: "erin", password: PASSWORD }, new MemoryBrowser().context());
  });

  it.each<ModeName>(["session", "jwt"])("from a %s login: every other login ends in both modes, this one stays", async (mode) => {
    const user = await createUser("erin", PASSWORD);
    const me = await loggedIn(mode);
    const otherSession = await loggedIn("session");
    const otherJwt = await loggedIn("jwt");

    const before = me.clone(); // a copy of this browser's cookies, taken before the change
    const loginBefore = (await authed(me)).login.id;
    expect(await changePassword(await authed(me), PASSWORD, NEW_PASSWORD, me.context())).toBe(2);

    // This browser stays logged in, with new credentials (a new login id)…
    const after = await authed(me);
    expect(after.mode).toBe(mode);
    expect(after.login.id).not.toBe(loginBefore);
    if (mode === "jwt") expect((await refreshJwt(me.context())).ok).toBe(true);
    // …and the copy of its old cookies is as dead as the other logins.
    if (mode === "session") expect(await authenticateRequest(before.context())).toMatchObject({ ok: false, code: "session_revoked" });
    else expect(await refreshJwt(before.context())).toEqual({ ok: false, code: "refresh_invalid" });
    expect(await authenticateRequest(otherSession.context())).toMatchObject({ ok: false, code: "session_revoked" });
    expect(await refreshJwt(otherJwt.context())).toEqual({ ok: false, code: "refresh_invalid" });
    expect((await listActiveLogins(user.id, now())).map((l) => l.mode)).toEqual([mode]);

    expect((await events(user.id, "password_changed")).map((e) => e.detail)).toEqual([{ endedLogins: 2 }]);
    expect((await events(user.id, "session_revoked")).map((e) => e.detail.reason)).toEqual(["password_changed", "password_changed"]);
    expect((await events(user.id, "credentials_renewed")).map((e) => e.detail.reason)).toEqual(["password_changed"]);

    const old = await caught(logIn({ username: "erin", password: PASSWORD }, new MemoryBrowser().context()));
    expect(old).toMatchObject({ status: 401, code: "invalid_credentials" });
    expect((await logIn({ username: "erin", password: NEW_PASSWORD }, new MemoryBrowser().context())).user.id).toBe(user.id);
  });
});
