import { beforeEach, describe, expect, it, vi } from "vitest";
import { announceLogin, learnedLoginState, learnFromResponse, resetLoginStateForTests, subscribeLoginState } from "./login-state";

const alice = { user: { username: "alice", role: "user" }, mode: "jwt" };

describe("login state for the header", () => {
  beforeEach(() => resetLoginStateForTests());

  it("learns a login, a mode switch and a logout from API responses", () => {
    expect(learnedLoginState()).toBeUndefined();
    learnFromResponse("/api/auth/login", 200, alice, "same-origin");
    expect(learnedLoginState()).toEqual({ username: "alice", role: "user", mode: "jwt", ended: false });
    learnFromResponse("/api/me/mode", 200, { ...alice, mode: "session" }, "same-origin");
    expect(learnedLoginState()?.mode).toBe("session");
    learnFromResponse("/api/auth/logout", 200, { ok: true }, "same-origin");
    expect(learnedLoginState()).toBeNull();
  });

  it("ignores failures, other paths and cookie-less requests", () => {
    learnFromResponse("/api/auth/login", 401, { error: { code: "invalid_credentials" } }, "same-origin");
    learnFromResponse("/api/me", 200, alice, "same-origin");
    learnFromResponse("/api/auth/login", 200, alice, "omit");
    learnFromResponse("/api/auth/logout", 200, { ok: true }, "omit");
    expect(learnedLoginState()).toBeUndefined();
  });

  it("tells subscribers only when something changed", () => {
    const listener = vi.fn();
    const unsubscribe = subscribeLoginState(listener);
    announceLogin({ username: "bob", role: "admin", mode: "session", ended: false });
    announceLogin({ username: "bob", role: "admin", mode: "session", ended: false });
    announceLogin({ username: "bob", role: "admin", mode: "session", ended: true });
    unsubscribe();
    announceLogin(null);
    expect(listener).toHaveBeenCalledTimes(2);
  });
});
