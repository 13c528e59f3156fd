import { expect, type Page, test } from "@playwright/test";
import { EXTRA_PORTS, freshDataDir, type RunningServer, startServer } from "../load/server";
import { BASE, call, DB_FILE, logIn, newClient, queryDb, signUp } from "./support";

// Reflected and stored values rendered escaped (OWASP Cross Site Scripting Prevention
// Cheat Sheet): query parameters the login page shows, and the User-Agent the dashboard
// lists for each login. The raw HTML must carry them only as text, and in a browser no
// payload may run or create an element; CSP (headers.spec.ts) is the second line.

test.describe.configure({ mode: "parallel" });

const MARK = "__authlabXss";
const payloads = [
  `<script>window.${MARK}=1</script>`,
  `<img src=x onerror="window.${MARK}=1">`,
  `"><svg onload="window.${MARK}=1">`,
  `</script><script>window.${MARK}=1</script>`,
];

async function expectNotExecuted(page: Page): Promise<void> {
  expect(await page.evaluate((mark) => (window as unknown as Record<string, unknown>)[mark] ?? null, MARK)).toBeNull();
  expect(await page.locator("img[src='x'], svg[onload], script:not([src]):not([nonce])").count()).toBe(0);
}

/** The payload never appears unescaped in the HTML, including React's inline flight data. */
function expectEscapedInHtml(html: string, payload: string): void {
  expect(html).not.toContain(payload);
  expect(html).not.toContain(`window.${MARK}=1</script>`);
}

for (const [i, payload] of payloads.entries()) {
  test(`/login?registered=<payload ${i + 1}>: neither run nor shown (only a name signup could produce is shown)`, async ({ page }) => {
    const url = `/login?registered=${encodeURIComponent(payload)}`;
    expectEscapedInHtml(await (await fetch(`${BASE}${url}`)).text(), payload);
    await page.goto(url);
    await expect(page.locator("h1")).toBeVisible();
    await expect(page.getByRole("status").filter({ hasText: "created" })).toHaveCount(0);
    await expect(page.locator("#login-username")).toHaveValue("");
    await expectNotExecuted(page);
  });
}

test("/login?registered=<a real name> is shown, as text", async ({ page }) => {
  await page.goto("/login?registered=new.user-1");
  await expect(page.getByRole("status").filter({ hasText: "new.user-1" })).toBeVisible();
  await expect(page.locator("#login-username")).toHaveValue("new.user-1");
});

test("/login?reason=<payload> shows nothing of it (only known reasons are shown)", async ({ page }) => {
  const payload = payloads[1] as string;
  const url = `/login?reason=${encodeURIComponent(payload)}`;
  expectEscapedInHtml(await (await fetch(`${BASE}${url}`)).text(), payload);
  await page.goto(url);
  await expect(page.locator("h1")).toBeVisible();
  await expect(page.getByTestId("login-reason")).toHaveCount(0);
  await expectNotExecuted(page);
});

test("/login?next=javascript:… : logging in lands on the dashboard, the script never runs", async ({ page }) => {
  const user = await signUp(newClient("xss"));
  await page.goto(`/login?next=${encodeURIComponent(`javascript:window.${MARK}=1`)}`);
  await page.getByLabel("Username").fill(user.username);
  await page.getByLabel("Password").fill(user.password);
  await page.getByRole("button", { name: "Log in", exact: true }).click();
  await expect(page).toHaveURL(`${BASE}/dashboard`);
  await expectNotExecuted(page);
});

test("a path with markup in the 404 page is not reflected as markup", async ({ page }) => {
  const payload = payloads[0] as string;
  const res = await fetch(`${BASE}/${encodeURIComponent(payload)}`);
  expect(res.status).toBe(404);
  expectEscapedInHtml(await res.text(), payload);
  await page.goto(`/${encodeURIComponent(payload)}`);
  await expectNotExecuted(page);
});

for (const mode of ["session", "jwt"] as const) {
  test(`a User-Agent with markup is listed on the dashboard as text, an X-Forwarded-For with markup is dropped (${mode} mode)`, async ({
    page,
    context,
  }) => {
    const payload = `<img src=x onerror="window.${MARK}=1">${mode}`;
    const user = await signUp(newClient("xss"));
    // The hostile login: its User-Agent is stored with the session / refresh family; its
    // X-Forwarded-For is markup too, and is not an address, so it is not stored at all.
    await logIn(user, mode, { ip: `<svg onload="window.${MARK}=1">`, ua: payload });
    const stored = queryDb<{ ip: string | null }>(
      DB_FILE,
      `SELECT ip FROM ${mode === "session" ? "sessions" : "refresh_tokens"} WHERE user_agent = ?`,
      payload,
    );
    expect(stored).toEqual([{ ip: null }]);
    // The victim's own browser, logged in as the same user, opens the dashboard.
    const cookies = await logIn(user, "session", newClient("victim"));
    await context.addCookies([
      { name: "authlab_session", value: cookies.authlab_session as string, url: BASE, httpOnly: true, sameSite: "Lax" },
    ]);
    const html = await (await fetch(`${BASE}/dashboard`, { headers: { cookie: `authlab_session=${cookies.authlab_session}` } })).text();
    expectEscapedInHtml(html, payload);
    await page.goto("/dashboard");
    // The devices list (or the session table) shows it, as text.
    const inspect = await call("/api/auth/sessions", { cookies });
    expect(JSON.stringify(inspect.body)).toContain(payload.replace(/"/g, '\\"'));
    // The devices list names each login by its User-Agent (the first 40 characters when unknown).
    await expect(page.locator("main")).toContainText(payload.slice(0, 30), { timeout: 20_000 });
    await expectNotExecuted(page);
  });
}

test.describe("the admin page lists every user's logins", () => {
  // A server of its own: logging the admin in on the shared e2e servers would change what
  // other specs see of the admin account.
  let server: RunningServer;
  test.beforeAll(async () => {
    test.setTimeout(120_000);
    server = await startServer({ port: EXTRA_PORTS.adminView, dataDir: freshDataDir("admin-view") });
  });
  test.afterAll(async () => {
    await server?.stop();
  });

  test("a User-Agent with markup is shown to the admin as text, never run", async ({ page, context }) => {
    const payload = `<img src=x onerror="window.${MARK}=1">admin-view`;
    const user = await signUp(newClient("xss"), undefined, server.url);
    await logIn(user, "jwt", { ip: newClient().ip, ua: payload }, server.url);
    const admin = await call("/api/auth/login", {
      base: server.url,
      json: { username: "admin", password: "admin-demo-pass", mode: "session" },
    });
    expect(admin.status).toBe(200);
    const cookie = admin.setCookies
      .find((c) => c.startsWith("authlab_session="))
      ?.split(";")[0]
      ?.split("=")[1] as string;
    const html = await (await fetch(`${server.url}/admin`, { headers: { cookie: `authlab_session=${cookie}` } })).text();
    expectEscapedInHtml(html, payload);
    await context.addCookies([{ name: "authlab_session", value: cookie, url: server.url, httpOnly: true, sameSite: "Lax" }]);
    await page.goto(`${server.url}/admin`);
    await expect(page.locator(`[data-username="${user.username}"]`)).toContainText(payload.slice(0, 30), { timeout: 20_000 });
    await expectNotExecuted(page);
  });
});
