import { expect, SERVERS, test } from "./fixtures";
import { expectOneLanguage } from "./i18n-helpers";
import { DICTS, expectLanguage, LANGS, useLanguage } from "./labs-helpers";

// Cookie sizes against 4096 bytes, and a real cookie the browser silently drops.
for (const lang of LANGS) {
  test(`cookie size lab (${lang}): measured, and an oversized cookie is dropped`, async ({ page, context }) => {
    await useLanguage(context, SERVERS.main, lang);
    await page.goto("/labs/cookie-size");
    const d = DICTS[lang].labs.cookieSize;
    await expectLanguage(page, lang, d.title);

    await page.getByTestId("cookiesize-run").click();
    await expect(page.getByTestId("cookiesize-mode-row")).toHaveCount(3);
    for (const row of await page.getByTestId("cookiesize-mode-row").all()) {
      expect(Number(await row.getAttribute("data-line"))).toBeLessThan(4096);
    }
    const growth = page.getByTestId("cookiesize-growth-row");
    await expect(growth).toHaveCount(5);
    await expect(growth.first()).toHaveAttribute("data-fits", "true");
    await expect(growth.last()).toHaveAttribute("data-fits", "false");

    await page.getByTestId("cookiesize-permissions").selectOption("200");
    await page.getByTestId("cookiesize-try-run").click();
    await expect(page.getByTestId("cookiesize-trial")).toContainText(d.dropped.split("(")[0]?.trim() ?? "");
    await expect.poll(async () => (await context.cookies()).some((c) => c.name === "authlab_lab_big")).toBe(false);

    await page.getByTestId("cookiesize-permissions").selectOption("20");
    await page.getByTestId("cookiesize-try-run").click();
    await expect(page.getByTestId("cookiesize-trial")).toContainText(d.arrived.split(":")[0] ?? "");
    await expect.poll(async () => (await context.cookies()).some((c) => c.name === "authlab_lab_big")).toBe(true);
    await expectOneLanguage(page, lang, "cookie size lab, after running it");
  });
}
