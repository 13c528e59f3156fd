import { COOKIES, credentialCookiesSet, curl, en, expect, expectApiError, logInViaApi, SERVERS, test, uniqueUsername } from "./fixtures";

// Issue 2, step 2: the login form's answers. A wrong password and an unknown user are
// indistinguishable; the mode toggle starts on the mode this browser used last; an API
// login without a mode uses the user's saved preference.

test("wrong password and unknown user get the same message, and no cookie", async ({ page, context, newUser }) => {
  const user = await newUser();
  await page.goto("/login");
  const username = page.getByLabel(en.login.username);
  const password = page.getByLabel(en.login.password, { exact: true });
  const submit = page.getByRole("button", { name: en.login.submit });

  await username.fill(user.username);
  await password.fill("not-the-password");
  await submit.click();
  await expect(page.getByTestId("login-error")).toHaveText(en.errors.invalid_credentials);
  // The password is cleared and focused for the next try.
  await expect(password).toHaveValue("");
  await expect(password).toBeFocused();

  await username.fill(uniqueUsername("nobody"));
  await password.fill("not-the-password");
  await submit.click();
  await expect(page.getByTestId("login-error")).toHaveText(en.errors.invalid_credentials);
  await expect(page).toHaveURL(/\/login$/);
  expect((await context.cookies()).map((c) => c.name)).toEqual([]);

  // Over the API, byte for byte the same answer.
  const wrong = await curl(SERVERS.main, "POST", "/api/auth/login", { json: { username: user.username, password: "nope-nope" } });
  const unknown = await curl(SERVERS.main, "POST", "/api/auth/login", {
    json: { username: uniqueUsername("nobody"), password: "nope-nope" },
  });
  expectApiError(wrong, 401, "invalid_credentials");
  expect(unknown.status).toBe(wrong.status);
  expect(unknown.text).toBe(wrong.text);
  expect(credentialCookiesSet(wrong)).toEqual([]);
  expect(credentialCookiesSet(unknown)).toEqual([]);
});

test("the mode toggle defaults to the mode this browser last used", async ({ page, login }) => {
  await login({ mode: "jwt" });
  await page.goto("/login");
  await expect(page.getByTestId("already-logged-in")).toBeVisible();
  await expect(page.getByRole("radio", { name: en.login.modeJwt })).toBeChecked();
  await expect(page.getByRole("radio", { name: en.login.modeSession })).not.toBeChecked();

  expect((await page.request.put("/api/me/mode", { data: { mode: "session" } })).status()).toBe(200);
  await page.reload();
  await expect(page.getByRole("radio", { name: en.login.modeSession })).toBeChecked();
});

test("a login without a mode uses the user's saved preference", async ({ newUser }) => {
  const user = await newUser();
  // New accounts prefer session mode.
  expect(Object.keys(await logInViaApi(SERVERS.main, user)).sort()).toEqual([COOKIES.device, COOKIES.prefMode, COOKIES.session]);
  // Choosing JWT once saves it...
  expect(Object.keys(await logInViaApi(SERVERS.main, user, "jwt")).sort()).toEqual([
    COOKIES.access,
    COOKIES.device,
    COOKIES.prefMode,
    COOKIES.refresh,
  ]);
  // ... so the next login without a mode is a JWT login.
  const res = await curl(SERVERS.main, "POST", "/api/auth/login", { json: { username: user.username, password: user.password } });
  expect(res.status).toBe(200);
  expect(res.body).toMatchObject({ mode: "jwt", user: { username: user.username, preferredMode: "jwt" } });
});
