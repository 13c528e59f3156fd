import { expect, SERVERS, test } from "./fixtures";
import { expectOneLanguage } from "./i18n-helpers";
import { DICTS, expectLabRequests, expectLanguage, LANGS, useLanguage } from "./labs-helpers";

// Access + refresh on a throwaway JWT login (the "tab") under a lab clock, then the
// attacker replays its first refresh token after the grace window: the family is revoked,
// the tab is out too, and the reader's own login is untouched.
for (const lang of LANGS) {
  test(`refresh lab (${lang}): the flow, then reuse revokes the family`, async ({ page, context, login }) => {
    await useLanguage(context, SERVERS.main, lang);
    await login({ mode: "session" });
    await page.goto("/labs/refresh");
    await expectLanguage(page, lang, DICTS[lang].labs.refresh.title);
    await page.getByTestId("refresh-run").click();
    await expectLabRequests(page.getByTestId("refresh-result"), [
      [200, ""], // GET /api/me with the fresh access token
      [401, "token_expired"], // after exp
      [200, ""], // POST /api/auth/refresh: a new pair
      [200, ""], // GET /api/me again
      [401, "refresh_reused"], // the attacker's copy of the first refresh token
      [401, "refresh_reused"], // the tab's own refresh: the family is gone, and it is told why
    ]);
    // The reader's own session was never part of it, and the lab's clock is gone.
    expect((await page.request.get("/api/me")).status()).toBe(200);
    const clock = await (await page.request.get("/api/lab/clock")).json();
    expect(clock.offsetSeconds).toBe(0);
    await expectOneLanguage(page, lang, "refresh lab, after running it");
  });
}
