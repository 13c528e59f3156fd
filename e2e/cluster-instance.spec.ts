import { learnEn } from "../lib/i18n/learn.en";
import { learnKo } from "../lib/i18n/learn.ko";
import { sharedEn } from "../lib/i18n/shared.en";
import { sharedKo } from "../lib/i18n/shared.ko";
import { expect, SERVERS, test } from "./fixtures";
import { LANGS, useLanguage } from "./labs-helpers";

// Every answer names the instance that gave it (X-AuthLab-Instance, lib/serve.mjs): behind
// the cluster's balancer it changes from request to request. The dashboard says which
// instance answered its last poll, and the inspector says it for every request.
const DASHBOARD = { en: sharedEn.instance, ko: sharedKo.instance } as const;
const INSPECTOR = { en: learnEn.inspector, ko: learnKo.inspector } as const;

for (const lang of LANGS) {
  test(`which instance answered (${lang}): the header, the dashboard and the inspector agree`, async ({
    page,
    context,
    login,
    request,
  }) => {
    const health = await request.get("/api/health");
    const id = health.headers()["x-authlab-instance"] ?? "";
    // The e2e servers set no AUTHLAB_INSTANCE: the default is <port>-<pid>.
    expect(id).toMatch(new RegExp(`^${new URL(SERVERS.main).port}-\\d+$`));

    await useLanguage(context, SERVERS.main, lang);
    await login({ mode: "jwt" });
    await page.goto("/dashboard");
    const note = page.getByTestId("dashboard-instance");
    await expect(note).toHaveAttribute("data-instance", id);
    await expect(note).toContainText(DASHBOARD[lang].answeredBy.replace("{id}", id));

    await page.getByTestId("inspector-toggle").click();
    const panel = page.getByTestId("inspector-panel");
    await page.getByTestId("call-api").click();
    const me = panel.locator('[data-testid="inspector-entry"][data-path="/api/me"]').first();
    await expect(me).toHaveAttribute("data-status", "200");
    await expect(me.getByTestId("inspector-instance")).toHaveAttribute("data-instance", id);
    await expect(me.getByTestId("inspector-instance")).toContainText(INSPECTOR[lang].answeredBy.replace("{id}", id));
  });
}

test("an AUTHLAB_INSTANCE that is not a plain name stops the start", async () => {
  const { spawnSync } = await import("node:child_process");
  const r = spawnSync(process.execPath, ["lib/serve.mjs", "-p", "1"], {
    env: { ...process.env, AUTHLAB_INSTANCE: "a b<script>" },
    encoding: "utf8",
    timeout: 20_000,
  });
  expect(r.status).toBe(1);
  expect(r.stderr).toContain("AUTHLAB_INSTANCE must be 1 to 40 letters");
});
