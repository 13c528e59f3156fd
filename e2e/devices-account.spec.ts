import type { Browser, BrowserContext, Page } from "@playwright/test";
import type { ModeName } from "../lib/auth/types";
import { devicesEn } from "../lib/i18n/devices.en";
import { curl, en, expect, expectApiError, SERVERS, type TestUser, test } from "./fixtures";

// Issue 3, the account's own controls: the concurrent-login policy (single-evict,
// single-reject) and the password change, set from the dashboard, with a second browser
// context as the other device. Every such event lands in the user's own event list.

// Several browsers, servers and page loads share a 2-core machine with other suites.
test.slow(true, "multi-context flows on a shared machine");

async function otherDevice(browser: Browser, baseURL: string, user: TestUser, mode: ModeName): Promise<BrowserContext> {
  const context = await browser.newContext({ baseURL });
  const res = await context.request.post("/api/auth/login", {
    data: { username: user.username, password: user.password, mode },
    maxRetries: 1,
  });
  expect(res.status(), await res.text()).toBe(200);
  return context;
}

async function meStatus(context: BrowserContext): Promise<{ status: number; code: string | null }> {
  const res = await context.request.get("/api/me", { failOnStatusCode: false, maxRetries: 1 });
  const body = (await res.json()) as { error?: { code: string } };
  return { status: res.status(), code: body.error?.code ?? null };
}

/** With a copy of the cookies: a refused refresh clears them, and the device keeps its access token. */
async function refreshStatus(context: BrowserContext, baseURL: string): Promise<{ status: number; code: string | null }> {
  const res = await curl(baseURL, "POST", "/api/auth/refresh", { cookie: await context.cookies() });
  return { status: res.status, code: (res.body as { error?: { code: string } } | null)?.error?.code ?? null };
}

/** Sets the policy through the dashboard's form, with the password it now asks for. */
async function savePolicy(page: Page, label: string, password: string): Promise<void> {
  const form = page.getByTestId("policy-form");
  await form.getByRole("radio", { name: label }).check();
  await form.getByLabel(devicesEn.policy.currentPassword).fill(password);
  await form.getByRole("button", { name: devicesEn.policy.save }).click();
  await expect(page.getByTestId("policy-status")).toHaveText(`Saved: ${label}.`);
}

/** Logs in through the real form in another browser context (its page stays on /login). */
async function formLogin(browser: Browser, baseURL: string, user: TestUser): Promise<{ context: BrowserContext; page: Page }> {
  const context = await browser.newContext({ baseURL });
  const page = await context.newPage();
  await page.goto("/login");
  await page.getByLabel(en.login.username).fill(user.username);
  await page.getByLabel(en.login.password).fill(user.password);
  await page.getByRole("button", { name: en.login.submit, exact: true }).click();
  return { context, page };
}

async function policyOf(context: BrowserContext): Promise<string> {
  const res = await context.request.get("/api/auth/inspect", { maxRetries: 1 });
  expect(res.status()).toBe(200);
  return ((await res.json()) as { user: { concurrentLogins: string } }).user.concurrentLogins;
}

test("single-evict, set from the dashboard: a new login elsewhere ends this one (session at once, JWT at exp)", async ({
  page,
  login,
  browser,
  baseURL,
}) => {
  const base = baseURL ?? SERVERS.main;
  const user = await login({ mode: "session" });
  const jwtDevice = await otherDevice(browser, base, user, "jwt");

  await page.goto("/dashboard");
  const form = page.getByTestId("policy-form");
  await expect(form.getByRole("radio", { name: devicesEn.policy.many })).toBeChecked();
  await form.getByRole("radio", { name: devicesEn.policy.singleEvict }).check();
  await form.getByLabel(devicesEn.policy.currentPassword).fill(user.password);
  await form.getByRole("button", { name: devicesEn.policy.save }).click();
  await expect(page.getByTestId("policy-status")).toHaveText(`Saved: ${devicesEn.policy.singleEvict}.`);
  expect(await policyOf(page.context())).toBe("single-evict");

  // The newcomer logs in through the real form.
  const newcomer = await browser.newContext({ baseURL: base });
  const newPage = await newcomer.newPage();
  await newPage.goto("/login");
  await newPage.getByLabel(en.login.username).fill(user.username);
  await newPage.getByLabel(en.login.password).fill(user.password);
  await newPage.getByRole("button", { name: en.login.submit }).click();
  await expect(newPage).toHaveURL(/\/dashboard$/);
  await expect(newPage.getByTestId("devices-panel").getByTestId("login-row")).toHaveCount(1);

  // The evicted session is refused on its very next call…
  await page.getByTestId("call-api").click();
  await expect(page.getByTestId("api-status")).toHaveText("401");
  expect(await meStatus(page.context())).toEqual({ status: 401, code: "session_revoked" });
  // …the evicted JWT login keeps its access token (the gap) but cannot refresh.
  expect((await meStatus(jwtDevice)).status).toBe(200);
  expect(await refreshStatus(jwtDevice, base)).toEqual({ status: 401, code: "refresh_invalid" });

  // The newcomer's dashboard: the events, and the JWT eviction's gap.
  await newPage.reload();
  await expect(newPage.locator('[data-testid="event-row"][data-type="evicted"]')).toHaveCount(2);
  await expect(newPage.locator('[data-testid="event-row"][data-type="policy_changed"]')).toContainText(
    `policy: ${devicesEn.policy.singleEvict}`,
  );
  const gap = newPage.getByTestId("exposure-window");
  await expect(gap).toHaveCount(1);
  await expect(gap).toContainText(devicesEn.reasons.evicted);
  await expect(gap).toHaveAttribute("data-requests", "1");
  await jwtDevice.close();
  await newcomer.close();
});

