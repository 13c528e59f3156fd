import { expect, SERVERS, test } from "./fixtures";
import { expectOneLanguage } from "./i18n-helpers";
import { DICTS, expectLabRequests, expectLanguage, LANGS, useLanguage } from "./labs-helpers";

// A copy of the database: the token hashes open nothing; tokens kept in clear would.
for (const lang of LANGS) {
  test(`db leak lab (${lang}): hashes are useless, clear tokens are not`, async ({ page, context, login }) => {
    await useLanguage(context, SERVERS.main, lang);
    const user = await login({ mode: "session" });
    await page.goto("/labs/db-leak");
    await expectLanguage(page, lang, DICTS[lang].labs.dbLeak.title);
    await page.getByTestId("dbleak-run").click();
    await expectLabRequests(page.getByTestId("dbleak-hashes"), [
      [401, "malformed_credentials"],
      [401, "refresh_invalid"],
    ]);
    await expectLabRequests(page.getByTestId("dbleak-clear"), [
      [200, ""],
      [200, ""],
    ]);
    await expect(page.getByTestId("dbleak-clear")).toContainText(user.username);
    // Hashes are shown, never a token: 64 hex characters.
    await expect(page.getByTestId("dbleak-rows")).toContainText(/[0-9a-f]{64}/);
    await expectOneLanguage(page, lang, "db leak lab, after running it");
  });
}
