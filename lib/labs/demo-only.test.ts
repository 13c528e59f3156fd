import { describe, expect, it } from "vitest";
import { POST as advanceClock, DELETE as resetClock } from "@/app/api/lab/clock/route";
import { POST as race } from "@/app/api/lab/race/route";
import { POST as scale } from "@/app/api/lab/scale/route";
import { clockOffsetMs, parseClockOffset } from "@/lib/demo-clock";
import { resetEnvForTests } from "@/lib/env";

// Time travel (and the other knobs that bend the rules) exist only in demo mode: a server
// started with AUTHLAB_DEMO=0 ignores the clock cookie and refuses the lab routes.

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

describe("demo clock offset", () => {
  it("parses whole seconds up to a day, and nothing else", () => {
    expect(parseClockOffset("300")).toBe(300);
    expect(parseClockOffset("86400")).toBe(86_400);
    for (const bad of [undefined, "", "-5", "1.5", "86401", "1e3", "abc", "9999999"]) expect(parseClockOffset(bad), String(bad)).toBe(0);
  });

  it("moves the clock in demo mode only", () => {
    withDemo("1");
    expect(clockOffsetMs("300")).toBe(300_000);
    withDemo("0");
    expect(clockOffsetMs("300")).toBe(0);
  });
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
