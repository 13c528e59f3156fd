import { devicesEn } from "../lib/i18n/devices.en";
import {
  curl,
  DEMO,
  expect,
  expectApiError,
  logInViaApi,
  SERVERS,
  signUpViaApi,
  test,
  uniqueUsername,
  waitForAccessExpiry,
} from "./fixtures";

// Issue 3, "admin": every admin page and route answers 401 to a visitor who is not
// logged in and 403 to anyone logged in who is not an admin, in either mode.

// Several browsers, servers and page loads share a 2-core machine with other suites.
test.slow(true, "multi-context flows on a shared machine");

const ADMIN = { id: "", ...DEMO.admin };
const SOME_USER_ID = "00000000-0000-4000-8000-000000000000";
const SOME_LOGIN_ID = "s_00000000-0000-4000-8000-000000000000";

/** The three admin routes, as (method, path). */
const ROUTES: Array<[string, string]> = [
  ["GET", "/api/admin/users"],
  ["POST", `/api/admin/users/${SOME_USER_ID}/force-logout`],
  ["DELETE", `/api/admin/sessions/${SOME_LOGIN_ID}`],
];

test("not logged in: /admin is 401 with a way to log in, and every admin route is 401", async ({ page }) => {
  const res = await page.goto("/admin");
  expect(res?.status()).toBe(401);
  await expect(page.getByRole("heading", { level: 1 })).toHaveText(devicesEn.access.unauthorizedTitle);
  await expect(page.getByTestId("unauthorized").getByRole("link", { name: devicesEn.access.unauthorizedLogin })).toHaveAttribute(
    "href",
    "/login?next=%2Fadmin",
  );
  await expect(page.getByTestId("nav-admin")).toHaveCount(0);
  for (const [method, path] of ROUTES) {
    expectApiError(await curl(SERVERS.main, method, path), 401, "no_credentials");
  }
});

for (const mode of ["session", "jwt"] as const) {
  test(`a non-admin in ${mode} mode: /admin is 403, every admin route is 403, and no Admin link`, async ({ page, login }) => {
    await login({ mode });
    const res = await page.goto("/admin");
    expect(res?.status()).toBe(403);
    await expect(page.getByRole("heading", { level: 1 })).toHaveText(devicesEn.access.forbiddenTitle);
    await expect(page.getByTestId("forbidden")).toContainText(devicesEn.access.forbiddenBody);
    await expect(page.getByTestId("nav-admin")).toHaveCount(0);
    const cookies = await page.context().cookies();
    for (const [method, path] of ROUTES) {
      expectApiError(await curl(SERVERS.main, method, path, { cookie: cookies }), 403, "forbidden");
    }
  });
}

test("a non-admin cannot end another user's login through the user route either (404, nothing ends)", async ({ page, login }) => {
  await login({ mode: "session" });
  const victim = await signUpViaApi(SERVERS.main);
  const victimCookies = await logInViaApi(SERVERS.main, victim, "session");
  const listed = await curl(SERVERS.main, "GET", "/api/auth/sessions", { cookie: victimCookies });
  const victimLogin = (listed.body as { sessions: Array<{ id: string }> }).sessions[0]?.id ?? "";
  expect(victimLogin).toMatch(/^s_/);

  const res = await page.request.delete(`/api/auth/sessions/${victimLogin}`, { failOnStatusCode: false, maxRetries: 1 });
  expect(res.status()).toBe(404);
  expect(((await res.json()) as { error: { code: string } }).error.code).toBe("not_found");
  expect((await curl(SERVERS.main, "GET", "/api/me", { cookie: victimCookies })).status).toBe(200);
});

test("the admin sees the Admin link, and /admin answers 200 with every user", async ({ page, login, newUser }) => {
  // "a0-…" sorts before the crowd of other specs' users: /admin lists users by name.
  const someone = await newUser({ username: uniqueUsername("a0") });
  await login({ user: ADMIN });
  await page.goto("/dashboard");
  await page.getByTestId("nav-admin").click();
  await expect(page).toHaveURL(/\/admin$/);
  await expect(page.getByRole("heading", { level: 1 })).toHaveText(devicesEn.admin.title);
  await expect(page.locator(`[data-testid="admin-user"][data-username="${someone.username}"]`)).toContainText(devicesEn.admin.loginsNone);
  const me = page.locator('[data-testid="admin-user"][data-username="admin"]');
  await expect(me).toContainText(devicesEn.admin.you);
  // An admin cannot lock themself out from here.
  await expect(me.getByTestId("force-logout")).toBeDisabled();

  const direct = await page.request.get("/admin", { maxRetries: 1 });
  expect(direct.status()).toBe(200);
  const api = await page.request.get("/api/admin/users", { maxRetries: 1 });
  expect(api.status()).toBe(200);
  const { users } = (await api.json()) as { users: Array<{ username: string; logins: unknown[]; exposures: unknown[] }> };
  expect(users.find((u) => u.username === someone.username)).toMatchObject({ logins: [], exposures: [] });
  // Never a password hash, in any shape.
  expect(JSON.stringify(users)).not.toMatch(/scrypt|passwordHash|password_hash/);
});

test("admin routes: a malformed id is 400, an unknown one 404", async ({ page, login }) => {
  await login({ user: ADMIN });
  const cases: Array<[string, string, number, string]> = [
    ["POST", "/api/admin/users/not-a-uuid/force-logout", 400, "invalid_id"],
    ["POST", `/api/admin/users/${SOME_USER_ID}/force-logout`, 404, "not_found"],
    ["DELETE", "/api/admin/sessions/x_123", 400, "invalid_id"],
    ["DELETE", `/api/admin/sessions/${SOME_LOGIN_ID}`, 404, "not_found"],
  ];
  for (const [method, path, status, code] of cases) {
    const res = await page.request.fetch(path, { method, failOnStatusCode: false, maxRetries: 1 });
    expect(res.status(), `${method} ${path}`).toBe(status);
    expect(((await res.json()) as { error: { code: string } }).error.code).toBe(code);
  }
});

test.describe("on the ACCESS_TOKEN_TTL=4 server", () => {
  test.use({ baseURL: SERVERS.shortTtl });

  test("an admin in JWT mode whose access token expired is refreshed on the way to /admin, not sent to log in", async ({
    page,
    login,
    context,
  }) => {
    await login({ user: ADMIN, mode: "jwt" });
    await waitForAccessExpiry(context);
    const res = await page.goto("/admin");
    expect(res?.status()).toBe(200);
    await expect(page).toHaveURL(/\/admin$/);
    await expect(page.getByRole("heading", { level: 1 })).toHaveText(devicesEn.admin.title);
  });
});
