import { josa } from "es-hangul";

// Korean particles that depend on the word before them (이/가, 을/를, 은/는, 와/과, 으로/로):
// a template writes `{reason|으로/로}` and the particle is chosen from the value's last
// syllable by es-hangul. Only for values that are Korean words from the dictionaries (end
// reasons, step names): after a Latin word (a username, a cookie or claim name) the
// dictionaries rephrase instead ("로그인한 사용자: {username}"), since "JWT" or "alice"
// has no syllable to read. lib/i18n/i18n.test.ts holds the templates to that.

export type JosaPair = Parameters<typeof josa>[1];
const PAIRS = new Set<string>(["이/가", "을/를", "은/는", "와/과", "으로/로", "이나/나", "이에요/예요", "으로서/로서", "이라/라"]);

/** The placeholder names whose values are Korean words, so a particle may follow them. */
export const KOREAN_VALUED = ["reason", "step", "role"] as const;

const HANGUL_SYLLABLE = /[가-힣]$/;

/** `value` followed by the particle its last syllable takes; a non-Korean value gets none. */
export function withJosa(value: string, pair: string): string {
  if (!PAIRS.has(pair) || !HANGUL_SYLLABLE.test(value)) return value;
  return josa(value, pair as JosaPair);
}

/** `{name}` or `{name|을/를}`: the name and, if any, the particle pair. */
export const PLACEHOLDER = /\{(\w+)(?:\|([^}]+))?\}/g;
