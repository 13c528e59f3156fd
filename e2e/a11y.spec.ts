import AxeBuilder from "@axe-core/playwright";
import type { Page } from "@playwright/test";
import { DEMO, expect, SERVERS, test } from "./fixtures";
import { useLanguage } from "./labs-helpers";

// Every page passes axe-core with no serious or critical violation, in light and dark,
// with the inspector open and with a lab's results on screen; and a lab can be run with
// the keyboard alone.

async function expectAccessible(page: Page, label: string): Promise<void> {
  const { violations } = await new AxeBuilder({ page }).withTags(["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]).analyze();
  const bad = violations
    .filter((v) => v.impact === "serious" || v.impact === "critical")
    .map((v) => `${v.id} (${v.impact}): ${v.nodes.map((n) => n.target.join(" ")).join(", ")}`);
  expect(bad, `${label}: axe violations`).toEqual([]);
}

const PUBLIC = ["/", "/login", "/signup", "/labs", "/labs/cookie-size"];
const SIGNED_IN = [
  "/",
  "/dashboard",
  "/labs/xss",
  "/labs/replay",
  "/labs/refresh",
  "/labs/race",
  "/labs/db-leak",
  "/labs/time-travel",
  "/labs/scale-out",
  "/labs/resource-server",
];

// Dark mode on a sample of each kind of page (every page in light). One test per page:
// axe on a long page takes seconds on a small machine.
const DARK_PUBLIC = ["/", "/login", "/labs"];
const DARK_SIGNED_IN = ["/dashboard", "/labs/xss", "/labs/refresh"];

for (const scheme of ["light", "dark"] as const) {
  for (const path of scheme === "light" ? PUBLIC : DARK_PUBLIC) {
    test(`a11y (${scheme}) ${path}`, async ({ page }) => {
      test.setTimeout(60_000);
      await page.emulateMedia({ colorScheme: scheme });
      await page.goto(path);
      await expectAccessible(page, `${scheme} ${path}`);
    });
  }
  for (const path of scheme === "light" ? SIGNED_IN : DARK_SIGNED_IN) {
    test(`a11y (${scheme}) ${path}, signed in`, async ({ page, login }) => {
      test.setTimeout(60_000);
      await page.emulateMedia({ colorScheme: scheme });
      await login({ mode: "session" });
      await page.goto(path);
      await expectAccessible(page, `${scheme} ${path}`);
    });
  }
  test(`a11y (${scheme}): the dashboard with the inspector open`, async ({ page, login }) => {
    test.setTimeout(60_000);
    await page.emulateMedia({ colorScheme: scheme });
    await login({ mode: "session" });
    await page.goto("/dashboard");
    await page.getByTestId("call-api").click();
    await page.getByTestId("inspector-toggle").click();
    await page.getByTestId("inspector-panel").getByTestId("inspector-entry").first().locator("summary").click();
    await expectAccessible(page, `${scheme} /dashboard with the inspector open`);
  });
}

test("a11y: Korean, and the guided path with results on screen", async ({ page, context, login }) => {
  test.setTimeout(60_000);
  await useLanguage(context, SERVERS.main, "ko");
  await login({ mode: "session" });
  await page.goto("/");
  await page.getByTestId("path-s1-without").click();
  await page.getByTestId("path-s4-get").click();
  await page.getByTestId("path-s4-tamper").click();
  await expect(page.getByTestId("path-s4-verdict")).toBeVisible();
  await page.getByTestId("path-s6-run").click();
  await expect(page.getByTestId("path-s6-result")).toBeVisible();
  await expectAccessible(page, "ko / with results");
});

test("a11y: /admin as the admin", async ({ page }) => {
  // Like every other axe test here: /admin lists every user the suite has created, the
  // longest page of all, and axe on it alone took ~25 s on a loaded 2-core machine.
  test.setTimeout(60_000);
  const res = await page.request.post("/api/auth/login", { data: { ...DEMO.admin, mode: "session" } });
  expect(res.status()).toBe(200);
  await page.goto("/admin");
  await expect(page.getByRole("heading", { level: 1 })).toBeVisible();
  await expectAccessible(page, "/admin");
});

test("a11y (dark): /admin as the admin", async ({ page }) => {
  test.setTimeout(60_000);
  await page.emulateMedia({ colorScheme: "dark" });
  const res = await page.request.post("/api/auth/login", { data: { ...DEMO.admin, mode: "session" } });
  expect(res.status()).toBe(200);
  await page.goto("/admin");
  await expect(page.getByRole("heading", { level: 1 })).toBeVisible();
  await expectAccessible(page, "dark /admin");
});

// A phone's dashboard: the mode switch, the stacked tables, the counters card.
for (const scheme of ["light", "dark"] as const) {
  test(`a11y (${scheme}): the dashboard on a phone, the other mode's column shown`, async ({ page, login }) => {
    test.setTimeout(60_000);
    await page.setViewportSize({ width: 390, height: 844 });
    await page.emulateMedia({ colorScheme: scheme });
    await login({ mode: "session" });
    await page.goto("/dashboard");
    await page.getByTestId("show-mode-jwt").click();
    await expect(page.getByTestId("check-counters")).toBeVisible();
    await expectAccessible(page, `${scheme} phone /dashboard`);
  });
}

test("keyboard only: run a lab and read its result", async ({ page, login }) => {
  await login({ mode: "session" });
  await page.goto("/labs/db-leak");
  // Tab from the top of the page to the lab's Run button, then press Enter.
  for (let i = 0; i < 30; i++) {
    await page.keyboard.press("Tab");
    if ((await page.evaluate(() => document.activeElement?.getAttribute("data-testid"))) === "dbleak-run") break;
  }
  await expect(page.getByTestId("dbleak-run")).toBeFocused();
  await page.keyboard.press("Enter");
  await expect(page.getByTestId("dbleak-clear").getByTestId("lab-request")).toHaveCount(2);
});
