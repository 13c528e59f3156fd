import { describe, expect, it } from "vitest";
import { advanceClockForTests } from "@/lib/clock";
import { caught } from "@/lib/test/caught";
import { MemoryBrowser } from "@/lib/test/memory-context";
import { endLoginsOf } from "./end-login";
import { requireAdmin, requireLiveLogin, requireLogin } from "./guards";
import { refreshJwt } from "./jwt/refresh";
import { signOutEverywhereInBrowser } from "./modes";
import { logIn } from "./sign-in";
import { createUser } from "./users";

// "Reading is not minting": an ended login's access token still authenticates until exp
// (the revocation gap), but requireLiveLogin refuses it for anything that issues
// credentials or changes state, whatever JWT_DENYLIST says.

const PASSWORD = "a-long-enough-password";

describe("requireLiveLogin", () => {
  it("passes a live login in both modes", async () => {
    await createUser("gina", PASSWORD);
    for (const mode of ["session", "jwt"] as const) {
      const b = new MemoryBrowser();
      await logIn({ username: "gina", password: PASSWORD, mode }, b.context());
      expect((await requireLiveLogin(b.context())).mode).toBe(mode);
    }
  });

  it.each([
    ["logout", async (b: MemoryBrowser) => signOutEverywhereInBrowser(b.clone().context(), "logout")],
    [
      "force-logout",
      async (_b: MemoryBrowser, userId: string) => {
        await endLoginsOf(userId, "forced_logout");
      },
    ],
    [
      "reuse detection",
      async (b: MemoryBrowser) => {
        const thief = b.clone();
        expect((await refreshJwt(b.context())).ok).toBe(true); // the owner rotates…
        advanceClockForTests(6_000); // past REFRESH_REUSE_GRACE (5 s)
        expect(await refreshJwt(thief.context())).toMatchObject({ ok: false, code: "refresh_reused" }); // …the copy is reuse
      },
    ],
  ] as const)("refuses a JWT whose login was ended by %s, although the token still reads", async (_name, end) => {
    const user = await createUser("gina", PASSWORD);
    const b = new MemoryBrowser();
    await logIn({ username: "gina", password: PASSWORD, mode: "jwt" }, b.context());
    const access = b.jar.get("authlab_access");
    await end(b, user.id);
    b.jar.set("authlab_access", access ?? ""); // the access token as it was before the end
    expect((await requireLogin(b.context())).user.id).toBe(user.id); // the gap: reading still works
    expect(await caught(requireLiveLogin(b.context()))).toMatchObject({ status: 401, code: "login_ended" });
  });

  it("an ended session is refused by both (it is checked against its row every time)", async () => {
    await createUser("gina", PASSWORD);
    const b = new MemoryBrowser();
    await logIn({ username: "gina", password: PASSWORD, mode: "session" }, b.context());
    await signOutEverywhereInBrowser(b.clone().context(), "logout");
    expect(await caught(requireLogin(b.context()))).toMatchObject({ status: 401, code: "session_revoked" });
    expect(await caught(requireLiveLogin(b.context()))).toMatchObject({ status: 401, code: "session_revoked" });
  });

  it("requireAdmin({ live: true }) refuses an admin whose own login was ended", async () => {
    const admin = await createUser("root-admin", PASSWORD, { role: "admin" });
    const b = new MemoryBrowser();
    await logIn({ username: "root-admin", password: PASSWORD, mode: "jwt" }, b.context());
    await endLoginsOf(admin.id, "forced_logout");
    expect((await requireAdmin(b.context())).user.role).toBe("admin");
    expect(await caught(requireAdmin(b.context(), { live: true }))).toMatchObject({ status: 401, code: "login_ended" });
  });
});
