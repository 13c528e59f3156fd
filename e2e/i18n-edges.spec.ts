import { accessClaims, COOKIES, curl, en, expect, SERVERS, test } from "./fixtures";
import { DICTS } from "./labs-helpers";

// Issue 11's rough edges 6 and 12, each held by a test that fails if it comes back
// (edge 10, the guided path's tampering step, is held in learn-path.spec.ts).

test("edge 6: the inspector lists the person's own requests; polling and automatic refresh wait behind a toggle", async ({
  page,
  login,
}) => {
  const inspector = DICTS.en.learn.inspector;
  const backgroundHeaders: string[] = [];
  page.on("request", (r) => {
    if (r.url().includes("/api/auth/inspect")) backgroundHeaders.push(r.headers()["x-authlab-background"] ?? "");
  });
  await login({ mode: "session" });
  await page.goto("/dashboard");
  // The first load and at least one 5 s poll: the page's own requests.
  await expect.poll(() => backgroundHeaders.length, { timeout: 15_000 }).toBeGreaterThanOrEqual(2);
  expect(
    backgroundHeaders.every((h) => h === "1"),
    "every poll is marked background",
  ).toBe(true);

  await page.getByTestId("inspector-toggle").click();
  const entries = page.getByTestId("inspector-panel").getByTestId("inspector-entry");
  await expect(entries).toHaveCount(0);
  await expect(page.getByTestId("inspector-count")).toHaveText(inspector.toggleCount.replace("{n}", "0"));

  await page.getByTestId("call-api").click();
  await expect(entries).toHaveCount(1);
  await expect(entries.first()).toHaveAttribute("data-path", "/api/me");
  // One request is "1 request", not "1 requests".
  await expect(page.getByTestId("inspector-count")).toHaveText(inspector.toggleCountOne);

  await page.getByTestId("inspector-show-background").check();
  await expect.poll(() => entries.count()).toBeGreaterThanOrEqual(3);
  await expect(page.locator('[data-testid="inspector-entry"][data-background="true"]').first()).toBeVisible();
});

test("edge 6: a revocation gap counts its requests by who made them", async ({ page, browser, login }) => {
  const user = await login({ mode: "session" });
  // Another browser of the same account, in JWT mode: its access token is copied, then it logs out.
  const other = await browser.newContext({ baseURL: SERVERS.main });
  const res = await other.request.post("/api/auth/login", { data: { username: user.username, password: user.password, mode: "jwt" } });
  expect(res.status()).toBe(200);
  const access = (await other.cookies()).filter((c) => c.name === COOKIES.access);
  const familyId = String((await accessClaims(other)).fid);
  const out = await other.request.post("/api/auth/logout", { headers: { origin: SERVERS.main } });
  expect(out.status()).toBeLessThan(300);
  await other.close();

  // Inside the gap the copy still works: once as a person would use it, twice as a page's poll.
  expect((await curl(SERVERS.main, "GET", "/api/me", { cookie: access })).status).toBe(200);
  for (let i = 0; i < 2; i++) {
    const polled = await curl(SERVERS.main, "GET", "/api/me", { cookie: access, headers: { "x-authlab-background": "1" } });
    expect(polled.status).toBe(200);
  }

  await page.goto("/dashboard");
  const gap = page.locator(`[data-testid="exposure-window"][data-family="${familyId}"]`);
  await expect(gap).toHaveAttribute("data-requests", "3");
  const byWho = gap.getByTestId("exposure-by-who");
  await expect(byWho).toHaveAttribute("data-own", "1");
  await expect(byWho).toHaveAttribute("data-background", "2");
});

test("edge 12: the access cookie says why it outlives its 5-minute token, and iat/exp read as times", async ({ page, login }) => {
  await login({ mode: "jwt" });
  await page.goto("/dashboard");
  const card = page.getByTestId(`cookie-${COOKIES.access}`);
  await expect(card.getByTestId("note-jwt_access_lifetime")).toBeVisible();
  await expect(card.getByTestId("note-jwt_access_lifetime")).toContainText("5m");
  for (const claim of ["claim-iat", "claim-exp"]) {
    const shown = card.getByTestId(claim);
    await expect(shown).toHaveText(/\d{1,2}:\d{2}:\d{2}/);
    await expect(shown).not.toHaveText(/\d{10}/); // not the epoch number
  }
  // The two times are the token's own: exp - iat is its 5-minute lifetime.
  const iso = async (id: string) => Date.parse((await card.getByTestId(id).locator("time").getAttribute("datetime")) ?? "");
  expect((await iso("claim-exp")) - (await iso("claim-iat"))).toBe(300_000);
  await expect(card).toContainText(en.dashboard.jwtIssuedAt);
});
