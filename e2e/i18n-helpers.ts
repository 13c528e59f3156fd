import type { Page } from "@playwright/test";
import { expect } from "./fixtures";

// The language check of issue 11: every visible sentence is in the page's language.
// Walks the visible text nodes of <body>, skipping what is a value rather than prose:
// code, kbd, pre, samp, elements marked data-literal, and anything in another declared
// language (the language switch's "한국어"/"EN" carry lang=). In Korean it flags runs of
// two or more English words (identifiers, numbers and the allowlisted terms below do not
// count) and hedged particles like "(으)로"; in English it flags any Hangul. Both flag an
// unfilled {placeholder}.

/** Latin terms that stay as written in Korean (docs/glossary.md, "What stays Latin"). */
export const LATIN_TERMS = [
  "JWT",
  "JWTs",
  "HMAC",
  "HMAC-SHA256",
  "SHA-256",
  "HS256",
  "AES-256-CBC",
  "MAC",
  "HttpOnly",
  "SameSite",
  "SameSite=Lax",
  "Secure",
  "Path",
  "Lax",
  "Strict",
  "base64url",
  "iron-session",
  "localStorage",
  "sessionStorage",
  "document.cookie",
  "Bearer",
  "Origin",
  "XSS",
  "CSRF",
  "OWASP",
  "RFC",
  "HTTP",
  "HTTPS",
  "API",
  "JSON",
  "DB",
  "ID",
  "URL",
  "UTC",
  "GET",
  "POST",
  "PUT",
  "PATCH",
  "DELETE",
  "AuthLab",
  "Content-Security-Policy",
  "Cheat",
  "Sheet",
  "Chrome",
  "Firefox",
  "Safari",
  "Chromium",
  "Linux",
  "macOS",
  "Windows",
  "Android",
  "iOS",
  "Edge",
  "SQLite",
  "PostgreSQL",
  "Node.js",
  "user",
  "admin",
];

export interface LanguageProblem {
  text: string;
  why: string;
}

/** The visible prose on the page that is not in `lang`. Empty means the page passes. */
export async function languageProblems(page: Page, lang: "en" | "ko"): Promise<LanguageProblem[]> {
  return page.evaluate(
    ({ lang, terms }) => {
      const skip = "code, kbd, pre, samp, script, style, noscript, [data-literal], [lang]:not(html)";
      const allow = new Set(terms);
      const problems: Array<{ text: string; why: string }> = [];
      const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
      for (let node = walker.nextNode(); node; node = walker.nextNode()) {
        const text = node.textContent?.replace(/\s+/g, " ").trim() ?? "";
        const parent = node.parentElement;
        if (!text || !parent) continue;
        const foreign = parent.closest(skip);
        // An element in another declared language is skipped, unless it declares this one.
        if (foreign && !(foreign.getAttribute("lang") === lang && !foreign.matches("code, kbd, pre, samp, [data-literal]"))) continue;
        if (!parent.checkVisibility({ opacityProperty: true, visibilityProperty: true })) continue;
        if (/\{\w+(\|[^}]*)?\}/.test(text)) problems.push({ text, why: "unfilled placeholder" });
        if (lang === "en") {
          if (/[\u3131-\u318e\uac00-\ud7a3]/.test(text)) problems.push({ text, why: "Hangul in English" });
          continue;
        }
        if (/\((으|이|을|를|은|는|와|과|가)\)|(을|를|이|가|은|는|와|과)\((을|를|이|가|은|는|와|과)\)/.test(text))
          problems.push({ text, why: "hedged particle" });
        // A word: letters only (trailing punctuation aside), not an allowlisted term.
        const isWord = (token: string) => {
          const bare = token.replace(/^[("“‘[]+|[)"”’\].,:;!?…]+$/g, "");
          return /^[A-Za-z][a-z]+$|^[A-Z][a-z]*$/.test(bare) && !allow.has(bare) && bare.length > 1;
        };
        const tokens = text.split(" ");
        for (let i = 0; i + 1 < tokens.length; i++) {
          if (isWord(tokens[i] ?? "") && isWord(tokens[i + 1] ?? "")) {
            problems.push({ text, why: `English words "${tokens[i]} ${tokens[i + 1]}"` });
            break;
          }
        }
      }
      return problems;
    },
    { lang, terms: LATIN_TERMS },
  );
}

/** Fails with the offending sentences when the page is not entirely in `lang`. */
export async function expectOneLanguage(page: Page, lang: "en" | "ko", where: string): Promise<void> {
  // Give late text (a poll, a result) its moment, then read what is on screen.
  await page.waitForLoadState("networkidle").catch(() => {});
  const problems = await languageProblems(page, lang);
  expect(problems, `${where} (${lang}): prose not in ${lang}`).toEqual([]);
}
