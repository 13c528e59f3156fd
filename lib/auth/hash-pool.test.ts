import { scryptSync } from "node:crypto";
import { describe, expect, it } from "vitest";
import { caught } from "@/lib/test/caught";
import { hashPoolForTests, MAX_QUEUE, MAX_WAIT_MS, poolSize } from "./hash-pool";

const job = (password: string) => ({ password, salt: Buffer.from("0123456789abcdef"), N: 2 ** 10, r: 8, p: 1, keyLen: 32 });

describe("the hashing pool", () => {
  it("leaves request handling a core: one worker per core but one, at least one", () => {
    expect(poolSize()).toBeGreaterThanOrEqual(1);
  });

  it("computes exactly what scrypt computes, on its own thread", async () => {
    const pool = hashPoolForTests(1, 4);
    const ticket = pool.admit();
    const key = await ticket.run(job("hunter22"));
    expect(key.equals(scryptSync("hunter22", Buffer.from("0123456789abcdef"), 32, { N: 2 ** 10, r: 8, p: 1 }))).toBe(true);
  });

  it("admits what the workers and the queue can hold, then answers 503 busy with Retry-After, before any work", async () => {
    const pool = hashPoolForTests(1, 2);
    const tickets = [pool.admit(), pool.admit(), pool.admit()]; // one running, two waiting
    const refused = await caught(Promise.resolve().then(() => pool.admit()));
    expect(refused).toMatchObject({ status: 503, code: "busy" });
    expect(refused.extra.retryAfter).toBeGreaterThanOrEqual(1);
    // A request that ends without hashing (a 429, a 400) gives its place back.
    tickets[2]?.release();
    tickets[2]?.release(); // idempotent
    const again = pool.admit();
    const keys = await Promise.all([tickets[0], tickets[1], again].map((t, i) => t?.run(job(`pw-${i}`))));
    expect(keys.every((k) => k?.length === 32)).toBe(true);
    // All done: the whole capacity is free again.
    const all = [pool.admit(), pool.admit(), pool.admit()];
    for (const t of all) t.release();
  });

  it("a job scrypt refuses (parameters over its memory limit) fails that job only", async () => {
    const pool = hashPoolForTests(1, 2);
    await expect(pool.admit().run({ ...job("x"), N: 2 ** 30 })).rejects.toThrow();
    expect((await pool.admit().run(job("still works"))).length).toBe(32);
  });
});

describe("the queue follows the job time", () => {
  it("a cheap KDF gets a long queue, an expensive one a short one: the wait stays about MAX_WAIT_MS", async () => {
    const pool = hashPoolForTests(1);
    // Before any job: it assumes OWASP cost (~400 ms a job).
    expect(pool.maxQueue).toBe(Math.floor(MAX_WAIT_MS / 400));
    for (let i = 0; i < 30; i++) await pool.admit().run(job(`pw-${i}`)); // N=2^10: a few ms each
    expect(pool.maxQueue).toBeGreaterThan(50);
    expect(pool.maxQueue).toBeLessThanOrEqual(MAX_QUEUE);
  });
});
