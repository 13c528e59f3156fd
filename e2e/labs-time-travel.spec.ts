import { expect, SERVERS, test } from "./fixtures";
import { expectOneLanguage } from "./i18n-helpers";
import { DICTS, expectLanguage, LANGS, useLanguage } from "./labs-helpers";

// The lab clock lives on the server and moves a throwaway lab login, never the reader's
// own: +5 min expires the lab login's access token (refreshed without a login page), +30
// min idles its session out, and the reader's own login keeps real time throughout.
for (const lang of LANGS) {
  test(`time travel lab (${lang}): a JWT lab login is refreshed transparently after +5 min`, async ({ page, context, login }) => {
    await useLanguage(context, SERVERS.main, lang);
    await login({ mode: "jwt" });
    await page.goto("/labs/time-travel");
    const d = DICTS[lang].labs.timeTravel;
    await expectLanguage(page, lang, d.title);
    await page.getByTestId("timetravel-forward-5").click();
    await expect(page.getByTestId("timetravel-offset")).toHaveAttribute("data-offset", "300");
    await expect(page.getByTestId("timetravel-refreshed")).toHaveText(d.transparent);
    const card = page.getByTestId("timetravel-result").getByTestId("lab-request");
    await expect(card).toHaveAttribute("data-status", "200");
    await expect(card).toHaveAttribute("data-actor", "lab_jwt");
    // The reader's own access token was not aged: it still reads without a refresh.
    const own = await page.request.get("/api/me", { maxRetries: 1 });
    expect(own.status()).toBe(200);
    expect((await own.json()).mode).toBe("jwt");
    // Back to real time: a fresh lab login answers at once, with nothing to refresh.
    await page.getByTestId("timetravel-reset").click();
    await expect(page.getByTestId("timetravel-offset")).toHaveAttribute("data-offset", "0");
    await expect(page.getByTestId("timetravel-result")).toHaveCount(0);
    await page.getByTestId("timetravel-call").click();
    await expect(card).toHaveAttribute("data-status", "200");
    await expect(page.getByTestId("timetravel-refreshed")).toHaveCount(0);
    await expect(page.getByTestId("timetravel-offset")).toHaveAttribute("data-offset", "0");
    await expectOneLanguage(page, lang, "time travel lab, after running it");
  });

  test(`time travel lab (${lang}): a session lab login idles out after +30 min; yours does not`, async ({ page, context, login }) => {
    await useLanguage(context, SERVERS.main, lang);
    await login({ mode: "session" });
    await page.goto("/labs/time-travel");
    await page.getByTestId("timetravel-forward-30").click();
    const card = page.getByTestId("timetravel-result").getByTestId("lab-request");
    await expect(card).toHaveAttribute("data-status", "401");
    await expect(card).toHaveAttribute("data-code", "session_idle_expired");
    await expect(page.getByTestId("timetravel-offset")).toHaveAttribute("data-offset", "1800");
    expect((await page.request.get("/api/me", { maxRetries: 1 })).status()).toBe(200);
    // Back to real time: the lab login is ended and its clock forgotten.
    await page.getByTestId("timetravel-reset").click();
    await expect(page.getByTestId("timetravel-offset")).toHaveAttribute("data-offset", "0");
    await expect(page.getByTestId("timetravel-result")).toHaveCount(0);
    // No clock ever reached the browser: there is no cookie a client could rewrite.
    await expect.poll(async () => (await context.cookies()).map((c) => c.name)).not.toContain("authlab_clock");
    await expectOneLanguage(page, lang, "time travel lab, after running it");
  });
}

test("the lab clock only moves forward, and at most a day", async ({ page, login }) => {
  await login({ mode: "session" });
  const bad = await page.request.post("/api/lab/clock", { data: { seconds: -60 }, failOnStatusCode: false });
  expect(bad.status()).toBe(400);
  expect((await bad.json()).error.code).toBe("invalid_input");
  const day = await page.request.post("/api/lab/clock", { data: { seconds: 86_400 } });
  expect(day.status()).toBe(200);
  // The answer describes the lab login's request; it never carries a credential's value
  // (no JWT, no sealed session cookie, no clock handle).
  const text = await day.text();
  expect(text).not.toMatch(/eyJ[\w-]+\.eyJ|Fe26\.2|authlab_clock/);
  expect(JSON.parse(text).clock).toMatchObject({ offsetSeconds: 86_400, loginMode: "session" });
  expect(Object.keys(JSON.parse(text).clock).sort()).toEqual(
    ["demo", "loginMode", "maxOffsetSeconds", "offsetSeconds", "realTime", "serverTime"].sort(),
  );
  const over = await page.request.post("/api/lab/clock", { data: { seconds: 1 }, failOnStatusCode: false });
  expect(over.status()).toBe(400);
  expect((await over.json()).error.code).toBe("clock_limit");
  // A day ahead for the lab login; the reader's own session is untouched.
  expect((await page.request.get("/api/me")).status()).toBe(200);
  const reset = await page.request.delete("/api/lab/clock");
  expect(reset.status()).toBe(200);
  expect(await reset.json()).toMatchObject({ offsetSeconds: 0, loginMode: null });
  expect(await (await page.request.get("/api/lab/clock")).json()).toMatchObject({ offsetSeconds: 0, loginMode: null });
});
