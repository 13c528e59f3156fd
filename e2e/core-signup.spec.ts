import { curl, DEMO, en, expect, expectApiError, SERVERS, signUpViaApi, test, uniqueUsername } from "./fixtures";

// Issue 2, step 2: sign up with a username and password, validated with clear
// messages; signing up does not log anyone in, the login form is the next step.

test("the signup form explains each rule, then hands over to the login form", async ({ page, context }) => {
  await page.goto("/signup");
  const username = page.getByLabel(en.signup.username);
  const password = page.getByLabel(en.signup.password, { exact: true });
  const submit = page.getByRole("button", { name: en.signup.submit });
  const usernameError = page.getByTestId("signup-username-error");
  const passwordError = page.getByTestId("signup-password-error");

  await username.fill("ab");
  await password.fill("short");
  // Enter, not a click: leaving the password field shows its error above the button,
  // which moves the button out from under the pointer (reported, not fixed here).
  await password.press("Enter");
  await expect(usernameError).toHaveText(en.signup.usernameTooShort);
  await expect(passwordError).toHaveText(en.signup.passwordTooShort);
  await expect(username).toBeFocused();

  await username.fill("a".repeat(65));
  await password.fill("p".repeat(1025));
  await submit.click();
  await expect(usernameError).toHaveText(en.signup.usernameTooLong);
  await expect(passwordError).toHaveText(en.signup.passwordTooLong);

  await username.fill("has space");
  await submit.click();
  await expect(usernameError).toHaveText(en.signup.usernameInvalidChars);

  // Only the server knows a name is taken; "ALICE" is alice once case is folded.
  await username.fill("ALICE");
  await password.fill("a-fine-password");
  await submit.click();
  await expect(usernameError).toHaveText(en.signup.usernameTaken);
  await expect(page).toHaveURL(/\/signup$/);

  const name = uniqueUsername("form");
  await username.fill(name.toUpperCase());
  await submit.click();
  await expect(page).toHaveURL(new RegExp(`/login\\?registered=${name}$`));
  await expect(page.getByRole("status").filter({ hasText: name })).toBeVisible();
  await expect(page.getByLabel(en.login.username)).toHaveValue(name);
  // Signing up issued no credential.
  expect((await context.cookies()).map((c) => c.name)).toEqual([]);

  // ... and the login form (session mode, the default in a fresh browser) lands on the dashboard.
  await expect(page.getByRole("radio", { name: en.login.modeSession })).toBeChecked();
  await page.getByLabel(en.login.password, { exact: true }).fill("a-fine-password");
  await page.getByRole("button", { name: en.login.submit }).click();
  await expect(page).toHaveURL(/\/dashboard$/);
  await expect(page.getByTestId("whoami")).toHaveText(`Logged in as ${name}`);
  await expect(page.getByTestId("mode-badge")).toHaveAttribute("data-mode", "session");
});

test("POST /api/auth/signup: 201 with a hash-free user, no cookie, the name folded", async () => {
  const name = uniqueUsername("api");
  const res = await curl(SERVERS.main, "POST", "/api/auth/signup", {
    json: { username: `  ${name.toUpperCase()} `, password: "long-enough-pw" },
  });
  expect(res.status).toBe(201);
  const user = (res.body as { user: Record<string, unknown> }).user;
  expect(user).toMatchObject({ username: name, role: "user", preferredMode: "session", concurrentLogins: "many" });
  expect(Object.keys(user).sort()).toEqual(["concurrentLogins", "createdAt", "id", "preferredMode", "role", "username"]);
  expect(res.text).not.toContain("long-enough-pw");
  expect(res.setCookies).toEqual([]);

  const again = await curl(SERVERS.main, "POST", "/api/auth/signup", { json: { username: name, password: "another-password" } });
  expectApiError(again, 409, "username_taken");
  const demo = await curl(SERVERS.main, "POST", "/api/auth/signup", {
    json: { username: DEMO.alice.username, password: "another-password" },
  });
  expectApiError(demo, 409, "username_taken");
});

test("a refused signup writes nothing: the same name is still free afterwards", async () => {
  const name = uniqueUsername("refused");
  const cases: Array<{ body: Record<string, unknown>; field: string }> = [
    { body: { username: name, password: "short" }, field: "password" },
    { body: { username: name, password: "p".repeat(1025) }, field: "password" },
    { body: { username: "ab", password: "long-enough-pw" }, field: "username" },
    { body: { username: `${name}-${"x".repeat(64)}`, password: "long-enough-pw" }, field: "username" },
    { body: { username: `${name} x`, password: "long-enough-pw" }, field: "username" },
  ];
  for (const { body, field } of cases) {
    const res = await curl(SERVERS.main, "POST", "/api/auth/signup", { json: body });
    expectApiError(res, 400, "invalid_input");
    const details = (res.body as { error: { details: Array<{ path: string }> } }).error.details;
    expect(details.map((d) => d.path)).toEqual([field]);
    expect(res.setCookies).toEqual([]);
  }
  const user = await signUpViaApi(SERVERS.main, { username: name, password: "long-enough-pw" });
  expect(user.username).toBe(name);
});
