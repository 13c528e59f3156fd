import { createHash } from "node:crypto";
import { apiPanel, COOKIES, claimsOf, documentCookie, en, expect, inspectAs, requireCookie, test } from "./fixtures";

// Issue 2, steps 2-3 in JWT mode: log in through the real form with the toggle on
// JWT; the dashboard shows the decoded access token with its countdown, the refresh
// cookie, and on the server only refresh-token hashes, never an access token.

const sha256 = (value: string) => createHash("sha256").update(value).digest("hex");

test("JWT mode via the login form: both cookies' flags; scripts see neither", async ({ page, context, newUser }) => {
  const user = await newUser();
  await page.goto("/login");
  // A browser that never logged in starts on session mode.
  await expect(page.getByRole("radio", { name: en.login.modeSession })).toBeChecked();
  await page.getByLabel(en.login.username).fill(user.username);
  await page.getByLabel(en.login.password, { exact: true }).fill(user.password);
  // The whole card is the radio's label (it overlays the input), as a user clicks it.
  await page.locator('label[for="mode-jwt"]').click();
  await expect(page.getByRole("radio", { name: en.login.modeJwt })).toBeChecked();
  await page.getByRole("button", { name: en.login.submit }).click();
  await expect(page).toHaveURL(/\/dashboard$/);
  await expect(page.getByTestId("mode-badge")).toHaveAttribute("data-mode", "jwt");

  const access = await requireCookie(context, COOKIES.access);
  const refresh = await requireCookie(context, COOKIES.refresh);
  expect(access).toMatchObject({ httpOnly: true, sameSite: "Lax", secure: false, path: "/" });
  // The refresh cookie only ever travels to /api/auth (refresh, logout, inspect).
  expect(refresh).toMatchObject({ httpOnly: true, sameSite: "Lax", secure: false, path: "/api/auth" });
  const fourteenDays = 14 * 86_400_000;
  expect(refresh.expires * 1000 - Date.now()).toBeGreaterThan(fourteenDays - 120_000);
  expect(refresh.expires * 1000 - Date.now()).toBeLessThanOrEqual(fourteenDays);
  expect((await context.cookies()).map((c) => c.name).sort()).toEqual([COOKIES.access, COOKIES.device, COOKIES.prefMode, COOKIES.refresh]);

  const claims = claimsOf(access.value);
  expect(claims).toMatchObject({
    sub: user.id,
    name: user.username,
    role: "user",
    iss: "authlab",
    aud: ["authlab:api", "authlab:resource"],
  });
  expect(claims.exp - claims.iat).toBe(300);

  expect(await documentCookie(page)).toBe(`${COOKIES.prefMode}=jwt`);
  // Not even the dashboard's API hands a script a usable token.
  const inspectText = await page.evaluate(async () => (await fetch("/api/auth/inspect")).text());
  expect(inspectText).not.toContain(access.value);
  expect(inspectText).not.toContain(refresh.value);
});

