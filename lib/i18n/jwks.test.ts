import { describe, expect, it } from "vitest";
import { jwksEn } from "./jwks.en";
import { jwksKo } from "./jwks.ko";

// The resource-server lab's namespace: same keys, same placeholders, no empty string.
const placeholders = (s: string) => [...s.matchAll(/\{(\w+)\}/g)].map((m) => m[1]).sort();

describe("dictionaries: jwks", () => {
  it("en and ko have exactly the same keys, each a non-empty string with the same placeholders", () => {
    expect(Object.keys(jwksKo).sort()).toEqual(Object.keys(jwksEn).sort());
    for (const [key, value] of Object.entries(jwksEn)) {
      const ko = (jwksKo as Record<string, unknown>)[key];
      expect(typeof ko, key).toBe("string");
      expect(String(ko).trim().length, key).toBeGreaterThan(0);
      expect(value.trim().length, key).toBeGreaterThan(0);
      expect(placeholders(String(ko)), key).toEqual(placeholders(value));
    }
  });
});
