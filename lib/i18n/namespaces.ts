// The one registry of dictionaries: one namespace per feature, English and Korean side by
// side. lib/i18n/server.ts loads from here, lib/i18n/i18n.test.ts checks every entry.
// Server-only by use: client components receive a namespace as a prop, never import this.
import { appEn } from "./app.en";
import { appKo } from "./app.ko";
import { clusterEn } from "./cluster.en";
import { clusterKo } from "./cluster.ko";
import { codesEn } from "./codes.en";
import { codesKo } from "./codes.ko";
import { devicesEn } from "./devices.en";
import { devicesKo } from "./devices.ko";
import type { Locale } from "./index";
import { jwksEn } from "./jwks.en";
import { jwksKo } from "./jwks.ko";
import { labsEn } from "./labs.en";
import { labsKo } from "./labs.ko";
import { learnEn } from "./learn.en";
import { learnKo } from "./learn.ko";
import { sharedEn } from "./shared.en";
import { sharedKo } from "./shared.ko";

export const namespaces = {
  app: { en: appEn, ko: appKo },
  cluster: { en: clusterEn, ko: clusterKo },
  codes: { en: codesEn, ko: codesKo },
  devices: { en: devicesEn, ko: devicesKo },
  jwks: { en: jwksEn, ko: jwksKo },
  learn: { en: learnEn, ko: learnKo },
  labs: { en: labsEn, ko: labsKo },
  shared: { en: sharedEn, ko: sharedKo },
} satisfies Record<string, Record<Locale, object>>;

export type Namespace = keyof typeof namespaces;
/** Every namespace, in one language. */
export type Dictionaries = { [N in Namespace]: (typeof namespaces)[N]["en"] };

/** All namespaces in one language (a plain lookup: the dictionaries are modules already loaded). */
export function dictionariesFor(locale: Locale): Dictionaries {
  const out = {} as Record<Namespace, object>;
  for (const name of Object.keys(namespaces) as Namespace[]) out[name] = namespaces[name][locale];
  return out as Dictionaries;
}
