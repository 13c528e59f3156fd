import "server-only";
import { getLearnDictionaries } from "@/lib/i18n/learn";
import type { LabUiDict } from "./RequestCard";

/** What every lab's client component needs to speak the reader's language. */
export async function labUiDict() {
  const { locale, dict, learn, labs } = await getLearnDictionaries();
  const ui: LabUiDict = { learn, locale, errors: { ...dict.errors, ...learn.errors }, modeNames: dict.mode };
  return { ui, labs, learn, dict, locale };
}