test("single-reject, set from the dashboard: a second login is refused with 409 until the first logs out", async ({
  page,
  login,
  browser,
  baseURL,
}) => {
  const base = baseURL ?? SERVERS.main;
  const user = await login({ mode: "jwt" });
  await page.goto("/dashboard");
  await savePolicy(page, devicesEn.policy.singleReject, user.password);

  // Through the real form: refused, and the form says why.
  const { context: other, page: otherPage } = await formLogin(browser, base, user);
  await expect(otherPage.getByTestId("login-error")).toHaveText(en.errors.already_logged_in);
  await expect(otherPage).toHaveURL(/\/login$/);
  expect((await other.cookies()).map((c) => c.name)).not.toContain("authlab_session");

  // Through the API: the exact status and code, for either mode; the first login is untouched.
  for (const mode of ["session", "jwt"] as const) {
    const res = await curl(base, "POST", "/api/auth/login", { json: { username: user.username, password: user.password, mode } });
    expectApiError(res, 409, "already_logged_in");
  }
  expect((await meStatus(page.context())).status).toBe(200);
  // A wrong password is still just a wrong password: the policy tells a stranger nothing.
  expectApiError(
    await curl(base, "POST", "/api/auth/login", { json: { username: user.username, password: "wrong-password" } }),
    401,
    "invalid_credentials",
  );

  await page.reload();
  await expect(page.locator('[data-testid="event-row"][data-type="login_rejected"]').first()).toContainText(devicesEn.events.activeOne);

  // Once the first login ends, the second may log in.
  await page.getByTestId("logout").click();
  await expect(page).toHaveURL(/\/login$/);
  await otherPage.getByLabel(en.login.password).fill(user.password);
  await otherPage.getByRole("button", { name: en.login.submit, exact: true }).click();
  await expect(otherPage).toHaveURL(/\/dashboard$/);
  await other.close();
});

test("single-reject: the owner's password wins — the login page offers to end the other logins", async ({
  page,
  login,
  browser,
  baseURL,
}) => {
  const base = baseURL ?? SERVERS.main;
  const user = await login({ mode: "jwt" });
  await page.goto("/dashboard");
  const form = page.getByTestId("policy-form");
  await form.getByRole("radio", { name: devicesEn.policy.singleReject }).check();
  // Without the password the form does not even ask the server.
  await form.getByRole("button", { name: devicesEn.policy.save }).click();
  await expect(form.getByText(devicesEn.policy.currentPasswordRequired)).toBeVisible();
  await form.getByLabel(devicesEn.policy.currentPassword).fill(user.password);
  await form.getByRole("button", { name: devicesEn.policy.save }).click();
  await expect(page.getByTestId("policy-status")).toHaveText(`Saved: ${devicesEn.policy.singleReject}.`);

  const { context: owner, page: ownerPage } = await formLogin(browser, base, user);
  const wayOut = ownerPage.getByTestId("login-way-out");
  await expect(wayOut).toContainText(en.login.wayOutBody);
  // The way out takes the password typed again: the field was cleared.
  await expect(ownerPage.getByLabel(en.login.password)).toHaveValue("");
  await ownerPage.getByLabel(en.login.password).fill(user.password);
  await wayOut.getByRole("button", { name: en.login.wayOutSubmit }).click();
  await expect(ownerPage).toHaveURL(/\/dashboard$/);
  await expect(ownerPage.getByTestId("devices-panel").getByTestId("login-row")).toHaveCount(1);
  // The first login lost its refresh family: it can read until exp, never refresh.
  await expect.poll(async () => (await refreshStatus(page.context(), base)).code).toBe("refresh_invalid");
  await owner.close();
});

