// The cluster namespace, kept apart from en.ts/ko.ts (see devices.ts). Its few strings
// are small enough that client components may pick them by locale themselves.
import { clusterEn } from "./cluster.en";
import { clusterKo } from "./cluster.ko";
import type { Locale } from "./index";

export type ClusterDict = typeof clusterEn;

const dictionaries: Record<Locale, ClusterDict> = { en: clusterEn, ko: clusterKo };

export function clusterDictionary(locale: Locale): ClusterDict {
  return dictionaries[locale];
}
