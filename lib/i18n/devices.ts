// The devices/admin namespace, kept apart from en.ts/ko.ts so that area's strings live
// in one place. Server components pick the dictionary; client components receive it as
// a prop and import only the type, so no dictionary reaches the client bundle unasked.
import { devicesEn } from "./devices.en";
import { devicesKo } from "./devices.ko";
import type { Locale } from "./index";

export type DevicesDict = typeof devicesEn;

const dictionaries: Record<Locale, DevicesDict> = { en: devicesEn, ko: devicesKo };

export function devicesDictionary(locale: Locale): DevicesDict {
  return dictionaries[locale];
}
