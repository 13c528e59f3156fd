// lib/i18n: every user-visible string, in English and Korean.
//
// HOW TO ADD A NAMESPACE (one per feature):
//   1. `lib/i18n/<feature>.en.ts`: `export const <feature>En = { ... };` and
//      `export type <Feature>Dict = typeof <feature>En;` (English is the reference).
//   2. `lib/i18n/<feature>.ko.ts`: `export const <feature>Ko = { ... } satisfies <Feature>Dict;`
//      (TypeScript then rejects a missing or extra key).
//   3. One line in `lib/i18n/namespaces.ts`: `<feature>: { en: <feature>En, ko: <feature>Ko },`.
//      lib/i18n/i18n.test.ts then checks it (same keys, same placeholders, no hedged
//      particles like "을(를)", no English prose in ko, glossary terms).
//   4. Server components: `const { locale, <feature> } = await getI18n()` (lib/i18n/server.ts);
//      client components get `<feature>` as a prop and import only `type <Feature>Dict`.
// HOW TO ADD A KEY: add it to the .en.ts and the .ko.ts file of its namespace. Placeholders
// are `{name}`; never put a particle right after a placeholder that can hold a Latin word
// ("로그인한 사용자: {user}", not "{user}으로"); after a Korean word use `josa()` (./josa.ts).
// HOW TO ADD A SERVER CODE: the server sends codes + params (lib/auth/codes.ts), never prose;
// add the code to its list there and its words to lib/i18n/codes.*.ts (the test fails otherwise).
//
// This module is client-safe: helpers only, the dictionaries are imported as types.
import type { AppDict } from "./app.en";
import { PLACEHOLDER, withJosa } from "./josa";

export const LOCALES = ["en", "ko"] as const;
export type Locale = (typeof LOCALES)[number];
export const DEFAULT_LOCALE: Locale = "en";

/** A preference, not a credential: readable by JS, set by the language switch. */
export const LANG_COOKIE = "authlab_lang";
export const LANG_COOKIE_MAX_AGE = 60 * 60 * 24 * 365;

/** The app namespace (lib/i18n/app.*.ts); other namespaces export their own `<Feature>Dict`. */
export type Dict = AppDict;

export function isLocale(value: unknown): value is Locale {
  return typeof value === "string" && (LOCALES as readonly string[]).includes(value);
}

/**
 * Fills `{name}` placeholders, and `{name|을/를}` ones with the particle the value's last
 * syllable takes (./josa.ts). An unknown placeholder is left visible so it gets noticed.
 */
export function t(template: string, vars?: Record<string, string | number>): string {
  if (!vars) return template;
  return template.replace(PLACEHOLDER, (whole, key: string, pair?: string) => {
    const value = vars[key];
    if (value === undefined) return whole;
    return pair ? withJosa(String(value), pair) : String(value);
  });
}

/**
 * Picks the most preferred supported language from an Accept-Language header
 * (highest q first, ties in header order). Returns null when none is supported.
 */
export function localeFromAcceptLanguage(header: string | null | undefined): Locale | null {
  if (!header) return null;
  const ranked = header
    .split(",")
    .map((part, index) => {
      const [tag = "", ...params] = part.trim().split(";");
      const qParam = params.map((p) => p.trim()).find((p) => p.startsWith("q="));
      const q = qParam ? Number.parseFloat(qParam.slice(2)) : 1;
      return { primary: tag.trim().toLowerCase().split("-")[0] ?? "", q: Number.isFinite(q) ? q : 0, index };
    })
    .filter((entry) => entry.q > 0)
    .sort((a, b) => b.q - a.q || a.index - b.index);
  for (const entry of ranked) {
    if (isLocale(entry.primary)) return entry.primary;
  }
  return null;
}
