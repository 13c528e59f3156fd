import { appKo as ko } from "../lib/i18n/app.ko";
import { en, expect, SERVERS, test } from "./fixtures";
import { useLanguage } from "./labs-helpers";

// A login storm (docs/decisions/035-hashing-pool.md): beyond the hashing queue the server
// answers 503 busy with Retry-After before checking anything. The login form says so and
// tries once more by itself after the wait. The first answer is made busy here (the real
// one needs a storm: the load suite's storm profile makes it); the retry reaches the
// real server.

for (const [lang, dict] of [
  ["en", en],
  ["ko", ko],
] as const) {
  test(`(${lang}) busy: the form says it will retry in N s, retries once by itself, and logs in`, async ({ page, context, newUser }) => {
    const user = await newUser();
    await useLanguage(context, SERVERS.main, lang);
    let answeredBusy = 0;
    await page.route("**/api/auth/login", async (route) => {
      if (answeredBusy === 0) {
        answeredBusy += 1;
        await route.fulfill({
          status: 503,
          headers: { "content-type": "application/json", "retry-after": "1" },
          body: JSON.stringify({ error: { code: "busy", message: "The server is busy checking passwords. Try again in 1 seconds." } }),
        });
        return;
      }
      await route.continue();
    });
    await page.goto("/login");
    await page.getByLabel(dict.login.username).fill(user.username);
    await page.getByLabel(dict.login.password, { exact: true }).fill(user.password);
    await page.getByRole("button", { name: dict.login.submit }).click();
    await expect(page.getByRole("status")).toHaveText(dict.login.busyRetrying.replace("{seconds}", "1"));
    await expect(page).toHaveURL(/\/dashboard$/, { timeout: 15_000 });
    expect(answeredBusy).toBe(1);
  });
}

test("busy twice: the form stops retrying and says when to try again", async ({ page, newUser }) => {
  const user = await newUser();
  let calls = 0;
  await page.route("**/api/auth/login", (route) => {
    calls += 1;
    return route.fulfill({
      status: 503,
      headers: { "content-type": "application/json", "retry-after": "1" },
      body: JSON.stringify({ error: { code: "busy", message: "busy" } }),
    });
  });
  await page.goto("/login");
  await page.getByLabel(en.login.username).fill(user.username);
  await page.getByLabel(en.login.password, { exact: true }).fill(user.password);
  await page.getByRole("button", { name: en.login.submit }).click();
  await expect(page.getByTestId("login-error")).toHaveText(en.errors.busyFor.replace("{seconds}", "1"));
  expect(calls).toBe(2);
  await expect(page).toHaveURL(/\/login/);
});
