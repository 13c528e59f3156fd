// The resource-server lab's namespace. Server components pick the dictionary; client
// components receive it as a prop and import only the type.
import type { Locale } from "./index";
import { type JwksDict, jwksEn } from "./jwks.en";
import { jwksKo } from "./jwks.ko";

export type { JwksDict };

const dictionaries: Record<Locale, JwksDict> = { en: jwksEn, ko: jwksKo };

export function jwksDictionary(locale: Locale): JwksDict {
  return dictionaries[locale];
}
