import { expect, test } from "./fixtures";

// Before hydration, or with JavaScript off, a form without method="post" would submit
// as GET and put the password in the URL (history, logs, Referer). Every form that takes
// a password posts instead: the URL never carries it.
test.use({ javaScriptEnabled: false });

const SECRET = "never-in-the-url-1234";

for (const path of ["/login", "/signup"]) {
  test(`${path} with JavaScript off: Enter posts the form and the password never reaches the URL`, async ({ page }) => {
    await page.goto(path);
    await page.locator('input[name="username"]').fill("nojs-user");
    await page.locator('input[name="password"]').fill(SECRET);
    const [response] = await Promise.all([page.waitForResponse((r) => r.request().isNavigationRequest()), page.keyboard.press("Enter")]);
    expect(response.request().method()).toBe("POST");
    expect(response.status()).toBeLessThan(500);
    expect(page.url()).not.toContain(SECRET);
    expect(response.request().url()).not.toContain(SECRET);
  });
}
