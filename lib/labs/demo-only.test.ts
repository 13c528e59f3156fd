import { describe, expect, it } from "vitest";
import { POST as advanceClock, DELETE as resetClock } from "@/app/api/lab/clock/route";
import { POST as race } from "@/app/api/lab/race/route";
import { POST as scale } from "@/app/api/lab/scale/route";
import { resetEnvForTests } from "@/lib/env";

// Time travel (and the other knobs that bend the rules) exist only in demo mode: a server
// started with AUTHLAB_DEMO=0 refuses the lab routes (lib/demo-clock.test.ts: and ignores
// any lab clock handle).

function withDemo(value: "0" | "1") {
  process.env.AUTHLAB_DEMO = value;
  resetEnvForTests();
}

const post = (body: unknown) =>
  new Request("http://localhost:3000/api/lab/clock", {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify(body),
  });

describe("outside demo mode the lab's knobs answer 403 demo_only", () => {
  it.each([
    ["POST /api/lab/clock", () => advanceClock(post({ seconds: 60 }), undefined)],
    ["DELETE /api/lab/clock", () => resetClock(new Request("http://localhost:3000/api/lab/clock", { method: "DELETE" }), undefined)],
    ["POST /api/lab/scale", () => scale(new Request("http://localhost:3000/api/lab/scale", { method: "POST" }), undefined)],
    ["POST /api/lab/race", () => race(post({ grace: "off" }), undefined)],
  ])("%s", async (_name, call) => {
    withDemo("0");
    const res = await call();
    expect(res.status).toBe(403);
    expect(await res.json()).toEqual({ error: { code: "demo_only", message: expect.any(String) } });
  });
});
