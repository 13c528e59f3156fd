"use client";

import Link from "next/link";
import { useRouter } from "next/navigation";
import { useState, useSyncExternalStore } from "react";
import { apiFetch } from "@/lib/client/api";
import { type LoginState, learnedLoginState, subscribeLoginState } from "@/lib/client/login-state";
import { t } from "@/lib/i18n";
import type { SharedDict } from "@/lib/i18n/shared.en";
import { chip } from "./ui";

export const navLink =
  "rounded-md px-2 py-1 text-sm font-medium text-neutral-700 hover:bg-neutral-100 hover:text-neutral-900 dark:text-neutral-300 dark:hover:bg-neutral-800 dark:hover:text-white";

interface Props {
  /** What the server saw when it rendered this page. */
  initial: LoginState | null;
  dict: SharedDict["account"];
  loginLabel: string;
  signupLabel: string;
  adminLabel: string;
}

/**
 * The header's right-hand side: who is logged in (name, mode, Admin for an admin, Log
 * out), or the ways in. It follows what the page learns (lib/client/login-state.ts), so a
 * login, a logout, a mode switch or a login ended elsewhere shows here without a reload.
 */
export function HeaderAccount({ initial, dict, loginLabel, signupLabel, adminLabel }: Props) {
  const learned = useSyncExternalStore(subscribeLoginState, learnedLoginState, () => undefined);
  const login = learned === undefined ? initial : learned;
  const router = useRouter();
  const [busy, setBusy] = useState(false);

  async function logout() {
    setBusy(true);
    const result = await apiFetch("/api/auth/logout", { method: "POST" });
    setBusy(false);
    if (result.status === 0) return;
    router.push("/login");
    router.refresh();
  }

  if (!login || login.ended) {
    return (
      <ul className="flex flex-wrap items-center gap-1" data-testid="header-account" data-state={login ? "ended" : "anonymous"}>
        {login?.ended && (
          <li>
            <span className={chip("warn")} data-testid="header-ended">
              {dict.ended}
            </span>
          </li>
        )}
        <li>
          <Link href="/login" className={navLink}>
            {loginLabel}
          </Link>
        </li>
        <li>
          <Link href="/signup" className={navLink}>
            {signupLabel}
          </Link>
        </li>
      </ul>
    );
  }

  return (
    <ul className="flex flex-wrap items-center gap-x-2 gap-y-1" data-testid="header-account" data-state="signed-in">
      {login.role === "admin" && (
        <li>
          <Link href="/admin" className={navLink} data-testid="nav-admin">
            {adminLabel}
          </Link>
        </li>
      )}
      <li className="flex min-w-0 items-center gap-1.5 text-sm">
        <span className="font-medium break-all" data-testid="header-user">
          {t(dict.signedInAs, { username: login.username })}
        </span>
        <span className={chip("accent")} data-testid="header-mode" data-mode={login.mode}>
          {login.mode === "session" ? dict.modeSession : dict.modeJwt}
        </span>
      </li>
      <li>
        <button type="button" onClick={() => void logout()} disabled={busy} className={navLink} data-testid="header-logout">
          {busy ? dict.loggingOut : dict.logout}
        </button>
      </li>
    </ul>
  );
}
