import "server-only";
import { cookies, headers } from "next/headers";
import { cache } from "react";
import { DEFAULT_LOCALE, isLocale, LANG_COOKIE, type Locale, localeFromAcceptLanguage } from "./index";
import { type Dictionaries, dictionariesFor } from "./namespaces";

/** The explicit choice (cookie) wins over the browser's Accept-Language, then English. */
export const getLocale = cache(async (): Promise<Locale> => {
  const chosen = (await cookies()).get(LANG_COOKIE)?.value;
  if (isLocale(chosen)) return chosen;
  return localeFromAcceptLanguage((await headers()).get("accept-language")) ?? DEFAULT_LOCALE;
});

/**
 * The one loader: the reader's language and every namespace in it. Server components
 * take what they need (`const { locale, app, devices } = await getI18n()`) and pass
 * client components only their slice.
 */
export async function getI18n(): Promise<{ locale: Locale } & Dictionaries> {
  const locale = await getLocale();
  return { locale, ...dictionariesFor(locale) };
}

export { dictionariesFor };
