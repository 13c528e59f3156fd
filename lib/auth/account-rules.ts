// The account rules both sides apply: the server's schemas (./validation.ts) and the
// signup form's early messages (lib/client/validate-signup.ts). Pure and zod-free, so
// the form can import it without pulling the server's validation into the browser.

export const USERNAME_MIN = 3;
export const USERNAME_MAX = 64;
export const PASSWORD_MIN = 8;
export const PASSWORD_MAX = 1024;

/**
 * One name, one account, as the server stores it: NFKC folds look-alikes ("ａｄｍｉｎ" →
 * "admin"), outer spaces are trimmed, case is folded, so "Admin", "ADMIN" and "ａｄｍｉｎ"
 * are the same user.
 */
export function normalizeUsername(raw: string): string {
  return raw.normalize("NFKC").trim().toLowerCase();
}
