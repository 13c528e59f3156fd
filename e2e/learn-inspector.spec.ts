import { expect, getCookie, SERVERS, test, waitForAccessExpiry } from "./fixtures";
import { DICTS, LANGS, useLanguage } from "./labs-helpers";

// The request inspector, on every page: the app's API requests as they happen, with the
// credential cookies sent (names and sizes, never values) and each authorization step.
for (const lang of LANGS) {
  test(`inspector (${lang}): lists requests live, keyboard only`, async ({ page, context, login }) => {
    await useLanguage(context, SERVERS.main, lang);
    await login({ mode: "session" });
    await page.goto("/dashboard");
    const s = DICTS[lang].learn.inspector;

    const toggle = page.getByTestId("inspector-toggle");
    await toggle.focus();
    await page.keyboard.press("Enter");
    const panel = page.getByTestId("inspector-panel");
    await expect(panel.getByRole("heading", { name: s.heading })).toBeFocused();
    // The dashboard's own polling is the page's, not the reader's: behind the toggle, then live.
    const poll = panel.locator('[data-testid="inspector-entry"][data-path="/api/auth/inspect?with=devices"]');
    await expect(poll).toHaveCount(0);
    await panel.getByTestId("inspector-show-background").check();
    await expect(poll.first()).toBeVisible();
    await expect(poll.first()).toHaveAttribute("data-background", "true");

    await page.getByTestId("call-api").click();
    const me = panel.locator('[data-testid="inspector-entry"][data-path="/api/me"]').first();
    await expect(me).toHaveAttribute("data-status", "200");
    await me.locator("summary").focus();
    await page.keyboard.press("Enter");
    await expect(me.getByTestId("inspector-cookies")).toContainText(/authlab_session \(\d+/);
    await expect(me.locator('[data-step="db_lookup"]')).toContainText(DICTS[lang].codes.steps.db_lookup);
    // Names and sizes only: the cookie's value never appears.
    const session = await getCookie(context, "authlab_session");
    expect(session).toBeDefined();
    await expect(panel).not.toContainText(session?.value.slice(0, 24) ?? "-");

    await page.keyboard.press("Escape");
    await expect(panel).toBeHidden();
    await expect(toggle).toBeFocused();
  });
}

test.describe("inspector, on the 4-second server", () => {
  test.use({ baseURL: SERVERS.shortTtl });

  test("inspector: a transparent refresh shows as three requests, its refresh behind the background toggle", async ({
    page,
    context,
    login,
  }) => {
    await login({ mode: "jwt" });
    // Past the access token's own exp (4 s on this server): real time, the reader's own login.
    await waitForAccessExpiry(context);
    await page.goto("/");
    await page.getByTestId("path-s1-with").click();
    await expect(page.getByTestId("path-s1-with-result").getByTestId("lab-request")).toHaveAttribute("data-status", "200");
    await page.getByTestId("inspector-toggle").click();
    const entries = page.getByTestId("inspector-panel").getByTestId("inspector-entry");
    await expect
      .poll(() =>
        entries.evaluateAll((els) => els.slice(0, 3).map((e) => `${e.getAttribute("data-path")} ${e.getAttribute("data-status")}`)),
      )
      .toEqual(["/api/me 200", "/api/me 401"]);
    // The automatic refresh between them is a background request: shown when asked.
    await page.getByTestId("inspector-show-background").check();
    await expect
      .poll(() =>
        entries.evaluateAll((els) => els.slice(0, 3).map((e) => `${e.getAttribute("data-path")} ${e.getAttribute("data-status")}`)),
      )
      .toEqual(["/api/me 200", "/api/auth/refresh 200", "/api/me 401"]);
  });
});
