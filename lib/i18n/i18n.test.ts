import { describe, expect, it } from "vitest";
import { AUTH_FAILURE_CODES, END_REASONS, NOTE_CODES, ROLES, TRACE_DETAIL_CODES, TRACE_STEP_IDS } from "@/lib/auth/codes";
import { localeFromAcceptLanguage, t } from "./index";
import { KOREAN_VALUED, PLACEHOLDER, withJosa } from "./josa";
import { dictionariesFor, namespaces } from "./namespaces";

/** "a.b.c" -> value, for every leaf of a nested dictionary. */
function flatten(node: unknown, prefix = ""): Map<string, unknown> {
  const out = new Map<string, unknown>();
  if (node !== null && typeof node === "object" && !Array.isArray(node)) {
    for (const [key, value] of Object.entries(node)) {
      for (const [leafKey, leaf] of flatten(value, prefix ? `${prefix}.${key}` : key)) out.set(leafKey, leaf);
    }
  } else {
    out.set(prefix, node);
  }
  return out;
}

const placeholders = (s: string) => [...s.matchAll(PLACEHOLDER)].map((m) => m[1]).sort();

// Every namespace in the one registry (lib/i18n/namespaces.ts): a new one is checked by being listed there.
describe.each(Object.entries(namespaces))("namespace %s", (_name, pair) => {
  const dictionaries = { en: flatten(pair.en), ko: flatten(pair.ko) };

  it.each(Object.entries(dictionaries))("%s: every value is a non-empty string", (_, flat) => {
    for (const [key, value] of flat) {
      expect(typeof value, key).toBe("string");
      expect((value as string).trim().length, key).toBeGreaterThan(0);
    }
  });

  it("en and ko have exactly the same keys", () => {
    const enKeys = [...dictionaries.en.keys()].sort();
    const koKeys = [...dictionaries.ko.keys()].sort();
    expect(
      koKeys.filter((k) => !dictionaries.en.has(k)),
      "keys only in ko",
    ).toEqual([]);
    expect(
      enKeys.filter((k) => !dictionaries.ko.has(k)),
      "keys only in en",
    ).toEqual([]);
  });

  it("each translation uses the same placeholders as English", () => {
    for (const [key, value] of dictionaries.en) {
      expect(placeholders(String(dictionaries.ko.get(key))), key).toEqual(placeholders(String(value)));
    }
  });

  // "alice(으)로", "authlab_access을(를)" read as machine output: choose the particle
  // (josa() after a Korean word) or rephrase so none follows a Latin word.
  it("ko never hedges a particle", () => {
    const hedge = /\((으|이|을|를|은|는|와|과|가)\)|(을|를|이|가|은|는|와|과)\((을|를|이|가|은|는|와|과)\)/;
    for (const [key, value] of dictionaries.ko) expect(String(value), key).not.toMatch(hedge);
  });

  // A chosen particle may only follow a value that is a Korean word (josa.ts); after a
  // Latin value (username, cookie, claim) the sentence is rephrased instead.
  it("ko chooses particles only after Korean-valued placeholders", () => {
    for (const [key, value] of dictionaries.ko) {
      for (const [, name, pair] of String(value).matchAll(PLACEHOLDER)) {
        if (pair === undefined) continue;
        expect(KOREAN_VALUED as readonly string[], `${key}: {${name}|${pair}}`).toContain(name);
        expect(withJosa("세션", pair), `${key}: ${pair} is a pair es-hangul knows`).not.toBe("세션");
      }
    }
    for (const [key, value] of dictionaries.en) expect(String(value), key).not.toMatch(/\{\w+\|/);
  });

  // docs/glossary.md: one Korean name per idea. Each pattern is a name the glossary replaced.
  it("ko uses the glossary's one name per idea", () => {
    const replaced: Array<[RegExp, string]> = [
      [/토큰 패밀리/, "token family = 토큰 계열"],
      [/최대 유지 시간/, "absolute expiry = 절대 만료"],
      [/유휴 시간 초과/, "idle expiry = 유휴 만료"],
      [/리프레시(?! 토큰| 쿠키)/, "refresh (the act) = 갱신; 리프레시 only in 리프레시 토큰/쿠키"],
      [/진실은 서버가|세션 대 JWT|경쟁하는 두 탭/, "literal phrasing"],
      [/인증 정보/, "credential = 자격 증명"],
      [/틈/, "revocation gap = 폐기 공백"],
    ];
    for (const [key, value] of dictionaries.ko) {
      for (const [pattern, rule] of replaced) expect(String(value), `${key}: ${rule}`).not.toMatch(pattern);
    }
  });
});

describe("every server code has words in both languages", () => {
  const lists = {
    steps: TRACE_STEP_IDS,
    details: TRACE_DETAIL_CODES,
    notes: NOTE_CODES,
    reasons: END_REASONS,
    roles: ROLES,
  } as const;
  it.each(["en", "ko"] as const)("%s", (locale) => {
    const { codes, app } = dictionariesFor(locale);
    for (const [group, list] of Object.entries(lists)) {
      const words = codes[group as keyof typeof lists] as Record<string, string>;
      for (const code of list) expect(words[code], `codes.${group}.${code}`).toBeTruthy();
    }
    const errors = app.errors as Record<string, string>;
    for (const code of AUTH_FAILURE_CODES) expect(errors[code], `app.errors.${code}`).toBeTruthy();
  });
});

describe("t", () => {
  it("fills placeholders and leaves unknown ones visible", () => {
    expect(t("in {d}", { d: "4m 10s" })).toBe("in 4m 10s");
    expect(t("{a} and {b}", { a: 1 })).toBe("1 and {b}");
    expect(t("plain")).toBe("plain");
  });
});

describe("particles", () => {
  it("are chosen from the last syllable", () => {
    expect(t("{reason|으로/로} 끝남", { reason: "로그아웃" })).toBe("로그아웃으로 끝남");
    expect(t("{reason|으로/로} 끝남", { reason: "리프레시 토큰 재사용 감지" })).toBe("리프레시 토큰 재사용 감지로 끝남");
    expect(t("{role|이/가}", { role: "관리자" })).toBe("관리자가");
    expect(t("{step|을/를}", { step: "토큰 해시 계산" })).toBe("토큰 해시 계산을");
  });
  it("are left out after a value that is not a Korean word", () => {
    expect(withJosa("alice", "으로/로")).toBe("alice");
  });
  it("every end reason reads right with the particles the templates use", () => {
    const ko = dictionariesFor("ko").codes.reasons;
    expect(withJosa(ko.mode_switched, "으로/로")).toBe("모드 전환으로");
    expect(withJosa(ko.lab_done, "으로/로")).toBe("실습 정리로");
    for (const reason of Object.values(ko)) expect(withJosa(reason, "으로/로")).toMatch(/(으로|로)$/);
  });
});

describe("localeFromAcceptLanguage", () => {
  it.each([
    ["ko-KR,ko;q=0.9,en-US;q=0.8", "ko"],
    ["en-US,en;q=0.9,ko;q=0.8", "en"],
    ["fr-FR,ko;q=0.5", "ko"],
    ["en;q=0.5, ko;q=0.7", "ko"],
    ["ko;q=0, en", "en"],
    ["fr, de", null],
    ["", null],
  ])("%j -> %s", (header, expected) => {
    expect(localeFromAcceptLanguage(header)).toBe(expected);
  });
});