test("JWT mode: the dashboard decodes the access token, counts down, shows refresh-token hashes and an API call's trace", async ({
  page,
  context,
  login,
}) => {
  const user = await login({ mode: "jwt" });
  await page.goto("/dashboard");
  const access = await requireCookie(context, COOKIES.access);
  const refresh = await requireCookie(context, COOKIES.refresh);

  const columns = page.locator('[data-testid^="column-"]');
  await expect(columns.nth(0)).toHaveAttribute("data-testid", "column-jwt");
  const col = page.getByTestId("column-jwt");
  await expect(col).toHaveAttribute("data-active", "true");

  // The access token, decoded: exactly the claims the cookie carries.
  const card = col.getByTestId(`cookie-${COOKIES.access}`);
  await expect(card).toHaveAttribute("data-present", "true");
  const shown = JSON.parse((await card.getByTestId(`claims-${COOKIES.access}`).textContent()) ?? "null");
  expect(shown).toEqual(claimsOf(access.value));
  expect(shown.name).toBe(user.username);
  await expect(card).toContainText('"alg": "HS256"');
  await expect(card).toContainText('"typ": "at+jwt"');
  // header.payload only: the signature is withheld from the page.
  await expect(card).toContainText(`${access.value.split(".").slice(0, 2).join(".")}.‹signature withheld›`);
  await expect(card).not.toContainText(access.value.split(".")[2] ?? "-");
  for (const flag of [en.dashboard.flagHttpOnly, "SameSite=Lax", en.dashboard.flagNotSecure, "Path=/"]) {
    await expect(card.getByRole("listitem").filter({ hasText: flag })).toHaveCount(1);
  }
  const countdown = card.getByTestId("jwt-countdown");
  await expect(countdown).toHaveText(/^\d+ s$/);
  const remaining = Number(await countdown.getAttribute("data-remaining"));
  expect(remaining).toBeGreaterThan(200);
  expect(remaining).toBeLessThanOrEqual(300);
  // ... and it is live: it goes down while we watch.
  await expect.poll(async () => Number(await countdown.getAttribute("data-remaining"))).toBeLessThan(remaining);

  const refreshCard = col.getByTestId(`cookie-${COOKIES.refresh}`);
  await expect(refreshCard).toHaveAttribute("data-present", "true");
  await expect(refreshCard).toContainText(`${refresh.value.slice(0, 6)}…`);
  await expect(refreshCard.getByRole("listitem").filter({ hasText: "Path=/api/auth" })).toHaveCount(1);
  await expect(refreshCard.getByRole("listitem").filter({ hasText: en.dashboard.flagHttpOnly })).toHaveCount(1);

  // On the server: the SHA-256 of the refresh token (this login's one row), no access token.
  const rows = col.getByTestId("server-refresh-tokens").getByTestId("refresh-row");
  await expect(rows).toHaveCount(1);
  await expect(rows.first()).toHaveAttribute("data-current", "true");
  await expect(rows.first().locator(`[title="${sha256(refresh.value)}"]`)).toHaveCount(1);
  await expect(rows.first()).toContainText(en.dashboard.notUsed);
  await expect(rows.first()).toContainText(en.dashboard.currentMarker);
  for (const header of [
    en.dashboard.colHash,
    en.dashboard.colIssued,
    en.dashboard.colUsed,
    en.dashboard.colExpires,
    en.dashboard.colCurrent,
  ]) {
    // The table stacks into a card in its half-width box: each cell carries its header.
    await expect(rows.first().locator(`td[data-label="${header}"]`)).toBeVisible();
  }
  await expect(refreshCard.getByRole("listitem").filter({ hasText: /^Expires \d\d:\d\d:\d\d \(in 13d 23h\)$/ })).toHaveCount(1);
  await expect(col.getByTestId("no-access-token-stored")).toHaveText(en.dashboard.noAccessTokenStored.replace("{n}", "0"));
  const data = await inspectAs(page);
  expect(data.server).toMatchObject({ kind: "jwt", accessTokensStored: 0 });
  expect(JSON.stringify(data)).not.toContain(refresh.value);

  // Session mode, beside it: no cookie, no session row for this user.
  const sessionCol = page.getByTestId("column-session");
  await expect(sessionCol).toHaveAttribute("data-active", "false");
  await expect(sessionCol.getByTestId(`cookie-${COOKIES.session}`)).toHaveAttribute("data-present", "false");
  await expect(sessionCol.getByTestId("session-row")).toHaveCount(0);

  await test.step("“call a protected API”: authorized by the signature alone, no DB query", async () => {
    await page.getByTestId("call-api").click();

    await expect(apiPanel(page).getByTestId("api-status")).toHaveText("200");
    const body = JSON.parse((await apiPanel(page).getByTestId("api-body").textContent()) ?? "null");
    expect(body).toMatchObject({ user: { id: user.id, username: user.username, role: "user" }, mode: "jwt" });
    expect(body.trace).toMatchObject({ mode: "jwt", cookie: COOKIES.access, failure: null, dbQueries: 0 });
    // Stable step codes; the page puts them into words (lib/i18n/codes.*.ts).
    const names = body.trace.steps.map((s: { id: string }) => s.id);
    expect(names).toEqual(["read_cookie", "verify_jwt", "no_db_lookup"]);
    const steps = apiPanel(page).getByTestId("trace").getByTestId("trace-step");
    await expect(steps).toHaveCount(3);
    // Every step is on screen, each marked as passed.
    await expect(steps.and(page.locator('[data-ok="true"]'))).toHaveCount(names.length);
    await expect(apiPanel(page).getByTestId("trace-total")).toContainText("0 DB queries");
  });
});
