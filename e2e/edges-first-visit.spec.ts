import type { Page } from "@playwright/test";
import { sharedEn } from "../lib/i18n/shared.en";
import { DEMO, expect, test } from "./fixtures";

// Issue 11, the first visit: 5 a lab asks a stranger to log in, 7 the inspector button
// covers nothing, 8 the cookie-size verdict on a phone, 11 /admin hydrates cleanly,
// 14 icon, social image and robots.txt; and a walk over every page with no console
// error, page error or 404.

const PHONE = { width: 390, height: 844 };

/** Console errors, page errors and 404s while the page is used. */
function watchProblems(page: Page): string[] {
  const problems: string[] = [];
  page.on("console", (m) => {
    if (m.type() === "error") problems.push(`console: ${m.text()} @ ${page.url()}`);
  });
  page.on("pageerror", (e) => problems.push(`pageerror: ${e.message} @ ${page.url()}`));
  page.on("response", (r) => {
    if (r.status() === 404) problems.push(`404: ${r.url()}`);
  });
  return problems;
}

test("edge 5: a first-time visitor who opens a lab is asked to log in to run it", async ({ page }) => {
  await page.goto("/labs/replay");
  await expect(page).toHaveURL(/\/login\?next=%2Flabs%2Freplay$/);
  await expect(page.getByTestId("login-needed")).toHaveText(sharedEn.login.toRunLab);
  await expect(page.getByTestId("login-reason")).toHaveCount(0);

  await page.goto("/labs");
  await expect(page.getByTestId("lab-access-cookie-size")).toHaveAttribute("data-needs-login", "false");
  await expect(page.getByTestId("lab-access-cookie-size")).toHaveText(sharedEn.labs.open);
  for (const slug of ["xss", "replay", "refresh", "race", "db-leak", "time-travel", "scale-out"]) {
    await expect(page.getByTestId(`lab-access-${slug}`)).toHaveAttribute("data-needs-login", "true");
    await expect(page.getByTestId(`lab-access-${slug}`)).toHaveText(sharedEn.labs.needsLogin);
  }
});

/** The element at the centre of `testId`'s box is inside it: nothing floats over it. */
async function expectUncovered(page: Page, selector: string): Promise<void> {
  const target = page.locator(selector).first();
  await target.scrollIntoViewIfNeeded();
  for (const where of ["center", "bottom"] as const) {
    // Also with the target at the very bottom of the screen, where a floating button sits.
    if (where === "bottom") await target.evaluate((el) => el.scrollIntoView({ block: "end" }));
    const hit = await target.evaluate((el) => {
      const r = el.getBoundingClientRect();
      const top = document.elementFromPoint(r.left + r.width / 2, r.top + r.height / 2);
      const right = document.elementFromPoint(r.right - 2, r.bottom - 2);
      return [top, right].every((e) => e !== null && (el.contains(e) || e.contains(el)));
    });
    expect(hit, `${selector} (${where}) is covered`).toBe(true);
  }
}

test("edge 7: the inspector button never covers the page", async ({ page, login }) => {
  await page.setViewportSize(PHONE);
  const toggle = page.getByTestId("inspector-toggle");
  await page.goto("/");
  // In the header's flow, not floating over the content.
  expect(await toggle.evaluate((el) => getComputedStyle(el).position)).not.toMatch(/fixed|sticky/);
  await expect(page.locator("header").getByTestId("inspector-toggle")).toBeVisible();
  await expectUncovered(page, '[data-testid="path-step-1"] button >> nth=1');

  await page.goto("/labs/cookie-size");
  await page.getByTestId("cookiesize-run").click();
  await expect(page.getByTestId("cookiesize-growth-row").last()).toBeVisible();
  await expectUncovered(page, '[data-testid="cookiesize-growth-row"]:last-child td[data-column="fits"]');

  await login({ mode: "jwt" });
  await page.goto("/dashboard");
  await expect(page.getByTestId("mode-column-jwt")).toBeVisible();
  await expectUncovered(page, '[data-testid="mode-column-jwt"] section > header');
});

test("edge 8: on a phone the cookie-size lab's 'under 4096?' verdict is on screen", async ({ page }) => {
  await page.setViewportSize(PHONE);
  await page.goto("/labs/cookie-size");
  await page.getByTestId("cookiesize-run").click();
  const rows = page.getByTestId("cookiesize-growth-row");
  await expect(rows.first()).toBeVisible();
  expect(await rows.count()).toBeGreaterThan(1);
  for (const row of await rows.all()) {
    for (const column of ["fits", "server"]) {
      const cell = row.locator(`td[data-column="${column}"]`);
      await cell.scrollIntoViewIfNeeded();
      await expect(cell).toBeInViewport({ ratio: 1 });
    }
  }
  // Some permission counts fit and some do not: both verdicts are shown.
  await expect(page.locator('[data-testid="cookiesize-growth-row"][data-fits="true"]').first()).toBeVisible();
  await expect(page.locator('[data-testid="cookiesize-growth-row"][data-fits="false"]').first()).toBeVisible();
});

test("edge 11: /admin loads with no hydration error", async ({ page }) => {
  const problems = watchProblems(page);
  const res = await page.request.post("/api/auth/login", { data: { ...DEMO.admin, mode: "session" } });
  expect(res.status()).toBe(200);
  for (let i = 0; i < 2; i++) {
    await page.goto("/admin");
    await expect(page.getByTestId("admin-user").first()).toBeVisible();
    await expect(page.getByTestId("admin-login").first()).toBeVisible();
    await page.waitForTimeout(1500); // hydration and the first poll
  }
  expect(problems).toEqual([]);
});

test("edge 14: favicon, social image and robots.txt are served; metadata points at them", async ({ page }) => {
  for (const [path, type] of [
    ["/favicon.ico", /image\/(x-icon|vnd\.microsoft\.icon)/],
    ["/og.png", /image\/png/],
    ["/robots.txt", /text\/plain/],
  ] as const) {
    const res = await page.request.get(path);
    expect(res.status(), path).toBe(200);
    expect(res.headers()["content-type"], path).toMatch(type);
  }
  await page.goto("/");
  const og = await page.locator('meta[property="og:image"]').first().getAttribute("content");
  expect(og).toMatch(/^https?:\/\/[^/]+\/og\.png$/);
  const icon = await page.locator('link[rel="icon"]').first().getAttribute("href");
  expect(icon).toBeTruthy();
  expect((await page.request.get(icon ?? "")).status()).toBe(200);
});

const PUBLIC_PAGES = ["/", "/login", "/signup", "/labs", "/labs/cookie-size"];
const SIGNED_IN_PAGES = [
  "/dashboard",
  "/labs/xss",
  "/labs/replay",
  "/labs/refresh",
  "/labs/race",
  "/labs/db-leak",
  "/labs/time-travel",
  "/labs/scale-out",
];

test("the walk: every page, stranger then user then admin, with no console error, page error or 404", async ({ page, login }) => {
  test.setTimeout(120_000);
  const problems = watchProblems(page);
  const visit = async (path: string) => {
    await page.goto(path);
    await page.waitForLoadState("networkidle");
  };
  for (const path of PUBLIC_PAGES) await visit(path);
  await login({ mode: "session" });
  for (const path of SIGNED_IN_PAGES) await visit(path);
  await page.context().clearCookies();
  const res = await page.request.post("/api/auth/login", { data: { ...DEMO.admin, mode: "jwt" } });
  expect(res.status()).toBe(200);
  await visit("/admin");
  await visit("/dashboard");
  expect(problems).toEqual([]);
});
