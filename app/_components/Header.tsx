import Link from "next/link";
import { pageUser } from "@/lib/auth/guards";
import type { Dict, Locale } from "@/lib/i18n";
import { dictionariesFor } from "@/lib/i18n/server";
import { LanguageSwitch } from "./LanguageSwitch";

const navLink =
  "rounded-md px-2 py-1 text-sm font-medium text-neutral-700 hover:bg-neutral-100 hover:text-neutral-900 dark:text-neutral-300 dark:hover:bg-neutral-800 dark:hover:text-white";

export async function Header({ dict, language, locale }: { dict: Dict["header"]; language: Dict["language"]; locale: Locale }) {
  // Only admins see the way to /admin (which still checks for itself).
  const isAdmin = (await pageUser())?.role === "admin";
  return (
    <header className="border-b border-neutral-200 bg-white/80 dark:border-neutral-800 dark:bg-neutral-900/80">
      <div className="mx-auto flex w-full max-w-7xl flex-wrap items-center justify-between gap-x-4 gap-y-2 px-4 py-3 sm:px-6">
        <Link href="/" className="rounded-md text-lg font-semibold tracking-tight text-indigo-700 dark:text-indigo-300">
          {dict.home}
        </Link>
        <div className="flex flex-wrap items-center gap-x-3 gap-y-2">
          <nav aria-label={dict.navLabel}>
            <ul className="flex flex-wrap items-center gap-1">
              <li>
                <Link href="/dashboard" className={navLink}>
                  {dict.dashboard}
                </Link>
              </li>
              <li>
                <Link href="/labs" className={navLink} data-testid="nav-labs">
                  {dictionariesFor(locale).labs.nav.labs}
                </Link>
              </li>
              {isAdmin && (
                <li>
                  <Link href="/admin" className={navLink} data-testid="nav-admin">
                    {dictionariesFor(locale).devices.admin.nav}
                  </Link>
                </li>
              )}
              <li>
                <Link href="/login" className={navLink}>
                  {dict.login}
                </Link>
              </li>
              <li>
                <Link href="/signup" className={navLink}>
                  {dict.signup}
                </Link>
              </li>
            </ul>
          </nav>
          <LanguageSwitch dict={language} locale={locale} />
        </div>
      </div>
    </header>
  );
}
