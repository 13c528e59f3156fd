import "server-only";
import { cookies, headers } from "next/headers";
import { cache } from "react";
import { en } from "./en";
import { DEFAULT_LOCALE, type Dict, isLocale, LANG_COOKIE, type Locale, localeFromAcceptLanguage } from "./index";
import { ko } from "./ko";
import { securityEn } from "./security.en";
import { securityKo } from "./security.ko";

// The HTTP layer's error codes (lib/i18n/security.*.ts) join the shared `errors`.
const dictionaries: Record<Locale, Dict> = {
  en: { ...en, errors: { ...en.errors, ...securityEn.errors } },
  ko: { ...ko, errors: { ...ko.errors, ...securityKo.errors } },
};

/** The explicit choice (cookie) wins over the browser's Accept-Language, then English. */
export const getLocale = cache(async (): Promise<Locale> => {
  const chosen = (await cookies()).get(LANG_COOKIE)?.value;
  if (isLocale(chosen)) return chosen;
  return localeFromAcceptLanguage((await headers()).get("accept-language")) ?? DEFAULT_LOCALE;
});

export async function getDictionary(): Promise<{ locale: Locale; dict: Dict }> {
  const locale = await getLocale();
  return { locale, dict: dictionaries[locale] };
}
