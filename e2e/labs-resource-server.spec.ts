import { jwksEn } from "../lib/i18n/jwks.en";
import { jwksKo } from "../lib/i18n/jwks.ko";
import { EDDSA_PORT } from "../playwright.config";
import { expect, SERVERS, test } from "./fixtures";
import { expectLanguage, LANGS, useLanguage } from "./labs-helpers";

// The resource-server lab on the JWT_ALG=EdDSA server (6-second access tokens, denylist on):
// the published set and a rotation, then one login per mode sent to the app and to the
// resource server, ended, and sent again until exp. And on the HS256 server: the lab says
// why the resource server cannot check those tokens.

const EDDSA = `http://localhost:${EDDSA_PORT}`;
const DICT = { en: jwksEn, ko: jwksKo } as const;

test.describe.configure({ mode: "serial" }); // the first run starts the resource server; the second reuses it

test.describe("EdDSA", () => {
  test.use({ baseURL: EDDSA });

  for (const lang of LANGS) {
    test(`resource-server lab (${lang}): keys, rotation, the app and the resource server side by side, the gap until exp`, async ({
      page,
      context,
      login,
    }) => {
      test.setTimeout(60_000);
      const d = DICT[lang];
      await useLanguage(context, EDDSA, lang);
      await login({ mode: "session" });
      await page.goto("/labs/resource-server");
      await expectLanguage(page, lang, d.title);
      await expect(page.getByTestId("jwks-hs256")).toHaveCount(0);

      // 1. The set, then a rotation: the new key signs, the old one stays published.
      await page.getByTestId("jwks-load").click();
      await expect(page.getByTestId("jwks-json")).toContainText('"use": "sig"');
      await expect(page.getByTestId("jwks-json")).toContainText("public, max-age=30");
      await expect(page.getByTestId("jwks-json")).not.toContainText('"d"');
      const signingKey = page.locator('[data-testid="jwks-key"][data-signing="true"]');
      const oldKid = (await signingKey.getAttribute("data-kid")) as string;
      await page.getByTestId("jwks-rotate").click();
      // The old key is still listed, retired (published until its last token expired); a new one signs.
      await expect(page.locator(`[data-testid="jwks-key"][data-kid="${oldKid}"]`)).toHaveAttribute("data-signing", "false");
      await expect(signingKey).toHaveCount(1);
      await expect(signingKey).not.toHaveAttribute("data-kid", oldKid);
      await expect(page.getByTestId("jwks-json")).toContainText(oldKid);

      // 2. Side by side, in both modes.
      await page.getByTestId("jwks-run").click();
      await expect(page.getByTestId("jwks-result")).toBeVisible({ timeout: 30_000 });
      const cell = (id: string) => page.getByTestId(id);
      await expect(cell("jwks-jwt-before-app")).toHaveAttribute("data-status", "200");
      await expect(cell("jwks-jwt-before-rs")).toHaveAttribute("data-status", "200");
      // The new key signed it: the resource server names it.
      const signing = await page.locator('[data-testid="jwks-key"][data-signing="true"]').getAttribute("data-kid");
      await expect(cell("jwks-jwt-before-rs")).toContainText(signing as string);
      // Ended: the app's denylist refuses it at once, the resource server cannot see that.
      await expect(cell("jwks-jwt-after-app")).toHaveAttribute("data-status", "401");
      await expect(cell("jwks-jwt-after-rs")).toHaveAttribute("data-status", "200");
      await expect(page.getByTestId("jwks-gap")).toHaveText(d.gapDenylist);
      // A session cookie means nothing to it, before or after.
      await expect(cell("jwks-session-before-app")).toHaveAttribute("data-status", "200");
      await expect(cell("jwks-session-before-rs")).toHaveAttribute("data-code", "no_token");
      await expect(cell("jwks-session-before-rs")).toContainText("authlab_session");
      await expect(cell("jwks-session-after-app")).toHaveAttribute("data-status", "401");
      await expect(cell("jwks-session-after-rs")).toHaveAttribute("data-code", "no_token");

      // 3. Until exp (6 s): then the resource server refuses it too.
      await page.getByTestId("jwks-again").click();
      await expect(page.getByTestId("jwks-again-rs")).toHaveAttribute("data-status", "200");
      await expect(async () => {
        await page.getByTestId("jwks-again").click();
        await expect(page.getByTestId("jwks-closed")).toHaveText(d.againExpired, { timeout: 1_000 });
      }).toPass({ timeout: 15_000, intervals: [1_000] });
      await expect(page.getByTestId("jwks-again-rs")).toHaveAttribute("data-code", "token_expired");

      // This browser's own session cookie reaches /resource/ and proves nothing there.
      await page.getByTestId("jwks-browser").click();
      await expect(page.getByTestId("jwks-browser-app")).toHaveAttribute("data-status", "200");
      await expect(page.getByTestId("jwks-browser-rs")).toHaveAttribute("data-code", "no_token");
    });
  }

  test("this browser in JWT mode: its access cookie reaches /resource/ and verifies there", async ({ page, login }) => {
    const user = await login({ mode: "jwt" });
    await page.goto("/labs/resource-server");
    await page.getByTestId("jwks-run").click(); // starts the resource server if needed
    await expect(page.getByTestId("jwks-result")).toBeVisible({ timeout: 30_000 });
    await page.getByTestId("jwks-browser").click();
    await expect(page.getByTestId("jwks-browser-rs")).toHaveAttribute("data-status", "200");
    await expect(page.getByTestId("jwks-browser-rs")).toContainText(user.username);
  });
});

test("resource-server lab on HS256: says why the resource server cannot check these tokens", async ({ page, login }) => {
  test.setTimeout(45_000);
  await login({ mode: "jwt" });
  await page.goto(`${SERVERS.main}/labs/resource-server`);
  await expect(page.getByTestId("jwks-hs256")).toHaveText(jwksEn.hs256Note);
  await expect(page.getByTestId("jwks-rotate")).toHaveCount(0);
  await page.getByTestId("jwks-load").click();
  await expect(page.getByTestId("jwks-json-none")).toContainText("404 jwks_not_published");
  await page.getByTestId("jwks-run").click();
  await expect(page.getByTestId("jwks-result")).toBeVisible({ timeout: 30_000 });
  await expect(page.getByTestId("jwks-jwt-before-app")).toHaveAttribute("data-status", "200");
  // It pins an asymmetric algorithm: an HS256 token is refused before any key is looked for.
  await expect(page.getByTestId("jwks-jwt-before-rs")).toHaveAttribute("data-code", "token_invalid");
  await expect(page.getByTestId("jwks-session-before-rs")).toHaveAttribute("data-code", "no_token");
});
