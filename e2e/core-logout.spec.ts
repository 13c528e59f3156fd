import { COOKIES, type CurlResult, curl, expect, expectApiError, requireCookie, SERVERS, test } from "./fixtures";

// Issue 2, step 5: logging out clears the cookies and revokes the server state; the
// dashboard then sends the browser to /login, and a copy of the old cookie replayed
// with curl gets 401.

test("session mode: log out, /dashboard redirects to /login, the copied cookie gets 401", async ({ page, context, login }) => {
  await login({ mode: "session" });
  await page.goto("/dashboard");
  const copy = await requireCookie(context, COOKIES.session);
  expect((await curl(SERVERS.main, "GET", "/api/me", { cookie: [copy] })).status).toBe(200);

  await page.getByTestId("logout").click();
  await expect(page).toHaveURL(/\/login$/);
  await expect.poll(async () => (await context.cookies()).map((c) => c.name).sort()).toEqual([COOKIES.device, COOKIES.prefMode]);

  await page.goto("/dashboard");
  await expect(page).toHaveURL(/\/login\?next=%2Fdashboard$/);

  const replay = await curl(SERVERS.main, "GET", "/api/me", { cookie: [copy] });
  expectApiError(replay, 401, "session_revoked");
  // The page itself refuses the copy too: straight to /login, saying why.
  const pageReplay = await curl(SERVERS.main, "GET", "/dashboard", { cookie: [copy], headers: { accept: "text/html" } });
  expect(pageReplay.status).toBe(307);
  expect(pageReplay.headers.location).toBe("/login?next=%2Fdashboard&reason=session_revoked");
});

test("JWT mode: log out, /dashboard redirects to /login, the copied refresh cookie gets 401", async ({ page, context, login }) => {
  await login({ mode: "jwt" });
  await page.goto("/dashboard");
  const refresh = await requireCookie(context, COOKIES.refresh);
  const access = await requireCookie(context, COOKIES.access);

  await page.getByTestId("logout").click();
  await expect(page).toHaveURL(/\/login$/);
  await expect.poll(async () => (await context.cookies()).map((c) => c.name).sort()).toEqual([COOKIES.device, COOKIES.prefMode]);
  await page.goto("/dashboard");
  await expect(page).toHaveURL(/\/login\?next=%2Fdashboard$/);

  const replay = await curl(SERVERS.main, "POST", "/api/auth/refresh", { cookie: [refresh] });
  expectApiError(replay, 401, "refresh_invalid");
  expect(clearedCookies(replay)).toEqual([COOKIES.access, COOKIES.refresh]);
  // With both copies, the page cannot be refreshed into either: the access token is
  // still signed (the gap), but nothing can mint a new one.
  const both = await curl(SERVERS.main, "GET", "/api/auth/refresh?next=/dashboard", { cookie: [access, refresh] });
  expect(both.status).toBe(303);
  expect(both.headers.location).toBe("/login?next=%2Fdashboard&reason=refresh_invalid");
});

test.describe("on the JWT_DENYLIST=on server", () => {
  test.use({ baseURL: SERVERS.denylist });

  test("JWT mode: after logout the copied access cookie gets 401 too", async ({ page, context, login }) => {
    await login({ mode: "jwt" });
    const access = await requireCookie(context, COOKIES.access);
    expect((await curl(SERVERS.denylist, "GET", "/api/me", { cookie: [access] })).status).toBe(200);

    const out = await page.request.post("/api/auth/logout");
    expect(out.status()).toBe(200);
    const replay = await curl(SERVERS.denylist, "GET", "/api/me", { cookie: [access] });
    expectApiError(replay, 401, "token_revoked");
  });
});

test("logout without a login is a harmless 200", async () => {
  const res = await curl(SERVERS.main, "POST", "/api/auth/logout");
  expect(res.status).toBe(200);
  expect(res.body).toEqual({ ok: true });
  expect(res.setCookies).toEqual([]);
});

function clearedCookies(res: CurlResult): string[] {
  return res.setCookies
    .filter((line) => /^[^=]+=;/.test(line) || /max-age=0/i.test(line))
    .map((line) => line.split("=")[0] ?? "")
    .sort();
}
