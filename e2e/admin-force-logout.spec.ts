import type { Browser, BrowserContext, Page } from "@playwright/test";
import type { ModeName } from "../lib/auth/types";
import { devicesEn } from "../lib/i18n/devices.en";
import { accessClaims, curl, DEMO, expect, SERVERS, type TestUser, test, uniqueUsername } from "./fixtures";

// Issue 3, "admin": /admin lists each user's active logins and can force-logout a user
// or end one login. Sessions die on their next request; JWT logins keep their access
// token until exp (shown on the admin page as a timeline), or die at once with the denylist.

// Several browsers, servers and page loads share a 2-core machine with other suites.
test.slow(true, "multi-context flows on a shared machine");

const ADMIN = { id: "", ...DEMO.admin };

async function device(browser: Browser, baseURL: string, user: TestUser, mode: ModeName): Promise<BrowserContext> {
  const context = await browser.newContext({ baseURL });
  const res = await context.request.post("/api/auth/login", {
    data: { username: user.username, password: user.password, mode },
    maxRetries: 1,
  });
  expect(res.status(), await res.text()).toBe(200);
  return context;
}

async function me(context: BrowserContext): Promise<{ status: number; code: string | null }> {
  const res = await context.request.get("/api/me", { failOnStatusCode: false, maxRetries: 1 });
  const body = (await res.json()) as { error?: { code: string } };
  return { status: res.status(), code: body.error?.code ?? null };
}

/** With a copy of the cookies: a refused refresh clears them, and the device keeps its access token. */
async function refresh(context: BrowserContext, baseURL: string): Promise<{ status: number; code: string | null }> {
  const res = await curl(baseURL, "POST", "/api/auth/refresh", { cookie: await context.cookies() });
  return { status: res.status, code: (res.body as { error?: { code: string } } | null)?.error?.code ?? null };
}

/** This device's own login id, as the devices list names it. */
async function loginIdOf(context: BrowserContext): Promise<string> {
  const res = await context.request.get("/api/auth/sessions", { maxRetries: 1 });
  const { sessions } = (await res.json()) as { sessions: Array<{ id: string; current: boolean }> };
  const mine = sessions.find((s) => s.current);
  expect(mine).toBeDefined();
  return mine?.id ?? "";
}

function userCard(page: Page, username: string) {
  return page.locator(`[data-testid="admin-user"][data-username="${username}"]`);
}

test("force logout: the user's session is refused at once; their JWT keeps its access token until exp, and the admin sees the gap", async ({
  page,
  login,
  newUser,
  browser,
}) => {
  // "a0-…" sorts before the crowd of other specs' users: /admin lists users by name.
  const target = await newUser({ username: uniqueUsername("a0") });
  const laptop = await device(browser, SERVERS.main, target, "session");
  const phone = await device(browser, SERVERS.main, target, "jwt");
  const phoneClaims = await accessClaims(phone);

  await login({ user: ADMIN });
  await page.goto("/admin");
  const card = userCard(page, target.username);
  await expect(card.getByTestId("admin-login-count")).toHaveText("2 active logins");
  await expect(card.getByTestId("admin-login")).toHaveCount(2);

  await card.getByRole("button", { name: `${devicesEn.admin.forceLogout} ${target.username} from every device` }).click();
  await expect(page.getByTestId("admin-status")).toHaveText(new RegExp(`^Ended 2 logins of ${target.username}\\.`));
  await expect(card.getByTestId("admin-login-count")).toHaveText(devicesEn.admin.loginsNone);
  await expect(card.getByTestId("admin-login")).toHaveCount(0);

  expect(await me(laptop)).toEqual({ status: 401, code: "session_revoked" });
  expect(await me(phone)).toEqual({ status: 200, code: null });
  expect(await refresh(phone, SERVERS.main)).toEqual({ status: 401, code: "refresh_invalid" });

  // The admin page draws the phone's gap: one request got through, denylist off.
  const gap = card.locator(`[data-testid="exposure-window"][data-family="${phoneClaims.fid}"]`);
  await expect(gap).toHaveAttribute("data-requests", "1", { timeout: 15_000 });
  await expect(gap).toHaveAttribute("data-denylist", "false");
  await expect(gap).toContainText(devicesEn.reasons.forced_logout);
  await expect(gap.getByTestId("exposure-sentence")).toContainText("1 request got through.");

  // The target's own log says who did it; the admin's log says what they did.
  const events = await phone.request.get("/api/me/events", { maxRetries: 1 });
  const list = ((await events.json()) as { events: Array<{ type: string; detail: { by?: string } }> }).events;
  expect(list.filter((e) => e.type === "forced_logout")).toHaveLength(2);
  expect(list.find((e) => e.type === "forced_logout")?.detail.by).toEqual(expect.any(String));
  const adminEvents = await page.request.get("/api/me/events", { maxRetries: 1 });
  const adminList = ((await adminEvents.json()) as { events: Array<{ type: string; detail: { revoked?: number } }> }).events;
  expect(adminList.find((e) => e.type === "admin_forced_logout")?.detail.revoked).toBe(2);
  await laptop.close();
  await phone.close();
});

test("end one login: only that device is logged out", async ({ page, login, newUser, browser }) => {
  const target = await newUser({ username: uniqueUsername("a0") });
  const first = await device(browser, SERVERS.main, target, "session");
  const second = await device(browser, SERVERS.main, target, "session");
  const firstId = await loginIdOf(first);

  await login({ user: ADMIN });
  await page.goto("/admin");
  const card = userCard(page, target.username);
  const row = card.locator(`[data-testid="admin-login"][data-login-id="${firstId}"]`);
  await expect(row).toHaveAttribute("data-mode", "session");
  await row.getByRole("button", { name: /^End login/ }).click();
  await expect(page.getByTestId("admin-status")).toHaveText(`Login of ${target.username} ended.`);
  await expect(card.getByTestId("admin-login")).toHaveCount(1);
  await expect(row).toHaveCount(0);

  expect(await me(first)).toEqual({ status: 401, code: "session_revoked" });
  expect(await me(second)).toEqual({ status: 200, code: null });
  // The admin's own login is marked, and cannot be ended from here.
  const mine = userCard(page, "admin").locator('[data-testid="admin-login"]').filter({ hasText: devicesEn.admin.thisBrowser });
  await expect(mine.getByTestId("end-login")).toBeDisabled();
  await first.close();
  await second.close();
});

test.describe("on the JWT_DENYLIST=on server", () => {
  test.use({ baseURL: SERVERS.denylist });

  test("force logout ends a JWT login at once: its access token is refused on the next request", async ({
    page,
    login,
    newUser,
    browser,
  }) => {
    const target = await newUser({ username: uniqueUsername("a0") });
    const phone = await device(browser, SERVERS.denylist, target, "jwt");
    expect((await me(phone)).status).toBe(200);

    await login({ user: ADMIN });
    await page.goto("/admin");
    const card = userCard(page, target.username);
    await card.getByTestId("force-logout").click();
    await expect(page.getByTestId("admin-status")).toHaveText(new RegExp(`^Ended 1 login of ${target.username}\\.`));

    expect(await me(phone)).toEqual({ status: 401, code: "token_revoked" });
    const gap = card.getByTestId("exposure-window");
    await expect(gap).toHaveAttribute("data-denylist", "true");
    await expect(gap).toHaveAttribute("data-requests", "0");
    await phone.close();
  });
});
