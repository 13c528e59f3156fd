import { describe, expect, it } from "vitest";
import { AMBIGUOUS_COOKIE, duplicatedCredentialCookies } from "./context";

// A credential cookie sent twice (another Path or Domain planted it) is ambiguous, and
// nextAuthContext() then hands the modes AMBIGUOUS_COOKIE, which none of them accepts.
describe("duplicatedCredentialCookies", () => {
  it("finds a credential cookie sent twice, in any order and spacing", () => {
    expect([...duplicatedCredentialCookies("authlab_session=a; authlab_session=b")]).toEqual(["authlab_session"]);
    expect([...duplicatedCredentialCookies("authlab_refresh=a;x=1;authlab_refresh=a")]).toEqual(["authlab_refresh"]);
    expect([...duplicatedCredentialCookies("authlab_access=a; authlab_session=s; authlab_access=b")]).toEqual(["authlab_access"]);
  });

  it("ignores single cookies, other names and a missing header", () => {
    expect(duplicatedCredentialCookies("authlab_session=a; authlab_access=b; authlab_refresh=c").size).toBe(0);
    expect(duplicatedCredentialCookies("authlab_lang=en; authlab_lang=ko; theme=x; theme=y").size).toBe(0);
    expect(duplicatedCredentialCookies(null).size).toBe(0);
    expect(duplicatedCredentialCookies("").size).toBe(0);
  });

  it("the stand-in value is not a seal, not a JWT and not a refresh token shape", () => {
    expect(AMBIGUOUS_COOKIE.startsWith("Fe26.")).toBe(false);
    expect(AMBIGUOUS_COOKIE.split(".")).toHaveLength(1);
  });
});
