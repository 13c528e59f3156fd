import { expect, SERVERS, test } from "./fixtures";
import { expectOneLanguage } from "./i18n-helpers";
import { DICTS, expectLabRequests, expectLanguage, LANGS, useLanguage } from "./labs-helpers";

// The guided path on the home page: each claim's button makes this server prove it.
for (const lang of LANGS) {
  test(`guided path (${lang}): every step's demo runs against the live server`, async ({ page, context, login }) => {
    test.setTimeout(60_000);
    await useLanguage(context, SERVERS.main, lang);
    const user = await login({ mode: "session" });
    await page.goto("/");
    const d = DICTS[lang].learn.path;
    await expectLanguage(page, lang, d.title);

    // 1. HTTP forgets: without cookies a stranger, with them recognised.
    await page.getByTestId("path-s1-without").click();
    await expectLabRequests(page.getByTestId("path-s1-without-result"), [[401, "no_credentials"]]);
    await page.getByTestId("path-s1-with").click();
    await expectLabRequests(page.getByTestId("path-s1-with-result"), [[200, ""]]);
    await expect(page.getByTestId("path-s1-with-result")).toContainText(user.username);
    await expectOneLanguage(page, lang, "guided path, step 1");

    // 2. Authorization on every request: two checks, each with its own trace (1 DB query in session mode).
    await page.getByTestId("path-s2-authz").click();
    await expect(page.getByTestId("path-s2-check")).toHaveCount(2);
    await expectOneLanguage(page, lang, "guided path, step 2");

    // 3. Where each lives: the browser's script cannot see the session cookie; the server has the row.
    await page.getByTestId("path-s3-look").click();
    // The result first: a negative assertion on a result not yet on screen would pass at once.
    await expect(page.getByTestId("path-s3-server")).toContainText(/[0-9a-f]{12}/);
    await expect(page.getByTestId("path-s3-document-cookie")).not.toContainText("authlab_session=");
    await expectOneLanguage(page, lang, "guided path, step 3");

    // 4. A real JWT from this server: decoded, then tampered with and rejected.
    await page.getByTestId("path-s4-get").click();
    await expect(page.getByTestId("path-s4-claims")).toContainText(`"name": "${user.username}"`);
    await page.getByTestId("path-s4-tamper").click();
    await expect(page.getByTestId("path-s4-verdict")).toHaveText(d.s4.verifyFailed.replace("{reason}", d.s4.reason_bad_signature));
    // Edge 10 of issue 11: the tampered claims are on screen, and a rejection is a failure (red), not a green box.
    await expect(page.getByTestId("path-s4-tampered")).toContainText('"role": "admin"');
    await expect(page.getByTestId("path-s4-verdict")).toHaveClass(/bg-red-50/);
    await expect(page.getByTestId("path-s4-verdict")).not.toHaveClass(/bg-emerald-50/);
    await expectOneLanguage(page, lang, "guided path, step 4 (tampered)");
    await page.getByTestId("path-s4-verify").click();
    await expect(page.getByTestId("path-s4-verdict")).toHaveText(d.s4.verifyOk);
    await expect(page.getByTestId("path-s4-verdict")).toHaveClass(/bg-emerald-50/);

    // 5. What a script sees.
    await page.getByTestId("path-s5-run").click();
    await expect(page.getByTestId("path-s5-result")).toContainText("200");
    await expectOneLanguage(page, lang, "guided path, step 5");

    // 6. Session vs JWT: a DB lookup vs none; revocation ends the session at once, not the JWT.
    await page.getByTestId("path-s6-run").click();
    await expectLabRequests(page.getByTestId("path-s6-result"), [
      [200, ""],
      [200, ""],
      [401, "session_revoked"],
      [200, ""],
    ]);
    await expectOneLanguage(page, lang, "guided path, step 6");

    // 7. Access + refresh, with the clock moved forward instead of waiting.
    await page.getByTestId("path-s7-run").click();
    await expectLabRequests(page.getByTestId("path-s7-result"), [
      [200, ""],
      [401, "token_expired"],
      [200, ""],
      [200, ""],
      [401, "refresh_reused"],
      [401, "refresh_reused"],
    ]);
    await expectOneLanguage(page, lang, "guided path, step 7");
  });
}

test("guided path: a visitor who is not logged in is a stranger and is offered a demo login", async ({ page }) => {
  await page.goto("/");
  await page.getByTestId("path-s1-with").click();
  await expectLabRequests(page.getByTestId("path-s1-with-result"), [[401, "no_credentials"]]);
  await expect(page.getByTestId("path-s2-login")).toBeVisible();
  await expect(page.getByTestId("path-needs-login").first()).toBeVisible();
});
