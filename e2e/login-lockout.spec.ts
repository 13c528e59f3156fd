import { randomBytes } from "node:crypto";
import { COOKIES, en, expect, test } from "./fixtures";

// The login page explains a 429 (docs/decisions/031-login-lockout.md): how long to wait,
// which allowance ran out, and that a browser that logged in before keeps its own. This
// browser is its own client (X-Forwarded-For, TRUST_PROXY=1 on the e2e server), so its
// failures never hold another spec's logins.
const hex = randomBytes(6).toString("hex");
test.use({ extraHTTPHeaders: { "x-forwarded-for": `2001:db8:4410::${hex.slice(0, 4)}:${hex.slice(4, 8)}:${hex.slice(8, 12)}` } });

test("after 5 failed logins the form says how long to wait, why, and that a browser that logged in before keeps its own allowance", async ({
  page,
  context,
  newUser,
}) => {
  const user = await newUser();
  await page.goto("/login");
  const username = page.getByLabel(en.login.username);
  const password = page.getByLabel(en.login.password, { exact: true });
  const submit = page.getByRole("button", { name: en.login.submit });
  await username.fill(user.username);
  for (let i = 0; i < 5; i += 1) {
    await password.fill(`wrong-guess-${i}`);
    await submit.click();
    await expect(page.getByTestId("login-error")).toHaveText(en.errors.invalid_credentials);
  }
  await expect(page.getByTestId("login-limited-why")).toHaveCount(0);

  await password.fill(user.password);
  await submit.click();
  // "Wait 30 s" (29 if a second ticked over), not a bare "try again later".
  const [before, after] = en.login.rateLimitedWait.split("{wait}");
  await expect(page.getByTestId("login-error")).toHaveText(new RegExp(`^${before}(29|30) s${after?.replace(".", "\\.")}$`));
  const why = page.getByTestId("login-limited-why");
  await expect(why).toHaveAttribute("data-scope", "account_client");
  await expect(why).toContainText(en.login.rateLimitedWhy.account_client);
  await expect(why).toContainText(en.login.rateLimitedDevice);
  await expect(page).toHaveURL(/\/login$/);
  expect((await context.cookies()).map((c) => c.name)).not.toContain(COOKIES.session);
});
