// Client-safe i18n helpers. The dictionaries themselves are loaded on the server
// (lib/i18n/server.ts) and handed to client components as props, so this module
// imports them as types only and no dictionary ends up in the client bundle.
import type { en } from "./en";

export const LOCALES = ["en", "ko"] as const;
export type Locale = (typeof LOCALES)[number];
export const DEFAULT_LOCALE: Locale = "en";

/** A preference, not a credential: readable by JS, set by the language switch. */
export const LANG_COOKIE = "authlab_lang";
export const LANG_COOKIE_MAX_AGE = 60 * 60 * 24 * 365;

/** English is the source of truth: every other language must have exactly its keys. */
export type Dict = typeof en;

export function isLocale(value: unknown): value is Locale {
  return typeof value === "string" && (LOCALES as readonly string[]).includes(value);
}

/** Fills `{name}` placeholders. An unknown placeholder is left visible so it gets noticed. */
export function t(template: string, vars?: Record<string, string | number>): string {
  if (!vars) return template;
  return template.replace(/\{(\w+)\}/g, (whole, key: string) => {
    const value = vars[key];
    return value === undefined ? whole : String(value);
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
