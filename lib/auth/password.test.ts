import { describe, expect, it } from "vitest";
import { resetEnvForTests } from "@/lib/env";
import { dummyPasswordHash, hashPassword, kdfParams, verifyPassword } from "./password";

describe("password hashing (scrypt)", () => {
  it("verifies the password it hashed", async () => {
    const hash = await hashPassword("correct horse battery staple");
    await expect(verifyPassword("correct horse battery staple", hash)).resolves.toBe(true);
  });

  it("rejects a wrong password, including near misses", async () => {
    const hash = await hashPassword("correct horse battery staple");
    await expect(verifyPassword("correct horse battery stapl", hash)).resolves.toBe(false);
    await expect(verifyPassword("Correct horse battery staple", hash)).resolves.toBe(false);
    await expect(verifyPassword("correct horse battery staple ", hash)).resolves.toBe(false);
    await expect(verifyPassword("", hash)).resolves.toBe(false);
  });

  it("stores algorithm, parameters, salt and key in the hash", async () => {
    const hash = await hashPassword("p4ssword!");
    const parts = hash.split("$");
    expect(parts).toHaveLength(6);
    const [alg, n, r, p, salt, key] = parts;
    expect(alg).toBe("scrypt");
    // The test setup selects the fast KDF; the parameters travel in the hash.
    expect(kdfParams()).toEqual({ N: 1024, r: 8, p: 1 });
    expect([Number(n), Number(r), Number(p)]).toEqual([1024, 8, 1]);
    expect(Buffer.from(salt ?? "", "base64url")).toHaveLength(16);
    expect(Buffer.from(key ?? "", "base64url")).toHaveLength(32);
    expect(hash).not.toContain("p4ssword!");
  });

  it("salts every hash: the same password hashes differently twice, and both verify", async () => {
    const a = await hashPassword("same password");
    const b = await hashPassword("same password");
    expect(a).not.toBe(b);
    expect(a.split("$")[4]).not.toBe(b.split("$")[4]);
    await expect(verifyPassword("same password", a)).resolves.toBe(true);
    await expect(verifyPassword("same password", b)).resolves.toBe(true);
  });

  it("uses the OWASP parameters when the fast KDF is off", () => {
    process.env.AUTHLAB_FAST_KDF = "0";
    try {
      resetEnvForTests(); // env() caches; a fresh load picks the variable up
      expect(kdfParams()).toEqual({ N: 131072, r: 8, p: 1 });
    } finally {
      process.env.AUTHLAB_FAST_KDF = "1";
      resetEnvForTests();
    }
  });

  it("the parameters written in the hash are the ones used to verify", async () => {
    const hash = await hashPassword("portable");
    const [, , r, p, salt, key] = hash.split("$");
    // Same salt and key, but claiming N=2048: must not verify (the parameters are really used).
    await expect(verifyPassword("portable", ["scrypt", "2048", r, p, salt, key].join("$"))).resolves.toBe(false);
    await expect(verifyPassword("portable", hash)).resolves.toBe(true);
  });

  describe("a malformed stored hash gives false, never a throw", () => {
    let good = "";
    const cases: Array<[string, (g: string[]) => string]> = [
      ["empty string", () => ""],
      ["no separators", () => "garbage"],
      ["another algorithm", (g) => ["bcrypt", ...g.slice(1)].join("$")],
      ["missing key", (g) => g.slice(0, 5).join("$")],
      ["empty salt", (g) => [g[0], g[1], g[2], g[3], "", g[5]].join("$")],
      ["key of the wrong length", (g) => [...g.slice(0, 5), "AAAA"].join("$")],
      ["non-numeric N", (g) => [g[0], "abc", ...g.slice(2)].join("$")],
      ["N not a power of two", (g) => [g[0], "1000", ...g.slice(2)].join("$")],
      ["N beyond the memory limit", (g) => [g[0], String(2 ** 30), ...g.slice(2)].join("$")],
      ["negative r", (g) => [g[0], g[1], "-8", ...g.slice(3)].join("$")],
    ];
    for (const [name, make] of cases) {
      it(name, async () => {
        good ||= await hashPassword("whatever-pass");
        const stored = make(good.split("$"));
        await expect(verifyPassword("whatever-pass", stored)).resolves.toBe(false);
      });
    }
  });

  it("NFKC-equivalent passwords verify (fullwidth, ligatures, composed vs decomposed)", async () => {
    const fullwidth = await hashPassword("ｐａｓｓｗｏｒｄ１２３");
    await expect(verifyPassword("password123", fullwidth)).resolves.toBe(true);
    const ligature = await hashPassword("\uFB01nance-pass"); // "ﬁ"
    await expect(verifyPassword("finance-pass", ligature)).resolves.toBe(true);
    const composed = await hashPassword("caf\u00e9-latte");
    await expect(verifyPassword("cafe\u0301-latte", composed)).resolves.toBe(true);
    // Not merely case-insensitive or lossy:
    await expect(verifyPassword("PASSWORD123", fullwidth)).resolves.toBe(false);
  });

  it("the dummy hash (timing equaliser for unknown users) is a valid hash that is computed once", async () => {
    const a = await dummyPasswordHash();
    const b = await dummyPasswordHash();
    expect(a).toBe(b);
    expect(a).toMatch(/^scrypt\$\d+\$8\$1\$[\w-]{22}\$[\w-]{43}$/);
    await expect(verifyPassword("", a)).resolves.toBe(false);
  });
});
