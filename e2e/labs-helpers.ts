import type { BrowserContext, Locator, Page } from "@playwright/test";
import { codesEn } from "../lib/i18n/codes.en";
import { codesKo } from "../lib/i18n/codes.ko";
import { labsEn } from "../lib/i18n/labs.en";
import { labsKo } from "../lib/i18n/labs.ko";
import { learnEn } from "../lib/i18n/learn.en";
import { learnKo } from "../lib/i18n/learn.ko";
import { expect } from "./fixtures";

// Helpers for the learn-by-doing specs (guided path, inspector, labs, a11y): every one of
// them runs in English and in Korean, and reads the expected text from the dictionaries.

export const LANGS = ["en", "ko"] as const;
export type Lang = (typeof LANGS)[number];
export const DICTS = {
  en: { learn: learnEn, labs: labsEn, codes: codesEn },
  ko: { learn: learnKo, labs: labsKo, codes: codesKo },
} as const;

/** The language switch's cookie: the app renders in this language from the first page. */
export async function useLanguage(context: BrowserContext, baseURL: string, lang: Lang): Promise<void> {
  await context.addCookies([{ name: "authlab_lang", value: lang, url: baseURL }]);
}

/** The requests a lab shows, as [status, code] pairs, in order. */
export async function labRequests(scope: Locator): Promise<Array<[number, string]>> {
  const cards = scope.getByTestId("lab-request");
  const n = await cards.count();
  const out: Array<[number, string]> = [];
  for (let i = 0; i < n; i++) {
    const card = cards.nth(i);
    out.push([Number(await card.getAttribute("data-status")), (await card.getAttribute("data-code")) ?? ""]);
  }
  return out;
}

/** Waits until a lab shows exactly `count` requests, then returns them. */
export async function expectLabRequests(scope: Locator, expected: Array<[number, string]>): Promise<void> {
  await expect(scope.getByTestId("lab-request")).toHaveCount(expected.length, { timeout: 20_000 });
  expect(await labRequests(scope)).toEqual(expected);
}

/** The page is in the expected language: <html lang> and a heading from that dictionary. */
export async function expectLanguage(page: Page, lang: Lang, heading: string): Promise<void> {
  await expect(page.locator("html")).toHaveAttribute("lang", lang);
  await expect(page.getByRole("heading", { level: 1 })).toHaveText(heading);
}
