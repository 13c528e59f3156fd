import { codesEn } from "../lib/i18n/codes.en";
import { apiPanel, COOKIES, documentCookie, en, expect, inspectAs, requireCookie, test } from "./fixtures";

// Issue 2, step 3 in session mode: what the browser holds (a sealed cookie nobody but
// the server can read), what the server holds (a row keyed by the token's hash), and
// how one API call is authorized from that cookie alone.

test("session mode: the cookie's flags, and page scripts cannot see it", async ({ page, context, login }) => {
  await login({ mode: "session" });
  await page.goto("/dashboard");

  const session = await requireCookie(context, COOKIES.session);
  expect(session).toMatchObject({ httpOnly: true, sameSite: "Lax", secure: false, path: "/" });
  // Persistent until the session's absolute expiry (7 days by default).
  expect(session.expires * 1000 - Date.now()).toBeGreaterThan(7 * 86_400_000 - 120_000);
  expect(session.expires * 1000 - Date.now()).toBeLessThanOrEqual(7 * 86_400_000);
  const names = (await context.cookies()).map((c) => c.name).sort();
  expect(names).toEqual([COOKIES.device, COOKIES.prefMode, COOKIES.session]);

  // The preference cookie is deliberately readable; the credential is not.
  const visible = await documentCookie(page);
  expect(visible).toBe(`${COOKIES.prefMode}=session`);

  // Nor does the dashboard's own API hand the sealed value to a script.
  const inspectText = await page.evaluate(async () => (await fetch("/api/auth/inspect")).text());
  expect(inspectText).not.toContain(session.value);
});

test("session mode: the dashboard shows the sealed cookie, the server row, the other mode, and an API call's trace", async ({
  page,
  context,
  login,
}) => {
  const user = await login({ mode: "session" });
  await page.goto("/dashboard");
  const session = await requireCookie(context, COOKIES.session);
  const data = await inspectAs(page);

  await expect(page.getByTestId("whoami")).toHaveText(`Logged in as ${user.username}`);
  await expect(page.getByTestId("mode-badge")).toHaveAttribute("data-mode", "session");
  await expect(page.getByTestId("mode-badge")).toHaveText(en.dashboard.modeBadgeSession);

  // The mode in use comes first, the other mode beside it.
  const columns = page.locator('[data-testid^="column-"]');
  await expect(columns).toHaveCount(2);
  await expect(columns.nth(0)).toHaveAttribute("data-testid", "column-session");
  const col = page.getByTestId("column-session");
  await expect(col).toHaveAttribute("data-active", "true");
  await expect(col.getByRole("heading", { name: en.dashboard.inBrowser })).toBeVisible();
  await expect(col.getByRole("heading", { name: en.dashboard.onServer })).toBeVisible();

  const card = col.getByTestId(`cookie-${COOKIES.session}`);
  await expect(card).toHaveAttribute("data-present", "true");
  await expect(card).toContainText(`${session.value.slice(0, 28)}…`);
  const size = Buffer.byteLength(`${COOKIES.session}=${session.value}`);
  await expect(card).toContainText(`${size} / 4096 bytes`);
  for (const flag of [en.dashboard.flagHttpOnly, "SameSite=Lax", en.dashboard.flagNotSecure, "Path=/"]) {
    await expect(card.getByRole("listitem").filter({ hasText: flag })).toHaveCount(1);
  }
  await expect(card.getByRole("listitem").filter({ hasText: /^Expires \d\d:\d\d:\d\d \(in 6d 23h\)$/ })).toHaveCount(1);
  await expect(card).toContainText(`${en.dashboard.readableByJs}${en.dashboard.no}`);
  // Why the value is noise to the client.
  await expect(card).toContainText("encrypted (AES-256-CBC) and MACed");

  // The server row: the token's SHA-256, never the token; timestamps; the user agent.
  const rows = col.getByTestId("server-sessions").getByTestId("session-row");
  await expect(rows).toHaveCount(1);
  await expect(rows.first()).toHaveAttribute("data-current", "true");
  await expect(rows.first()).toHaveAttribute("data-state", "current");
  const row = data.server.kind === "session" ? data.server.sessions[0] : undefined;
  expect(row?.tokenHash).toMatch(/^[0-9a-f]{64}$/);
  expect(session.value).not.toContain(row?.tokenHash ?? "-");
  await expect(rows.first().locator(`[title="${row?.tokenHash}"]`)).toHaveCount(1);
  expect((row?.idleExpiresAt ?? 0) - (row?.lastSeenAt ?? 0)).toBe(data.config.sessionIdleTtl * 1000);
  expect((row?.absoluteExpiresAt ?? 0) - (row?.createdAt ?? 0)).toBe(data.config.sessionAbsoluteTtl * 1000);
  expect(row?.userAgent).toBe(await page.evaluate(() => navigator.userAgent));
  for (const header of [
    en.dashboard.colTokenHash,
    en.dashboard.colCreated,
    en.dashboard.colLastSeen,
    en.dashboard.colIdleExpiry,
    en.dashboard.colAbsoluteExpiry,
    en.dashboard.colUserAgent,
  ]) {
    // The table stacks into a card in its half-width box: each cell carries its header.
    await expect(rows.first().locator(`td[data-label="${header}"]`)).toBeVisible();
  }

  // JWT mode, beside it: nothing in this browser, no refresh rows, no access token stored.
  const jwt = page.getByTestId("column-jwt");
  await expect(jwt).toHaveAttribute("data-active", "false");
  await expect(jwt.getByTestId(`cookie-${COOKIES.access}`)).toHaveAttribute("data-present", "false");
  await expect(jwt.getByTestId(`cookie-${COOKIES.refresh}`)).toHaveAttribute("data-present", "false");
  await expect(jwt.getByTestId("refresh-row")).toHaveCount(0);
  await expect(jwt.getByTestId("no-access-token-stored")).toHaveText(en.dashboard.noAccessTokenStored.replace("{n}", "0"));

  await test.step("“call a protected API”: 200, the body and the server's trace", async () => {
    await page.getByTestId("call-api").click();

    await expect(apiPanel(page).getByTestId("api-status")).toHaveText("200");
    const body = JSON.parse((await apiPanel(page).getByTestId("api-body").textContent()) ?? "null");
    expect(body).toMatchObject({ user: { id: user.id, username: user.username, role: "user" }, mode: "session" });
    expect(body.trace).toMatchObject({ mode: "session", cookie: COOKIES.session, failure: null });
    expect(body.trace.dbQueries).toBeGreaterThanOrEqual(1);

    const trace = apiPanel(page).getByTestId("trace");
    const steps = trace.getByTestId("trace-step");
    // Stable step codes; the page puts them into words (lib/i18n/codes.*.ts).
    const names = body.trace.steps.map((s: { id: string }) => s.id);
    expect(names.slice(0, 5)).toEqual(["read_cookie", "unseal", "hash_token", "db_lookup", "check_session_state"]);
    await expect(steps.first()).toContainText(codesEn.steps.read_cookie);
    await expect(steps).toHaveCount(names.length);
    // Every step is on screen, each marked as passed.
    await expect(steps.and(page.locator('[data-ok="true"]'))).toHaveCount(names.length);
    await expect(apiPanel(page).getByTestId("trace-total")).toContainText(`${body.trace.dbQueries} DB queries`);
    await expect(apiPanel(page).getByTestId("trace-failure")).toHaveCount(0);
  });
});
