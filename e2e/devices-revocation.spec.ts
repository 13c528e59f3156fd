import type { Browser, BrowserContext, Page } from "@playwright/test";
import type { AuthTrace, ModeName } from "../lib/auth/types";
import { devicesEn } from "../lib/i18n/devices.en";
import { accessClaims, curl, expect, SERVERS, type TestUser, test } from "./fixtures";

// Issue 3, "devices" and "the revocation gap": two browser contexts are two devices of
// one account. Device A ends device B's login from the devices list; a session login is
// refused on its very next request, a JWT login keeps its access token until exp (and
// only until then), and with JWT_DENYLIST=on it is refused at once.

// Several browsers, servers and page loads share a 2-core machine with other suites.
test.slow(true, "multi-context flows on a shared machine");

const FIREFOX_ON_WINDOWS = "Mozilla/5.0 (Windows NT 10.0; Win64; x64; rv:128.0) Gecko/20100101 Firefox/128.0";
const SAFARI_ON_IOS =
  "Mozilla/5.0 (iPhone; CPU iPhone OS 17_5 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.5 Mobile/15E148 Safari/604.1";

/** Another browser (its own cookie jar) logged in as `user` through the API. */
async function otherDevice(browser: Browser, baseURL: string, user: TestUser, mode: ModeName, userAgent: string): Promise<BrowserContext> {
  const context = await browser.newContext({ baseURL, userAgent });
  const res = await context.request.post("/api/auth/login", {
    data: { username: user.username, password: user.password, mode },
    maxRetries: 1,
  });
  expect(res.status(), await res.text()).toBe(200);
  return context;
}

interface MeCall {
  status: number;
  code: string | null;
  trace: AuthTrace;
}

/** GET /api/me from that device, exactly once (no transparent refresh). */
async function callMe(context: BrowserContext): Promise<MeCall> {
  const res = await context.request.get("/api/me", { failOnStatusCode: false, maxRetries: 1 });
  const body = (await res.json()) as { error?: { code: string }; trace: AuthTrace };
  return { status: res.status(), code: body.error?.code ?? null, trace: body.trace };
}

/**
 * POST /api/auth/refresh with a copy of the device's cookies: a refused refresh clears
 * the cookies it was sent, and the device must keep its access token for what follows.
 */
async function tryRefresh(context: BrowserContext, baseURL: string): Promise<{ status: number; code: string | null }> {
  const res = await curl(baseURL, "POST", "/api/auth/refresh", { cookie: await context.cookies() });
  return { status: res.status, code: (res.body as { error?: { code: string } } | null)?.error?.code ?? null };
}

const loginRows = (page: Page) => page.getByTestId("devices-panel").getByTestId("login-row");

/** The row of the one login that is not this browser's. */
function otherRow(page: Page, mode: ModeName) {
  return page.locator(`[data-testid="login-row"][data-current="false"][data-mode="${mode}"]`);
}

test("session: device A ends device B's login and B is refused on its very next request", async ({ page, login, browser, baseURL }) => {
  const user = await login({ mode: "session" });
  const b = await otherDevice(browser, baseURL ?? SERVERS.main, user, "session", FIREFOX_ON_WINDOWS);
  expect((await callMe(b)).status).toBe(200);

  await page.goto("/dashboard");
  await expect(loginRows(page)).toHaveCount(2);
  const mine = page.locator('[data-testid="login-row"][data-current="true"]');
  await expect(mine.getByTestId("this-device")).toHaveText(devicesEn.devices.thisDevice);
  await expect(mine).toHaveAttribute("data-mode", "session");
  const theirs = otherRow(page, "session");
  await expect(theirs).toContainText("Firefox on Windows");
  await expect(theirs.getByTestId("this-device")).toHaveCount(0);

  await theirs.getByRole("button", { name: /^End this login \(Session login, Firefox on Windows\)$/ }).click();
  await expect(page.getByTestId("devices-status")).toHaveText(devicesEn.devices.revokedSession);
  await expect(loginRows(page)).toHaveCount(1);

  const next = await callMe(b);
  expect(next.status).toBe(401);
  expect(next.code).toBe("session_revoked");
  expect(next.trace.failure).toBe("session_revoked");
  // A page, too: straight to the login page, saying why.
  const bPage = await b.newPage();
  await bPage.goto("/dashboard");
  await expect(bPage).toHaveURL(/\/login\?next=%2Fdashboard&reason=session_revoked$/);

  // A itself is untouched, and the event is in its log.
  expect((await callMe(page.context())).status).toBe(200);
  await expect(page.locator('[data-testid="event-row"][data-type="session_revoked"]')).toHaveCount(1);
  // No JWT login was ended, so there is no gap to show.
  await expect(page.getByTestId("gap-panel")).toContainText(devicesEn.gap.none);
  await b.close();
});

