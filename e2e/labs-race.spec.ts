import { expect, SERVERS, test } from "./fixtures";
import { expectOneLanguage } from "./i18n-helpers";
import { DICTS, expectLabRequests, expectLanguage, LANGS, useLanguage } from "./labs-helpers";

// Two tabs refresh with the same token at once: the grace window keeps the login alive;
// without it the second refresh looks like reuse and both tabs are logged out.
for (const lang of LANGS) {
  test(`race lab (${lang}): grace on survives, grace off revokes`, async ({ page, context, login }) => {
    await useLanguage(context, SERVERS.main, lang);
    await login({ mode: "jwt" });
    await page.goto("/labs/race");
    const d = DICTS[lang].labs.race;
    await expectLanguage(page, lang, d.title);

    await page.getByTestId("race-on").click();
    const on = page.getByTestId("race-result-on");
    await expectLabRequests(on, [
      [200, ""],
      [200, ""],
      [200, ""],
    ]);
    await expect(on.getByTestId("race-outcome")).toHaveText(d.outcomeSurvived);

    await page.getByTestId("race-off").click();
    const off = page.getByTestId("race-result-off");
    await expectLabRequests(off, [
      [200, ""],
      [401, "refresh_reused"],
      [401, "refresh_reused"],
    ]);
    await expect(off.getByTestId("race-outcome")).toHaveText(d.outcomeKilled);
    // The race ran on throwaway logins: this browser's own login is untouched.
    expect((await page.request.get("/api/me")).status()).toBe(200);
    await expectOneLanguage(page, lang, "race lab, after running it");
  });
}
