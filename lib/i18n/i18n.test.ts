import { describe, expect, it } from "vitest";
import { en } from "./en";
import { localeFromAcceptLanguage, t } from "./index";
import { ko } from "./ko";
import { labsEn } from "./labs.en";
import { labsKo } from "./labs.ko";
import { learnEn } from "./learn.en";
import { learnKo } from "./learn.ko";

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

// Every namespace pair: the main dictionary, and the files other areas keep their strings in.
const namespaces = {
  main: { en, ko },
  learn: { en: learnEn, ko: learnKo },
  labs: { en: labsEn, ko: labsKo },
};

describe.each(Object.entries(namespaces))("dictionaries: %s", (_name, pair) => {
  const dictionaries = { en: flatten(pair.en), ko: flatten(pair.ko) };

  it.each(Object.entries(dictionaries))("%s: every value is a non-empty string", (_, flat) => {
    for (const [key, value] of flat) {
      expect(typeof value, key).toBe("string");
      expect((value as string).trim().length, key).toBeGreaterThan(0);
    }
  });

  it("en and ko have exactly the same keys", () => {
    const enKeys = [...dictionaries.en.keys()].sort();
    const koKeys = [...dictionaries.ko.keys()].sort();
    expect(
      koKeys.filter((k) => !dictionaries.en.has(k)),
      "keys only in ko",
    ).toEqual([]);
    expect(
      enKeys.filter((k) => !dictionaries.ko.has(k)),
      "keys only in en",
    ).toEqual([]);
  });

  it("each translation uses the same placeholders as English", () => {
    for (const [key, value] of dictionaries.en) {
      expect(placeholders(String(dictionaries.ko.get(key))), key).toEqual(placeholders(String(value)));
    }
  });
});

describe("t", () => {
  it("fills placeholders and leaves unknown ones visible", () => {
    expect(t("in {d}", { d: "4m 10s" })).toBe("in 4m 10s");
    expect(t("{a} and {b}", { a: 1 })).toBe("1 and {b}");
    expect(t("plain")).toBe("plain");
  });
});

describe("localeFromAcceptLanguage", () => {
  it.each([
    ["ko-KR,ko;q=0.9,en-US;q=0.8", "ko"],
    ["en-US,en;q=0.9,ko;q=0.8", "en"],
    ["fr-FR,ko;q=0.5", "ko"],
    ["en;q=0.5, ko;q=0.7", "ko"],
    ["ko;q=0, en", "en"],
    ["fr, de", null],
    ["", null],
  ])("%j -> %s", (header, expected) => {
    expect(localeFromAcceptLanguage(header)).toBe(expected);
  });
});