test("JWT: after the revoke the access token is still accepted (the gap), the refresh token is not", async ({
  page,
  login,
  browser,
  baseURL,
}) => {
  const user = await login({ mode: "session" });
  const b = await otherDevice(browser, baseURL ?? SERVERS.main, user, "jwt", SAFARI_ON_IOS);
  const claims = await accessClaims(b);

  await page.goto("/dashboard");
  const theirs = otherRow(page, "jwt");
  await expect(theirs).toHaveAttribute("data-login-id", `j_${claims.fid}`);
  await expect(theirs).toContainText("Safari on iOS");
  await theirs.getByRole("button", { name: /^End this login/ }).click();
  await expect(page.getByTestId("devices-status")).toHaveText(devicesEn.devices.revokedJwt);
  await expect(loginRows(page)).toHaveCount(1);

  // The signature is all the server checks: two more requests get through.
  for (let i = 0; i < 2; i++) {
    const call = await callMe(b);
    expect(call.status).toBe(200);
    expect(call.trace.dbQueries).toBe(0);
    expect(call.trace.steps.map((s) => s.detail?.code)).toContain("gap_accepted");
  }
  // But the login cannot be renewed.
  expect(await tryRefresh(b, baseURL ?? SERVERS.main)).toEqual({ status: 401, code: "refresh_invalid" });

  // A's dashboard draws the gap: revoked at T, accepted until the token's exp, 2 ticks.
  const gap = page.locator(`[data-testid="exposure-window"][data-family="${claims.fid}"]`);
  await expect(gap).toHaveAttribute("data-requests", "2", { timeout: 15_000 });
  await expect(gap).toHaveAttribute("data-denylist", "false");
  await expect(gap).toHaveAttribute("data-state", "open");
  await expect(gap.getByTestId("exposure-tick")).toHaveCount(2);
  await expect(gap.getByTestId("exposure-sentence")).toHaveText(
    /^Revoked \d\d:\d\d:\d\d; access token accepted until \d\d:\d\d:\d\d: \d+ s of exposure; 2 requests got through\.$/,
  );
  await expect(gap).toContainText("ended from the devices list");
  await expect(gap).toContainText("JWT_DENYLIST=off");
  await expect(page.getByTestId("gap-panel")).toContainText(devicesEn.gap.denylistOff);

  // The window ends exactly when the access token does.
  const listed = await page.request.get("/api/auth/sessions", { maxRetries: 1 });
  const { exposures } = (await listed.json()) as {
    exposures: Array<{ familyId: string; until: number; revokedAt: number; exposureSeconds: number }>;
  };
  const w = exposures.find((e) => e.familyId === claims.fid);
  expect(Math.abs((w?.until ?? 0) - claims.exp * 1000)).toBeLessThan(1000);
  expect(w?.exposureSeconds).toBe(Math.round(((w?.until ?? 0) - (w?.revokedAt ?? 0)) / 1000));

  // On B's own dashboard (still accepted), the gap is stated from the inside.
  const bPage = await b.newPage();
  await bPage.goto("/dashboard");
  await expect(bPage.getByTestId("gap-here")).toContainText("This browser's JWT login was ended at");
  await b.close();
});

test.describe("on the ACCESS_TOKEN_TTL=4 server", () => {
  test.use({ baseURL: SERVERS.shortTtl });

  test("JWT: the revoked device keeps working only until its access token expires, then it is bounced", async ({
    page,
    login,
    browser,
  }) => {
    const user = await login({ mode: "session" });
    const b = await otherDevice(browser, SERVERS.shortTtl, user, "jwt", FIREFOX_ON_WINDOWS);
    await page.goto("/dashboard");
    const theirs = otherRow(page, "jwt");
    await expect(theirs).toHaveCount(1);

    // A fresh 4-second token, then the revoke.
    expect((await b.request.post("/api/auth/refresh", { maxRetries: 1 })).status()).toBe(200);
    const claims = await accessClaims(b);
    await theirs.getByRole("button", { name: /^End this login/ }).click();
    await expect(page.getByTestId("devices-status")).toHaveText(devicesEn.devices.revokedJwt);

    // B keeps calling. Every call is accepted until the token's exp, and the first one
    // refused says "expired", not "revoked": the signature alone decided, as before the revoke.
    // (How many get through depends on this machine's speed; the timeline must list exactly those.)
    let accepted = 0;
    const refusals: Array<string | null> = [];
    await expect
      .poll(
        async () => {
          const call = await callMe(b);
          if (call.status === 200) {
            accepted += 1;
            // Every accepted call's trace must say it got through a revoked login.
            const noted = call.trace.steps.some((s) => s.detail?.code === "gap_accepted");
            if (!noted) refusals.push("accepted without the gap note");
            return "accepted";
          }
          refusals.push(call.code);
          return call.code;
        },
        { intervals: [250], timeout: 20_000 },
      )
      .toBe("token_expired");
    expect(refusals).toEqual(["token_expired"]);
    expect(Date.now()).toBeGreaterThanOrEqual(claims.exp * 1000);
    // Nothing can renew it: the page goes to the login page, saying why.
    expect(await tryRefresh(b, SERVERS.shortTtl)).toEqual({ status: 401, code: "refresh_invalid" });
    const bPage = await b.newPage();
    await bPage.goto("/dashboard");
    await expect(bPage).toHaveURL(/\/login\?next=%2Fdashboard&reason=refresh_invalid$/);

    // A's timeline lists exactly the requests that got through, and the window is closed.
    const gap = page.locator(`[data-testid="exposure-window"][data-family="${claims.fid}"]`);
    await expect(gap).toHaveAttribute("data-requests", String(accepted), { timeout: 15_000 });
    await expect(gap.getByTestId("exposure-tick")).toHaveCount(accepted);
    await expect(gap).toHaveAttribute("data-state", "closed");
    await b.close();
  });
});

