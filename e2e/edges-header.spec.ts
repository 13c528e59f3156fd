import type { Browser, BrowserContext, Page } from "@playwright/test";
import type { ModeName } from "../lib/auth/types";
import { appEn } from "../lib/i18n/app.en";
import { sharedEn } from "../lib/i18n/shared.en";
import { DEMO, expect, SERVERS, type TestUser, test } from "./fixtures";

// Issue 11, edges 3 and 4: the header says who is logged in and follows it without a
// reload; a login ended by another browser is stated at the top of the page.

const signedIn = (username: string) => sharedEn.account.signedInAs.replace("{username}", username);

/** Marks the document; the mark survives client navigation and dies with a reload. */
async function markDocument(page: Page): Promise<void> {
  await page.evaluate(() => {
    (window as unknown as { __noReload: boolean }).__noReload = true;
  });
}
async function expectNoReload(page: Page): Promise<void> {
  expect(await page.evaluate(() => (window as unknown as { __noReload?: boolean }).__noReload)).toBe(true);
}

async function otherBrowser(browser: Browser, user: TestUser, mode: ModeName): Promise<BrowserContext> {
  const context = await browser.newContext({ baseURL: SERVERS.main });
  const res = await context.request.post("/api/auth/login", { data: { username: user.username, password: user.password, mode } });
  expect(res.status(), await res.text()).toBe(200);
  return context;
}

test("edge 3: the header follows login, mode switch and logout without a reload", async ({ page, newUser }) => {
  const user = await newUser();
  await page.goto("/login");
  const account = page.getByTestId("header-account");
  await expect(account).toHaveAttribute("data-state", "anonymous");
  await markDocument(page);

  await page.getByLabel(appEn.login.username).fill(user.username);
  await page.getByLabel(appEn.login.password, { exact: true }).fill(user.password);
  await page.getByRole("button", { name: appEn.login.submit, exact: true }).click();
  await expect(page).toHaveURL(/\/dashboard$/);
  await expect(page.getByTestId("header-user")).toHaveText(signedIn(user.username));
  await expect(page.getByTestId("nav-admin")).toHaveCount(0);
  const mode = await page.getByTestId("header-mode").getAttribute("data-mode");
  await expect(page.getByTestId("mode-badge")).toHaveAttribute("data-mode", mode ?? "");

  await page.getByTestId("switch-mode").click();
  const other = mode === "session" ? "jwt" : "session";
  await expect(page.getByTestId("header-mode")).toHaveAttribute("data-mode", other);

  await page.getByTestId("header-logout").click();
  await expect(page).toHaveURL(/\/login/);
  await expect(account).toHaveAttribute("data-state", "anonymous");
  await expectNoReload(page);
  // The login is really over on the server.
  expect((await page.request.get("/api/me", { failOnStatusCode: false })).status()).toBe(401);
});

test("edge 3: an admin gets the Admin link as soon as they log in", async ({ page }) => {
  await page.goto("/login");
  await markDocument(page);
  await page.getByLabel(appEn.login.username).fill(DEMO.admin.username);
  await page.getByLabel(appEn.login.password, { exact: true }).fill(DEMO.admin.password);
  await page.getByRole("button", { name: appEn.login.submit, exact: true }).click();
  await expect(page.getByTestId("nav-admin")).toBeVisible();
  await expect(page.getByTestId("header-user")).toHaveText(signedIn(DEMO.admin.username));
  await expectNoReload(page);
});

for (const mode of ["session", "jwt"] as const) {
  test(`edge 4 (${mode}): a login ended by another browser is stated at the top of the page`, async ({ page, login, browser }) => {
    await page.setViewportSize({ width: 390, height: 844 });
    const user = await login({ mode });
    await page.goto("/dashboard");
    await expect(page.getByTestId("whoami")).toHaveText(appEn.dashboard.whoami.replace("{username}", user.username));
    await expect(page.getByTestId("check-counters")).toBeVisible();
    await expect(page.getByTestId("login-ended")).toHaveCount(0);

    const other = await otherBrowser(browser, user, "session");
    const res = await other.request.post("/api/auth/sessions/revoke-others");
    expect(res.status(), await res.text()).toBe(200);
    await other.close();

    // The next poll (every 5 s) learns it.
    const notice = page.getByTestId("login-ended");
    await expect(notice).toBeVisible({ timeout: 15_000 });
    await expect(notice).toContainText(sharedEn.ended.heading);
    await expect(notice.getByTestId(mode === "jwt" ? "gap-here" : "signed-out")).toBeVisible();
    // At the top: above the page's own heading, on the first screen of a phone.
    await page.evaluate(() => window.scrollTo(0, 0));
    const n = await notice.boundingBox();
    const h1 = await page.getByRole("heading", { level: 1 }).boundingBox();
    if (!n || !h1) throw new Error("no box");
    expect(n.y).toBeLessThan(h1.y);
    expect(n.y).toBeLessThan(844);
    await expect(page.getByTestId("whoami")).toHaveText(sharedEn.ended.whoami.replace("{username}", user.username));
    await expect(page.getByTestId("header-account")).toHaveAttribute("data-state", "ended");
    await expect(page.getByTestId("header-ended")).toBeVisible();
  });
}
