import { describe, expect, it } from "vitest";
import { clusterDictionary } from "./cluster";
import { clusterEn } from "./cluster.en";
import { clusterKo } from "./cluster.ko";

/** "a.b.c" -> value, for every leaf of a nested dictionary. */
function flatten(node: unknown, prefix = ""): Map<string, unknown> {
  const out = new Map<string, unknown>();
  if (node !== null && typeof node === "object" && !Array.isArray(node)) {
    for (const [key, value] of Object.entries(node)) {
      for (const [leafKey, leaf] of flatten(value, prefix ? `${prefix}.${key}` : key)) out.set(leafKey, leaf);
    }
  } else {
    out.set(prefix, node);
  }
  return out;
}

const placeholders = (s: string) => [...s.matchAll(/\{(\w+)\}/g)].map((m) => m[1]).sort();

describe("cluster dictionaries", () => {
  const en = flatten(clusterEn);
  const ko = flatten(clusterKo);

  it("have exactly the same keys, every value a non-empty string", () => {
    expect([...ko.keys()].sort()).toEqual([...en.keys()].sort());
    for (const [key, value] of [...en, ...ko]) {
      expect(typeof value, key).toBe("string");
      expect((value as string).trim(), key).not.toBe("");
    }
  });

  it("use the same placeholders in both languages", () => {
    for (const [key, value] of en) expect(placeholders(String(ko.get(key))), key).toEqual(placeholders(String(value)));
  });

  it("are picked by locale", () => {
    expect(clusterDictionary("en")).toBe(clusterEn);
    expect(clusterDictionary("ko")).toBe(clusterKo);
  });
});