test.describe("on the JWT_DENYLIST=on server", () => {
  test.use({ baseURL: SERVERS.denylist });

  test("JWT: the denylist refuses the revoked token on its very next request, and every JWT request pays a lookup", async ({
    page,
    login,
    browser,
  }) => {
    const user = await login({ mode: "jwt" });
    const b = await otherDevice(browser, SERVERS.denylist, user, "jwt", SAFARI_ON_IOS);
    const claims = await accessClaims(b);

    // Before any revoke: the lookup runs anyway (one query), and finds nothing.
    const before = await callMe(b);
    expect(before.status).toBe(200);
    const lookup = before.trace.steps.find((s) => s.id === "denylist_lookup");
    expect(lookup).toMatchObject({ ok: true, dbQueries: 1 });
    expect(before.trace.dbQueries).toBe(1);

    await page.goto("/dashboard");
    await expect(page.locator('[data-testid="login-row"][data-current="true"]')).toHaveAttribute("data-mode", "jwt");
    await otherRow(page, "jwt")
      .getByRole("button", { name: /^End this login/ })
      .click();
    await expect(page.getByTestId("devices-status")).toHaveText(devicesEn.devices.revokedJwt);

    const next = await callMe(b);
    expect(next).toMatchObject({ status: 401, code: "token_revoked" });
    expect(next.trace.failure).toBe("token_revoked");
    expect(next.trace.steps.find((s) => s.id === "denylist_lookup")).toMatchObject({ ok: false, dbQueries: 1 });
    expect(await tryRefresh(b, SERVERS.denylist)).toEqual({ status: 401, code: "refresh_invalid" });

    // A (JWT too) is unaffected, and still pays the lookup.
    const mine = await callMe(page.context());
    expect(mine.status).toBe(200);
    expect(mine.trace.dbQueries).toBe(1);

    const gap = page.locator(`[data-testid="exposure-window"][data-family="${claims.fid}"]`);
    await expect(gap).toHaveAttribute("data-denylist", "true");
    await expect(gap).toHaveAttribute("data-requests", "0");
    await expect(gap).toHaveAttribute("data-state", "denylist");
    await expect(gap.getByTestId("exposure-sentence")).toContainText("the denylist refused its access token from the very next request");
    await expect(gap).toContainText("JWT_DENYLIST=on");
    await expect(page.getByTestId("gap-panel")).toContainText(devicesEn.gap.denylistOn);
    await b.close();
  });
});

test("End all other logins: both modes end, this device stays", async ({ page, login, browser, baseURL }) => {
  const user = await login({ mode: "session" });
  const b = await otherDevice(browser, baseURL ?? SERVERS.main, user, "session", FIREFOX_ON_WINDOWS);
  const c = await otherDevice(browser, baseURL ?? SERVERS.main, user, "jwt", SAFARI_ON_IOS);

  await page.goto("/dashboard");
  await expect(loginRows(page)).toHaveCount(3);
  await page.getByRole("button", { name: devicesEn.devices.revokeOthers }).click();
  await expect(page.getByTestId("devices-status")).toHaveText("Ended 2 other logins.");
  await expect(loginRows(page)).toHaveCount(1);
  await expect(loginRows(page).first()).toHaveAttribute("data-current", "true");
  await expect(page.getByRole("button", { name: devicesEn.devices.revokeOthers })).toBeDisabled();
  await expect(page.getByTestId("devices-panel")).toContainText(devicesEn.devices.onlyThis);

  expect(await callMe(b)).toMatchObject({ status: 401, code: "session_revoked" });
  expect(await tryRefresh(c, baseURL ?? SERVERS.main)).toEqual({ status: 401, code: "refresh_invalid" });
  expect((await callMe(page.context())).status).toBe(200);
  await b.close();
  await c.close();
});

test("Log out here: ending this device's own login logs this browser out", async ({ page, login }) => {
  await login({ mode: "jwt" });
  await page.goto("/dashboard");
  const mine = page.locator('[data-testid="login-row"][data-current="true"]');
  await expect(mine).toHaveAttribute("data-mode", "jwt");
  await mine.getByRole("button", { name: devicesEn.devices.logoutHere }).click();
  await expect(page).toHaveURL(/\/login$/);
  expect((await callMe(page.context())).code).toBe("no_credentials");
});
