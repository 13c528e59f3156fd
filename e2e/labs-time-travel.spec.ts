import { expect, SERVERS, test } from "./fixtures";
import { DICTS, expectLanguage, LANGS, useLanguage } from "./labs-helpers";

// The per-browser demo clock: +5 min expires a JWT access token (the browser refreshes
// it without a login page); +30 min idles a session out. Forward only, bounded.
for (const lang of LANGS) {
  test(`time travel lab (${lang}): JWT refreshed transparently after +5 min`, async ({ page, context, login }) => {
    await useLanguage(context, SERVERS.main, lang);
    await login({ mode: "jwt" });
    await page.goto("/labs/time-travel");
    const d = DICTS[lang].labs.timeTravel;
    await expectLanguage(page, lang, d.title);
    await page.getByTestId("timetravel-forward-5").click();
    await expect(page.getByTestId("timetravel-offset")).toHaveAttribute("data-offset", "300");
    await expect(page.getByTestId("timetravel-refreshed")).toHaveText(d.transparent);
    await expect(page.getByTestId("timetravel-result").getByTestId("lab-request")).toHaveAttribute("data-status", "200");
  });

  test(`time travel lab (${lang}): a session idles out after +30 min`, async ({ page, context, login }) => {
    await useLanguage(context, SERVERS.main, lang);
    await login({ mode: "session" });
    await page.goto("/labs/time-travel");
    await page.getByTestId("timetravel-forward-30").click();
    const card = page.getByTestId("timetravel-result").getByTestId("lab-request");
    await expect(card).toHaveAttribute("data-status", "401");
    await expect(card).toHaveAttribute("data-code", "session_idle_expired");
    // Back to real time: the clock cookie is gone (the session stays ended: it was revoked by time).
    await page.getByTestId("timetravel-reset").click();
    await expect(page.getByTestId("timetravel-offset")).toHaveAttribute("data-offset", "0");
    expect((await context.cookies()).some((c) => c.name === "authlab_clock")).toBe(false);
  });
}

test("the demo clock only moves forward, and at most a day", async ({ page, login }) => {
  await login({ mode: "session" });
  const bad = await page.request.post("/api/lab/clock", { data: { seconds: -60 }, failOnStatusCode: false });
  expect(bad.status()).toBe(400);
  expect((await bad.json()).error.code).toBe("invalid_input");
  expect((await page.request.post("/api/lab/clock", { data: { seconds: 86_400 } })).status()).toBe(200);
  const over = await page.request.post("/api/lab/clock", { data: { seconds: 1 }, failOnStatusCode: false });
  expect(over.status()).toBe(400);
  expect((await over.json()).error.code).toBe("clock_limit");
});
