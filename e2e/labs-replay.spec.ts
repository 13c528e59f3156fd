import { expect, SERVERS, test, waitUntilTime } from "./fixtures";
import { expectOneLanguage } from "./i18n-helpers";
import { DICTS, expectLabRequests, expectLanguage, LANGS, useLanguage } from "./labs-helpers";

// Stolen credential replay from a separate (server-side) cookie jar, before and after
// logout: a session dies with the logout; an access token keeps working until exp.
for (const lang of LANGS) {
  test(`replay lab (${lang}): a copied session cookie dies at logout`, async ({ page, context, login }) => {
    await useLanguage(context, SERVERS.main, lang);
    await login({ mode: "session" });
    await page.goto("/labs/replay");
    await expectLanguage(page, lang, DICTS[lang].labs.replay.title);
    await expect(page.getByTestId("replay-mode")).toHaveAttribute("data-mode", "session");
    await page.getByTestId("replay-run").click();
    await expectLabRequests(page.getByTestId("replay-result"), [
      [200, ""],
      [401, "session_revoked"],
    ]);
    await expect(page.getByTestId("replay-login-again")).toBeVisible();
    expect((await page.request.get("/api/me")).status()).toBe(401);
    await expectOneLanguage(page, lang, "replay lab, after running it");
  });
}

// On the server whose access tokens live 4 s: the copy is the reader's real credential,
// so "until exp" is real time passing, not a clock the lab moves.
test.describe("replay lab, JWT", () => {
  test.use({ baseURL: SERVERS.shortTtl });
  for (const lang of LANGS) {
    test(`replay lab (${lang}): a copied access token outlives logout until exp`, async ({ page, context, login }) => {
      await useLanguage(context, SERVERS.shortTtl, lang);
      await login({ mode: "session" });
      await page.goto("/labs/replay");
      // The second button runs the other mode: it switches this login to JWT first.
      await page.getByTestId("replay-run-other").click();
      await expect(page.getByTestId("replay-mode")).toHaveAttribute("data-mode", "jwt");
      await expectLabRequests(page.getByTestId("replay-result"), [
        [200, ""], // before logout
        [200, ""], // after logout: the signature is still good
      ]);
      const expires = page.getByTestId("replay-expires");
      await expect(expires).toHaveAttribute("data-expires-at", /^[1-9]\d*$/);
      const expiresAt = Number(await expires.getAttribute("data-expires-at"));
      // Let the token's own lifetime pass (a few seconds on this server): until the clock
      // (this machine's, the server's too) is past exp, a condition rather than a guessed pause.
      await waitUntilTime(expiresAt + 50);
      await page.getByTestId("replay-again").click();
      await expectLabRequests(page.getByTestId("replay-result"), [
        [200, ""],
        [200, ""],
        [401, "token_expired"], // after exp: refused at last
      ]);
      await expectOneLanguage(page, lang, "replay lab, after running it");
    });
  }
});
