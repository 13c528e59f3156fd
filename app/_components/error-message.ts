import { type ApiFailure, retryAfterSeconds } from "@/lib/client/api";
import { type Dict, t } from "@/lib/i18n";

type ErrorsDict = Dict["errors"];

/**
 * The user-facing sentence for an API error: our own translation when we know the
 * code, otherwise the server's message (which is English but specific).
 */
export function errorMessage(dict: ErrorsDict, error: ApiFailure, headers?: Headers | null): string {
  if (error.code === "rate_limited" || error.code === "busy") {
    const seconds = retryAfterSeconds(headers ?? null);
    if (error.code === "busy") return seconds === null ? dict.busy : t(dict.busyFor, { seconds });
    return seconds === null ? dict.rate_limited : t(dict.rateLimitedFor, { seconds });
  }
  if (Object.hasOwn(dict, error.code)) return dict[error.code as keyof ErrorsDict];
  return error.message || t(dict.unknown, { code: error.code });
}

/** A failure code from a trace, translated, with the raw code kept for reference. */
export function failureText(dict: ErrorsDict, code: string): string {
  return Object.hasOwn(dict, code) ? `${dict[code as keyof ErrorsDict]} (${code})` : code;
}
