import { describe, expect, it } from "vitest";
import { MemoryBrowser } from "@/lib/test/memory-context";
import { endLogin } from "./end-login";
import { requireLogin } from "./guards";
import { inspect } from "./inspect";
import { loginKey } from "./login-ref";
import { logIn } from "./sign-in";
import { createUser } from "./users";

const PASSWORD = "a-long-enough-password";

describe("inspect ?with=devices: one poll for the whole dashboard", () => {
  it("without it, no devices view; with it, the logins, this browser's marked, its own revocation gap marked, and the events", async () => {
    await createUser("ivy", PASSWORD);
    const phone = new MemoryBrowser({ userAgent: "phone", ip: "10.0.0.2", secure: false });
    const laptop = new MemoryBrowser({ userAgent: "laptop", ip: "10.0.0.3", secure: false });
    await logIn({ username: "ivy", password: PASSWORD, mode: "session" }, phone.context());
    await logIn({ username: "ivy", password: PASSWORD, mode: "jwt" }, laptop.context());

    const plain = await inspect(laptop.context(), await requireLogin(laptop.context()));
    expect(plain.devices).toBeUndefined();

    const auth = await requireLogin(laptop.context());
    const full = await inspect(laptop.context(), auth, { devices: true });
    expect(full.devices?.sessions.map((s) => [s.userAgent, s.current]).sort()).toEqual([
      ["laptop", true],
      ["phone", false],
    ]);
    expect(full.devices?.sessions.find((s) => s.current)?.id).toBe(loginKey(auth.login));
    expect(full.devices?.events.map((e) => e.type)).toEqual(["login", "login"]);

    // The laptop's JWT login is ended elsewhere: its access token still reads, and the
    // gap it is in is marked as its own.
    await endLogin(auth.login, "forced_logout");
    const after = await inspect(laptop.context(), await requireLogin(laptop.context()), { devices: true });
    expect(after.devices?.exposures).toEqual([expect.objectContaining({ familyId: auth.login.id, current: true })]);
    const fromPhone = await inspect(phone.context(), await requireLogin(phone.context()), { devices: true });
    expect(fromPhone.devices?.exposures.map((w) => w.current)).toEqual([false]);
  });
});
