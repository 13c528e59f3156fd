// One error shape for every API response: {"error":{"code","message"}}.

export class ApiError extends Error {
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
