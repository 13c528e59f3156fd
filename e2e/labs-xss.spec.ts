import { expect, SERVERS, test } from "./fixtures";
import { expectOneLanguage } from "./i18n-helpers";
import { DICTS, expectLabRequests, expectLanguage, LANGS, useLanguage } from "./labs-helpers";

// Where to keep a token: an injected script takes a localStorage token home (it works
// from there), gets nothing out of document.cookie (HttpOnly), can still ride the cookie
// while the page is open; another site's requests are stopped by SameSite and Origin.
for (const lang of LANGS) {
  test(`xss lab (${lang}): localStorage token stolen and replayed, HttpOnly cookie not`, async ({ page, context, login }) => {
    await useLanguage(context, SERVERS.main, lang);
    await login({ mode: "session" });
    await page.goto("/labs/xss");
    const d = DICTS[lang].labs.xss;
    await expectLanguage(page, lang, d.title);

    await page.getByTestId("xss-run").click();
    const result = page.getByTestId("xss-result");
    await expectLabRequests(result, [
      [200, ""], // the localStorage token, replayed by the attacker as a Bearer header
      [401, "no_credentials"], // what document.cookie gave them: no credential at all
    ]);
    await expect(page.getByTestId("xss-document-cookie")).not.toContainText("authlab_session");
    await expect(page.getByTestId("xss-riding")).toContainText("200");
    // The lab cleans up: the token it planted is gone from localStorage.
    await expect.poll(() => page.evaluate(() => localStorage.getItem("authlab_demo_token"))).toBeNull();

    await page.getByTestId("xss-cross-run").click();
    await expectLabRequests(page.getByTestId("xss-cross-result"), [
      [401, "no_credentials"], // a cross-site fetch arrives without the SameSite=Lax cookie
      [403, "cross_origin"], // a cross-site POST with it is refused by the Origin check
    ]);
    // …and it changed nothing: this browser is still logged in.
    expect((await page.request.get("/api/me")).status()).toBe(200);
    await expectOneLanguage(page, lang, "xss lab, after running it");
  });
}
