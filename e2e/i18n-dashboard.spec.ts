import { COOKIES, expect, SERVERS, test } from "./fixtures";
import { expectOneLanguage } from "./i18n-helpers";
import { LANGS, useLanguage } from "./labs-helpers";

// Issue 11: the dashboard, the page the product exists for, speaks one language. In both
// modes, after calling the API (the trace is on screen) and with the inspector open on
// that call, Korean shows no English prose and English shows no Korean.
for (const lang of LANGS) {
  for (const mode of ["session", "jwt"] as const) {
    test(`dashboard (${lang}, ${mode}): one language after calling the API, inspector included`, async ({ page, context, login }) => {
      await useLanguage(context, SERVERS.main, lang);
      await login({ mode });
      await page.goto("/dashboard");
      await expect(page.getByTestId(`column-${mode}`)).toHaveAttribute("data-active", "true");
      await page.getByTestId("call-api").click();
      await expect(page.getByTestId("trace").getByTestId("trace-step").first()).toBeVisible();
      // The server sent codes: every step and detail was put into words by the page.
      await expect(page.getByTestId("trace").getByTestId("trace-detail").first()).not.toBeEmpty();
      if (mode === "jwt") await expect(page.getByTestId(`cookie-${COOKIES.access}`).getByTestId("claim-exp")).toBeVisible();
      await expectOneLanguage(page, lang, `dashboard, ${mode}`);

      await page.getByTestId("inspector-toggle").click();
      const me = page.locator('[data-testid="inspector-entry"][data-path="/api/me"]').first();
      await me.locator("summary").click();
      await expect(me.getByTestId("trace-step").first()).toBeVisible();
      await page.getByTestId("inspector-show-background").check();
      await expectOneLanguage(page, lang, `dashboard + inspector, ${mode}`);
    });
  }
}
