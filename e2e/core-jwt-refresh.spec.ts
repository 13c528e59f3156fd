import { createHash } from "node:crypto";
import {
  accessClaims,
  apiPanel,
  COOKIES,
  curl,
  en,
  eventTypes,
  expect,
  expectApiError,
  inspectFresh,
  navigations,
  pauseDashboardPolling,
  recordRequests,
  requireCookie,
  SERVERS,
  SHORT_TTL,
  test,
  waitForAccessExpiry,
  waitUntilTime,
} from "./fixtures";

// Issue 2, step 6, on the short-lived server (4 s access token, 2 s reuse grace):
// past expiry, pages and API calls refresh transparently; every refresh rotates the
// refresh token; a replayed old refresh token revokes the whole family; two tabs
// refreshing together stay logged in.

const sha256 = (value: string) => createHash("sha256").update(value).digest("hex");

test.use({ baseURL: SERVERS.shortTtl });

test("an API call after expiry refreshes transparently: 200, a new access token, a rotated refresh row", async ({
  page,
  context,
  login,
}) => {
  await pauseDashboardPolling(page);
  const seen = recordRequests(page);
  await login({ mode: "jwt" });
  await page.goto("/dashboard");
  // Once the rows are painted the page is idle (on a slow machine its first load may
  // already have needed a refresh: only what happens from here on is counted).
  const rows = page.getByTestId("column-jwt").getByTestId("refresh-row");
  await expect(rows.first()).toBeVisible();
  const before = await rows.count();
  const oldRefresh = await requireCookie(context, COOKIES.refresh);

  const old = await waitForAccessExpiry(context);
  await expect(page.getByTestId("jwt-countdown")).toHaveText(en.dashboard.expired);

  const mark = seen.length;
  await page.getByTestId("call-api").click();
  await expect(apiPanel(page).getByTestId("api-status")).toHaveText("200");
  await expect(apiPanel(page).getByText(en.dashboard.apiRefreshed)).toBeVisible();
  // The first try met the expired token, the refresh rotated it, the retry passed.
  // (On a badly overloaded machine the reload after the action may refresh once more.)
  const calls = seen
    .slice(mark)
    .filter((r) => r.path === "/api/me" || r.path === "/api/auth/refresh")
    .map((r) => `${r.method} ${r.path}`);
  expect(calls.slice(0, 3)).toEqual(["GET /api/me", "POST /api/auth/refresh", "GET /api/me"]);

  const fresh = await accessClaims(context);
  expect(fresh.jti).not.toBe(old.jti);
  expect(fresh.fid).toBe(old.fid);
  expect(fresh.exp).toBeGreaterThan(old.exp);
  expect((await requireCookie(context, COOKIES.refresh)).value).not.toBe(oldRefresh.value);

  // The dashboard shows the chain: the old row used, a new current one, and the
  // current row is the token this browser holds.
  await expect.poll(() => rows.count()).toBeGreaterThan(before);
  // The first cell holds the row's own hash (the last one its parent's).
  const rowOf = (token: string) => rows.filter({ has: page.locator(`td:first-child [title="${sha256(token)}"]`) });
  await expect(rowOf(oldRefresh.value)).toHaveAttribute("data-current", "false");
  await expect(rowOf(oldRefresh.value)).not.toContainText(en.dashboard.notUsed);
  await expect(rows.and(page.locator('[data-current="true"]'))).toHaveCount(1);
  const held = await requireCookie(context, COOKIES.refresh);
  await expect(rowOf(held.value)).toHaveAttribute("data-current", "true");
  await expect(rowOf(held.value)).toContainText(en.dashboard.notUsed);
  expect(navigations(seen).filter((p) => p.startsWith("/login"))).toEqual([]);
});

