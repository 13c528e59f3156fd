import type { Dict, Locale } from "@/lib/i18n";
import type { CodesDict } from "@/lib/i18n/codes.en";

/**
 * The slice of the dictionaries the dashboard's client components receive: the app's
 * dashboard words, plus `codes` and `locale` so the server's codes (trace steps, card
 * notes, end reasons) are put into words by the one renderer (TraceView, CodedText).
 */
export type DashboardDict = Pick<Dict, "dashboard" | "errors" | "mode" | "time"> & { codes: CodesDict; locale: Locale };
