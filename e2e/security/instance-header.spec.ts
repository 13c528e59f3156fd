import { expect, test } from "@playwright/test";
import { PORT } from "../../playwright.config";
import { call, newClient } from "./support";

// X-AuthLab-Instance (lib/serve.mjs, docs/decisions/040): every answer names the instance
// that gave it, so behind a balancer the dashboard and the inspector can show it. It is a
// name and nothing else, on errors too, and a client cannot put words in its mouth.

const NAME = new RegExp(`^${PORT}-\\d+$`); // the e2e servers set no AUTHLAB_INSTANCE: <port>-<pid>

test("every answer names its instance (200, 401, 404, 421), the name only; a client-sent copy is not echoed", async () => {
  const client = newClient("instance-header");
  const forged = { "x-authlab-instance": "evil<script>" };
  const answers = await Promise.all([
    call("/api/health", { client, headers: forged }),
    call("/api/me", { client, headers: forged }),
    call("/api/no-such-endpoint", { client, headers: forged }),
    call("/api/me", { client, headers: { ...forged, host: "evil.example" } }),
  ]);
  expect(answers.map((r) => r.status)).toEqual([200, 401, 404, 421]);
  const names = answers.map((r) => r.headers.get("x-authlab-instance") ?? "");
  for (const name of names) expect(name).toMatch(NAME);
  expect(new Set(names).size).toBe(1);
  for (const r of answers) expect(r.text).not.toContain("evil<script>");
});
