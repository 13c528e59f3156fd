// One error shape for every API response: {"error":{"code","message"}}.

export class ApiError extends Error {
  override readonly name = "ApiError";

  /**
   * Recognised by shape, not only `instanceof`: Next may load this module once for the
   * instrumentation hook and once per route bundle, and an error thrown by an object the
   * start-up created (the hashing pool, the store) carries the other copy's class.
   */
  static is(err: unknown): err is ApiError {
    if (err instanceof ApiError) return true;
    const e = err as { name?: unknown; status?: unknown; code?: unknown; extra?: unknown } | null;
    return e?.name === "ApiError" && typeof e.status === "number" && typeof e.code === "string" && typeof e.extra === "object";
  }

  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    /** `body`: more top-level fields of the JSON answer (a failed check's trace). */
    readonly extra: { retryAfter?: number; details?: unknown; body?: Record<string, unknown> } = {},
  ) {
    super(message);
  }
}

export function errorBody(
  code: string,
  message: string,
  details?: unknown,
): { error: { code: string; message: string; details?: unknown } } {
  return { error: details === undefined ? { code, message } : { code, message, details } };
}

/** The database cannot be written (read-only folder, full disk, I/O error, lock): 503, not 500. */
export function isStorageFault(err: unknown): boolean {
  const code = (err as { code?: string })?.code ?? "";
  return /^SQLITE_(READONLY|FULL|IOERR|BUSY|LOCKED|CANTOPEN)/.test(code) || ["EROFS", "ENOSPC", "EACCES"].includes(code);
}
