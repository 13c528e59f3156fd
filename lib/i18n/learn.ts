import "server-only";
import type { Locale } from "./index";
import { jwksDictionary } from "./jwks";
import { type LabsDict, labsEn } from "./labs.en";
import { labsKo } from "./labs.ko";
import { type LearnDict, learnEn } from "./learn.en";
import { learnKo } from "./learn.ko";
import { getDictionary } from "./server";

// The learn-by-doing namespaces (inspector, guided path, labs), loaded on the server and
// handed to client components as props, like the main dictionary.
const learn: Record<Locale, LearnDict> = { en: learnEn, ko: learnKo };
const labs: Record<Locale, LabsDict> = { en: labsEn, ko: labsKo };

export function learnDictionary(locale: Locale): LearnDict {
  return learn[locale];
}

export function labsDictionary(locale: Locale): LabsDict {
  return labs[locale];
}

export async function getLearnDictionaries() {
  const { locale, dict } = await getDictionary();
  // The resource-server lab keeps its strings in its own namespace (jwks.*.ts), joined here.
  return { locale, dict, learn: learn[locale], labs: { ...labs[locale], jwks: jwksDictionary(locale) } };
}
