import { describe, expect, it } from "vitest";
import { tables, testDb } from "@/lib/test/db";
import { MemoryBrowser } from "@/lib/test/memory-context";
import { createUser, toUserDTO } from "../users";
import { jwtMode } from "./mode";
import { refreshJwt } from "./refresh";

const { refreshTokens } = tables;

// Access and refresh cookies are issued together, for one login. A refresh token next to
// an access token of another login (another user's token planted in this browser, or a
// mix-up) is refused, and neither login is touched.

async function jwtLogin(name: string): Promise<MemoryBrowser> {
  const user = await createUser(name, `${name}-password`);
  const browser = new MemoryBrowser();
  await jwtMode.signIn(toUserDTO(user), browser.context());
  return browser;
}

const allRows = async () => JSON.stringify(await testDb().select().from(refreshTokens));

describe("refresh: the refresh token must belong to the login of the access token", () => {
  it("another user's refresh token next to my access token → refresh_invalid, no row changed", async () => {
    const alice = await jwtLogin("alice");
    const bob = await jwtLogin("bob");
    const mixed = bob.clone();
    mixed.jar.set("authlab_refresh", alice.jar.get("authlab_refresh") ?? "");
    const before = await allRows();
    expect(await refreshJwt(mixed.context())).toEqual({ ok: false, code: "refresh_invalid" });
    expect(await allRows()).toBe(before);
    // Both real browsers still refresh.
    expect((await refreshJwt(alice.context())).ok).toBe(true);
    expect((await refreshJwt(bob.context())).ok).toBe(true);
  });

  it("my own refresh token, with or without my access token, still refreshes", async () => {
    const alice = await jwtLogin("alice");
    expect((await refreshJwt(alice.context())).ok).toBe(true);
    const withoutAccess = alice.clone();
    withoutAccess.jar.delete("authlab_access");
    expect((await refreshJwt(withoutAccess.context())).ok).toBe(true);
  });
});
