import { expect, SERVERS, test } from "./fixtures";
import { expectOneLanguage } from "./i18n-helpers";
import { DICTS, expectLabRequests, expectLanguage, LANGS, useLanguage } from "./labs-helpers";

// Three processes of this app: B shares A's database, C has its own (same keys). A JWT
// is accepted by all three; a session only where its row can be found.
test.describe.configure({ mode: "serial" }); // the first run starts B and C; the second reuses them
for (const lang of LANGS) {
  test(`scale-out lab (${lang}): JWT everywhere, session only with the shared store`, async ({ page, context, login }) => {
    test.setTimeout(90_000);
    await useLanguage(context, SERVERS.main, lang);
    await login({ mode: "session" });
    await page.goto("/labs/scale-out");
    await expectLanguage(page, lang, DICTS[lang].labs.scale.title);
    await page.getByTestId("scale-run").click();
    await expect(page.getByTestId("scale-result")).toBeVisible({ timeout: 75_000 });
    await expectLabRequests(page.getByTestId("scale-jwt"), [
      [200, ""],
      [200, ""],
      [200, ""],
    ]);
    await expectLabRequests(page.getByTestId("scale-session"), [
      [200, ""],
      [200, ""],
      [401, "session_not_found"],
    ]);
    await expectOneLanguage(page, lang, "scale-out lab, after running it");
  });
}