test("password change: current password required; every other login ends in both modes, this one stays", async ({
  page,
  login,
  browser,
  baseURL,
}) => {
  const base = baseURL ?? SERVERS.main;
  const user = await login({ mode: "session" });
  const sessionDevice = await otherDevice(browser, base, user, "session");
  const jwtDevice = await otherDevice(browser, base, user, "jwt");
  await page.goto("/dashboard");
  await expect(page.getByTestId("devices-panel").getByTestId("login-row")).toHaveCount(3);

  const form = page.getByTestId("password-form");
  const newPassword = `${user.password}-changed`;
  // Wrong current password: a clear 400, nothing ends.
  await form.getByLabel(devicesEn.password.current).fill("not-my-password");
  await form.getByLabel(devicesEn.password.next).fill(newPassword);
  await form.getByRole("button", { name: devicesEn.password.submit }).click();
  await expect(page.getByTestId("password-status")).toHaveText(`400: ${devicesEn.errors.wrong_password}`);
  expect((await meStatus(sessionDevice)).status).toBe(200);
  // Too short a new password never reaches the server.
  await form.getByLabel(devicesEn.password.current).fill(user.password);
  await form.getByLabel(devicesEn.password.next).fill("short");
  await form.getByRole("button", { name: devicesEn.password.submit }).click();
  await expect(form.getByText(devicesEn.password.nextTooShort)).toBeVisible();

  const sessionCookie = async () => (await page.context().cookies()).find((c) => c.name === "authlab_session")?.value;
  const before = await sessionCookie();
  await form.getByLabel(devicesEn.password.next).fill(newPassword);
  await form.getByRole("button", { name: devicesEn.password.submit }).click();
  await expect(page.getByTestId("password-status")).toHaveText("Password changed. Ended 2 other logins.");
  // This browser stays logged in with brand-new credentials (OWASP: renew after a privilege change).
  await expect.poll(sessionCookie).not.toBe(before);
  expect(await curl(base, "GET", "/api/me", { cookie: { authlab_session: before ?? "" } })).toMatchObject({ status: 401 });
  await expect(form.getByLabel(devicesEn.password.current)).toHaveValue("");
  await expect(page.getByTestId("devices-panel").getByTestId("login-row")).toHaveCount(1);

  expect(await meStatus(sessionDevice)).toEqual({ status: 401, code: "session_revoked" });
  expect(await refreshStatus(jwtDevice, base)).toEqual({ status: 401, code: "refresh_invalid" });
  expect((await meStatus(page.context())).status).toBe(200);

  expectApiError(
    await curl(base, "POST", "/api/auth/login", { json: { username: user.username, password: user.password } }),
    401,
    "invalid_credentials",
  );
  expect((await curl(base, "POST", "/api/auth/login", { json: { username: user.username, password: newPassword } })).status).toBe(200);

  await expect(page.locator('[data-testid="event-row"][data-type="password_changed"]')).toContainText("2 logins ended");
  await expect(page.locator('[data-testid="event-row"][data-type="session_revoked"]')).toHaveCount(2);
  const gap = page.getByTestId("exposure-window");
  await expect(gap).toContainText(devicesEn.reasons.password_changed);
  await sessionDevice.close();
  await jwtDevice.close();
});

test("the password API: wrong current password is 400 wrong_password, a bad body is 400 invalid_input", async ({ page, login }) => {
  const user = await login({ mode: "session" });
  const wrong = await page.request.put("/api/me/password", {
    data: { currentPassword: "nope-nope", newPassword: "a-new-password" },
    failOnStatusCode: false,
    maxRetries: 1,
  });
  expect(wrong.status()).toBe(400);
  expect(((await wrong.json()) as { error: { code: string } }).error.code).toBe("wrong_password");
  const short = await page.request.put("/api/me/password", {
    data: { currentPassword: user.password, newPassword: "short" },
    failOnStatusCode: false,
    maxRetries: 1,
  });
  expect(short.status()).toBe(400);
  expect(((await short.json()) as { error: { code: string } }).error.code).toBe("invalid_input");
  const policy = await page.request.put("/api/me/policy", { data: { concurrentLogins: "two" }, failOnStatusCode: false, maxRetries: 1 });
  expect(policy.status()).toBe(400);
  expect(((await policy.json()) as { error: { code: string } }).error.code).toBe("invalid_input");
});
