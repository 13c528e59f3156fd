import Link from "next/link";
import type { ReactNode } from "react";
import { pageAuth } from "@/lib/auth/guards";
import type { Dict, Locale } from "@/lib/i18n";
import { dictionariesFor } from "@/lib/i18n/server";
import { HeaderAccount, navLink } from "./HeaderAccount";
import { LanguageSwitch } from "./LanguageSwitch";

export async function Header({
  dict,
  language,
  locale,
  inspector,
}: {
  dict: Dict["header"];
  language: Dict["language"];
  locale: Locale;
  /** The request inspector's toggle: in the header's flow, so it never covers the page. */
  inspector?: ReactNode;
}) {
  const auth = await pageAuth();
  const { labs, shared, devices } = dictionariesFor(locale);
  const initial = auth.ok ? { username: auth.user.username, role: auth.user.role, mode: auth.mode, ended: false } : null;
  return (
    <header className="border-b border-neutral-200 bg-white/80 dark:border-neutral-800 dark:bg-neutral-900/80">
      <div className="mx-auto flex w-full max-w-7xl flex-wrap items-center justify-between gap-x-4 gap-y-2 px-4 py-3 sm:px-6">
        <Link href="/" className="rounded-md text-lg font-semibold tracking-tight text-indigo-700 dark:text-indigo-300">
          {dict.home}
        </Link>
        <div className="flex flex-wrap items-center gap-x-3 gap-y-2">
          <nav aria-label={dict.navLabel} className="flex flex-wrap items-center gap-x-3 gap-y-1">
            <ul className="flex flex-wrap items-center gap-1">
              <li>
                <Link href="/dashboard" className={navLink}>
                  {dict.dashboard}
                </Link>
              </li>
              <li>
                <Link href="/labs" className={navLink} data-testid="nav-labs">
                  {labs.nav.labs}
                </Link>
              </li>
            </ul>
            <HeaderAccount
              initial={initial}
              dict={shared.account}
              loginLabel={dict.login}
              signupLabel={dict.signup}
              adminLabel={devices.admin.nav}
            />
          </nav>
          <LanguageSwitch dict={language} locale={locale} />
          {inspector}
        </div>
      </div>
    </header>
  );
}
