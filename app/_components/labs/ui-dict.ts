import "server-only";
import { getI18n } from "@/lib/i18n/server";
import type { LabUiDict } from "./RequestCard";

/** What every lab's client component needs to speak the reader's language. */
export async function labUiDict() {
  const { locale, app: dict, learn, labs, codes } = await getI18n();
  const ui: LabUiDict = {
    learn,
    codes,
    locale,
    time: dict.time,
    errors: { ...dict.errors, ...learn.errors },
    mode: dict.mode,
    modeNames: dict.mode,
  };
  return { ui, labs, learn, dict, locale };
}
