import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { LABS } from "./catalog";

// /labs marks which labs need a login; the mark must say what the page does.
describe("lab catalogue", () => {
  it.each(LABS.map((lab) => [lab.slug, lab.needsLogin] as const))("%s: needsLogin=%s matches its page", (slug, needsLogin) => {
    const page = readFileSync(join(process.cwd(), "app/labs", slug, "page.tsx"), "utf8");
    expect(page.includes("requirePageLogin(")).toBe(needsLogin);
  });
});
