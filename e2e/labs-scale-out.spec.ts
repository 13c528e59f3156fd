import { clusterEn } from "../lib/i18n/cluster.en";
import { clusterKo } from "../lib/i18n/cluster.ko";
import type { ScaleReport } from "../lib/labs/types";
import { expect, SERVERS, test } from "./fixtures";
import { expectOneLanguage } from "./i18n-helpers";
import { DICTS, expectLabRequests, expectLanguage, LANGS, useLanguage } from "./labs-helpers";

// Three processes of this app: B shares A's database, C has its own (same keys). A JWT
// is accepted by all three; a session only where its row can be found. The e2e servers
// have no DATABASE_URL: the page says this is the one-machine version (B shares A's
// SQLite file), and each server names itself in X-AuthLab-Instance.
const CLUSTER = { en: clusterEn, ko: clusterKo } as const;
test.describe.configure({ mode: "serial" }); // the first run starts B and C; the second reuses them
for (const lang of LANGS) {
  test(`scale-out lab (${lang}): JWT everywhere, session only with the shared store`, async ({ page, context, login }) => {
    test.setTimeout(90_000);
    await useLanguage(context, SERVERS.main, lang);
    await login({ mode: "session" });
    await page.goto("/labs/scale-out");
    await expectLanguage(page, lang, DICTS[lang].labs.scale.title);
    const store = page.getByTestId("scale-store");
    await expect(store).toHaveAttribute("data-store", "sqlite-file");
    await expect(store).toHaveText(
      CLUSTER[lang].scale.oneMachine.replaceAll("{env}", "DATABASE_URL").replace("{command}", "npm run demo:cluster"),
    );
    const answer = page.waitForResponse((r) => r.url().endsWith("/api/lab/scale") && r.request().method() === "POST", {
      timeout: 75_000,
    });
    await page.getByTestId("scale-run").click();
    await expect(page.getByTestId("scale-result")).toBeVisible({ timeout: 75_000 });
    const report = (await (await answer).json()) as ScaleReport;
    expect(report.sharedStore).toBe("sqlite-file");
    // A, B and C are three processes, and each says which one answered.
    const instances = report.requests.map((r) => `${r.actor}=${r.instance}`);
    const a = report.requests.find((r) => r.actor === "server_a")?.instance ?? "";
    expect(a).toMatch(/^[A-Za-z0-9._-]+$/);
    expect(new Set(instances)).toEqual(new Set([`server_a=${a}`, `server_b=${a}-b`, `server_c=${a}-c`]));
    await expectLabRequests(page.getByTestId("scale-jwt"), [
      [200, ""],
      [200, ""],
      [200, ""],
    ]);
    await expectLabRequests(page.getByTestId("scale-session"), [
      [200, ""],
      [200, ""],
      [401, "session_not_found"],
    ]);
    await expectOneLanguage(page, lang, "scale-out lab, after running it");
  });
}
