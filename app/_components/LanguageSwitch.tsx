"use client";

import { useRouter } from "next/navigation";
import { useTransition } from "react";
import { type Dict, LANG_COOKIE, LANG_COOKIE_MAX_AGE, LOCALES, type Locale } from "@/lib/i18n";

export function LanguageSwitch({ dict, locale }: { dict: Dict["language"]; locale: Locale }) {
  const router = useRouter();
  const [pending, startTransition] = useTransition();

  function choose(next: Locale) {
    if (next === locale) return;
    // A preference, not a credential: readable by JS on purpose, so not HttpOnly.
    // biome-ignore lint/suspicious/noDocumentCookie: the Cookie Store API is not in every browser we support
    document.cookie = `${LANG_COOKIE}=${next}; Path=/; Max-Age=${LANG_COOKIE_MAX_AGE}; SameSite=Lax`;
    // Server components read the cookie, so re-render them in the new language.
    startTransition(() => router.refresh());
  }

  return (
    <fieldset className="flex items-center rounded-lg border border-neutral-300 p-0.5 dark:border-neutral-700" aria-busy={pending}>
      <legend className="sr-only">{dict.label}</legend>
      {LOCALES.map((value) => (
        <button
          key={value}
          type="button"
          lang={value}
          aria-pressed={value === locale}
          aria-label={value === "en" ? dict.enFull : dict.koFull}
          onClick={() => choose(value)}
          className="rounded-md px-2.5 py-1 text-sm font-medium text-neutral-700 hover:bg-neutral-100 aria-pressed:bg-indigo-600 aria-pressed:text-white aria-pressed:hover:bg-indigo-700 dark:text-neutral-300 dark:hover:bg-neutral-800 dark:aria-pressed:bg-indigo-600 dark:aria-pressed:text-white dark:aria-pressed:hover:bg-indigo-700"
        >
          {dict[value]}
        </button>
      ))}
    </fieldset>
  );
}
