import path from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { env, loadEnv, resetEnvForTests } from "./env";

function errorOf(fn: () => unknown): Error {
  try {
    fn();
  } catch (err) {
    return err as Error;
  }
  throw new Error("expected a throw");
}

afterEach(() => {
  delete process.env.ACCESS_TOKEN_TTL;
});

describe("loadEnv", () => {
  it("applies the documented defaults", () => {
    const e = loadEnv({});
    expect(e).toMatchObject({
      PORT: 3000,
      DATABASE_PATH: "data/authlab.db",
      ACCESS_TOKEN_TTL: 300,
      REFRESH_TOKEN_TTL: 14 * 86_400,
      SESSION_IDLE_TTL: 1800,
      SESSION_ABSOLUTE_TTL: 7 * 86_400,
      REFRESH_REUSE_GRACE: 5,
      JWT_DENYLIST: "off",
    });
    expect(e.databasePath).toBe(path.resolve("data/authlab.db"));
    expect(e.dataDir).toBe(path.resolve("data"));
  });

  it("coerces numbers from strings", () => {
    expect(loadEnv({ ACCESS_TOKEN_TTL: "60", PORT: "8080" })).toMatchObject({ ACCESS_TOKEN_TTL: 60, PORT: 8080 });
  });

  it.each([
    ["abc", "ACCESS_TOKEN_TTL must be a whole number of seconds"],
    ["0", "ACCESS_TOKEN_TTL must be at least 1 seconds"],
    ["-5", "ACCESS_TOKEN_TTL must be at least 1 seconds"],
    ["1.5", "ACCESS_TOKEN_TTL must be a whole number of seconds"],
    ["86401", "ACCESS_TOKEN_TTL must be at most 86400 seconds"],
  ])("ACCESS_TOKEN_TTL=%j stops the start naming the variable", (value, message) => {
    const err = errorOf(() => loadEnv({ ACCESS_TOKEN_TTL: value }));
    expect(err.message).toContain("AuthLab cannot start: invalid configuration");
    expect(err.message).toContain(`ACCESS_TOKEN_TTL: ${message}`);
  });

  it("names every bad variable at once", () => {
    const err = errorOf(() => loadEnv({ REFRESH_REUSE_GRACE: "61", JWT_DENYLIST: "yes", SESSION_IDLE_TTL: "x" }));
    expect(err.message).toContain("REFRESH_REUSE_GRACE: REFRESH_REUSE_GRACE must be at most 60 seconds");
    expect(err.message).toContain("JWT_DENYLIST: JWT_DENYLIST must be on or off");
    expect(err.message).toContain("SESSION_IDLE_TTL: SESSION_IDLE_TTL must be a whole number of seconds");
  });

  it("refuses an absolute session lifetime shorter than the idle timeout", () => {
    const err = errorOf(() => loadEnv({ SESSION_IDLE_TTL: "3600", SESSION_ABSOLUTE_TTL: "60" }));
    expect(err.message).toContain("SESSION_ABSOLUTE_TTL must be >= SESSION_IDLE_TTL");
  });

  it("TRUST_PROXY: off by default; off, 0 or empty = 0 hops; 1..10 hops; anything else stops the start", () => {
    expect(loadEnv({}).TRUST_PROXY).toBe(0);
    for (const v of ["off", "0", ""]) expect(loadEnv({ TRUST_PROXY: v }).TRUST_PROXY).toBe(0);
    expect(loadEnv({ TRUST_PROXY: "1" }).TRUST_PROXY).toBe(1);
    expect(loadEnv({ TRUST_PROXY: "10" }).TRUST_PROXY).toBe(10);
    // Express's `true` (trust everything) is exactly what lets a client pick its address.
    for (const v of ["true", "on", "11", "-1", "1.5", "loopback", "01"]) {
      expect(errorOf(() => loadEnv({ TRUST_PROXY: v })).message).toContain(
        "TRUST_PROXY: TRUST_PROXY must be off or a number of proxy hops",
      );
    }
  });

  it("APP_ORIGIN: unset by default; an http(s) origin (a trailing slash is dropped); a path, another scheme or a non-URL stops the start", () => {
    expect(loadEnv({}).APP_ORIGIN).toBeUndefined();
    expect(loadEnv({ APP_ORIGIN: "https://authlab.example" }).APP_ORIGIN).toBe("https://authlab.example");
    expect(loadEnv({ APP_ORIGIN: "https://authlab.example/" }).APP_ORIGIN).toBe("https://authlab.example");
    expect(loadEnv({ APP_ORIGIN: "http://10.0.0.5:8080" }).APP_ORIGIN).toBe("http://10.0.0.5:8080");
    // Written as browsers send Origin: lower-case host, no default port.
    expect(loadEnv({ APP_ORIGIN: "https://AuthLab.example:443" }).APP_ORIGIN).toBe("https://authlab.example");
    for (const v of [
      "https://authlab.example/app",
      "https://authlab.example/?",
      "ftp://authlab.example",
      "authlab.example",
      "https://user@authlab.example",
    ]) {
      expect(errorOf(() => loadEnv({ APP_ORIGIN: v })).message, v).toContain("APP_ORIGIN: APP_ORIGIN must be an origin");
    }
  });

  it("requires ADMIN_USERNAME and ADMIN_PASSWORD together", () => {
    expect(errorOf(() => loadEnv({ ADMIN_USERNAME: "root" })).message).toContain("set both ADMIN_USERNAME and ADMIN_PASSWORD");
    expect(errorOf(() => loadEnv({ ADMIN_PASSWORD: "pw-pw-pw-pw" })).message).toContain("set both ADMIN_USERNAME and ADMIN_PASSWORD");
    expect(loadEnv({ ADMIN_USERNAME: "root", ADMIN_PASSWORD: "pw-pw-pw-pw" }).ADMIN_USERNAME).toBe("root");
  });

  it("env() caches until reset", () => {
    process.env.ACCESS_TOKEN_TTL = "42";
    resetEnvForTests();
    expect(env().ACCESS_TOKEN_TTL).toBe(42);
    process.env.ACCESS_TOKEN_TTL = "43";
    expect(env().ACCESS_TOKEN_TTL).toBe(42);
    resetEnvForTests();
    expect(env().ACCESS_TOKEN_TTL).toBe(43);
  });
});