test("a page load after expiry refreshes transparently: still on the dashboard, never on /login", async ({ page, context, login }) => {
  const seen = recordRequests(page);
  const user = await login({ mode: "jwt" });
  const oldRefresh = await requireCookie(context, COOKIES.refresh);
  const old = await waitForAccessExpiry(context);

  const res = await page.goto("/dashboard");
  expect(res?.status()).toBe(200);
  await expect(page).toHaveURL(/\/dashboard$/);
  await expect(page.getByTestId("whoami")).toHaveText(`Logged in as ${user.username}`);
  // The page went round by the refresh endpoint (the only path the refresh cookie reaches).
  expect(navigations(seen).slice(0, 3)).toEqual(["/dashboard", "/api/auth/refresh?next=%2Fdashboard", "/dashboard"]);
  expect(navigations(seen).filter((p) => p.startsWith("/login"))).toEqual([]);

  expect((await accessClaims(context)).jti).not.toBe(old.jti);
  expect((await requireCookie(context, COOKIES.refresh)).value).not.toBe(oldRefresh.value);
  const data = await inspectFresh(page);
  const tokens = data.server.kind === "jwt" ? data.server.refreshTokens : [];
  expect(tokens.length).toBeGreaterThanOrEqual(2);
  expect(tokens.filter((t) => t.current)).toHaveLength(1);
  expect(tokens.filter((t) => t.revokedAt !== null)).toEqual([]);
  expect(tokens.find((t) => t.tokenHash === sha256(oldRefresh.value))?.usedAt).toEqual(expect.any(Number));
});

test("two tabs refreshing at the same moment both succeed and stay logged in", async ({ context, login, page }) => {
  await login({ mode: "jwt" });
  const other = await context.newPage();
  await Promise.all([page.goto("/"), other.goto("/")]);
  const refresh = () => fetch("/api/auth/refresh", { method: "POST" }).then(async (r) => ({ status: r.status, body: await r.json() }));
  const [a, b] = await Promise.all([page.evaluate(refresh), other.evaluate(refresh)]);
  expect(a.status).toBe(200);
  expect(b.status).toBe(200);
  expect(a.body.ok && b.body.ok).toBe(true);

  // One family, one current token, and it is the one the browser holds.
  const data = await inspectFresh(page);
  const tokens = data.server.kind === "jwt" ? data.server.refreshTokens : [];
  expect(tokens.filter((t) => t.revokedAt !== null)).toEqual([]);
  const current = tokens.filter((t) => t.current);
  expect(current).toHaveLength(1);
  expect(current[0]?.tokenHash).toBe(sha256((await requireCookie(context, COOKIES.refresh)).value));
  expect(await eventTypes(page)).not.toContain("reuse_detected");

  // Both tabs are still logged in, and the chain carries on.
  for (const tab of [page, other]) {
    expect(await tab.evaluate(() => fetch("/api/me").then((r) => r.status))).toBe(200);
  }
  expect(await other.evaluate(refresh)).toMatchObject({ status: 200, body: { rotated: true } });
});

test("replaying a rotated refresh token after the grace window revokes the family", async ({ page, context, login }) => {
  await pauseDashboardPolling(page);
  const user = await login({ mode: "jwt" });
  await page.goto("/dashboard");
  await expect(page.getByTestId("column-jwt").getByTestId("refresh-row").first()).toBeVisible();
  const copy = await requireCookie(context, COOKIES.refresh);

  await page.getByTestId("refresh-now").click();
  await expect(page.getByTestId("action-status")).toHaveText(en.dashboard.refreshed);
  const data = await inspectFresh(page);
  const usedAt = (data.server.kind === "jwt" ? data.server.refreshTokens : []).find((t) => t.tokenHash === sha256(copy.value))?.usedAt;
  expect(usedAt).toEqual(expect.any(Number));
  await waitUntilTime((usedAt ?? 0) + SHORT_TTL.refreshReuseGrace * 1000 + 100);

  // Someone replays the copy from elsewhere: the server sees reuse and ends the login.
  const replay = await curl(SERVERS.shortTtl, "POST", "/api/auth/refresh", { cookie: [copy] });
  expectApiError(replay, 401, "refresh_reused");

  // The real browser is logged out on its next refresh, and told why.
  await page.getByTestId("refresh-now").click();
  await expect(page.getByTestId("action-status")).toHaveText(`401: ${en.errors.refresh_reused}`);
  await expect.poll(async () => (await context.cookies()).map((c) => c.name).sort()).toEqual([COOKIES.device, COOKIES.prefMode]);
  await page.goto("/dashboard");
  await expect(page).toHaveURL(/\/login\?next=%2Fdashboard$/);

  // The account's log has the reuse (read after logging in again).
  await login({ mode: "jwt", user });
  const events = await eventTypes(page);
  expect(events).toContain("reuse_detected");
});
