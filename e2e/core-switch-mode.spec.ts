import { codesEn } from "../lib/i18n/codes.en";
import {
  COOKIES,
  cookieJar,
  curl,
  en,
  expect,
  expectApiError,
  inspectAs,
  logInViaApi,
  requireCookie,
  SERVERS,
  signUpViaApi,
  test,
} from "./fixtures";

// Issue 2, step 4: switching mode from the dashboard revokes and clears the old mode's
// credentials, issues the new mode's, and saves the preference.

test("session → JWT: the session is revoked server-side, its cookie cleared, JWT cookies issued", async ({ page, context, login }) => {
  await login({ mode: "session" });
  await page.goto("/dashboard");
  const oldSession = await requireCookie(context, COOKIES.session);

  await page.getByTestId("switch-mode").click();
  await expect(page.getByTestId("action-status")).toHaveText(en.dashboard.switched.replace("{mode}", en.dashboard.modeBadgeJwt));
  await expect(page.getByTestId("mode-badge")).toHaveAttribute("data-mode", "jwt");
  await expect(page.getByTestId("column-jwt")).toHaveAttribute("data-active", "true");
  await expect(page.getByTestId("column-session")).toHaveAttribute("data-active", "false");
  await expect(page.getByTestId("column-jwt").getByTestId("refresh-row")).toHaveCount(1);
  // The old session row is still listed, as revoked, with why.
  const sessionRow = page.getByTestId("column-session").getByTestId("session-row");
  await expect(sessionRow).toHaveCount(1);
  await expect(sessionRow).toHaveAttribute("data-state", "revoked");
  await expect(sessionRow).toContainText(codesEn.reasons.mode_switched);

  const jar = await cookieJar(context);
  expect([...jar.keys()].sort()).toEqual([COOKIES.access, COOKIES.device, COOKIES.prefMode, COOKIES.refresh]);
  expect(jar.get(COOKIES.prefMode)?.value).toBe("jwt");

  // A copy of the old cookie is worthless now.
  const replay = await curl(SERVERS.main, "GET", "/api/me", { cookie: [oldSession] });
  expectApiError(replay, 401, "session_revoked");

  const data = await inspectAs(page);
  expect(data.mode).toBe("jwt");
  expect(data.user.preferredMode).toBe("jwt");
});

test("JWT → session: the refresh family is revoked, both JWT cookies cleared, a session issued", async ({ page, context, login }) => {
  await login({ mode: "jwt" });
  await page.goto("/dashboard");
  const oldRefresh = await requireCookie(context, COOKIES.refresh);
  const oldAccess = await requireCookie(context, COOKIES.access);

  await page.getByTestId("switch-mode").click();
  await expect(page.getByTestId("mode-badge")).toHaveAttribute("data-mode", "session");
  await expect(page.getByTestId("column-session")).toHaveAttribute("data-active", "true");
  await expect(page.getByTestId("column-session").getByTestId("session-row")).toHaveAttribute("data-current", "true");
  await expect(page.getByTestId("column-jwt").getByTestId(`cookie-${COOKIES.access}`)).toHaveAttribute("data-present", "false");

  const jar = await cookieJar(context);
  expect([...jar.keys()].sort()).toEqual([COOKIES.device, COOKIES.prefMode, COOKIES.session]);
  expect(jar.get(COOKIES.prefMode)?.value).toBe("session");

  // The refresh token is dead on the server...
  const replay = await curl(SERVERS.main, "POST", "/api/auth/refresh", { cookie: [oldRefresh] });
  expectApiError(replay, 401, "refresh_invalid");
  // ... while the copied access token still passes its signature check until exp:
  // the JWT revocation gap the denylist server closes (next test).
  const gap = await curl(SERVERS.main, "GET", "/api/me", { cookie: [oldAccess] });
  expect(gap.status).toBe(200);

  expect((await inspectAs(page)).user.preferredMode).toBe("session");
});

test("with JWT_DENYLIST=on, the access token of a switched-away login dies at once", async () => {
  const base = SERVERS.denylist;
  const user = await signUpViaApi(base);
  const jwt = await logInViaApi(base, user, "jwt");
  const switched = await curl(base, "PUT", "/api/me/mode", { cookie: jwt, json: { mode: "session" } });
  expect(switched.status).toBe(200);
  expect(switched.body).toMatchObject({ mode: "session", user: { preferredMode: "session" } });

  const replay = await curl(base, "GET", "/api/me", { cookie: { [COOKIES.access]: jwt[COOKIES.access] ?? "" } });
  expectApiError(replay, 401, "token_revoked");
});
