import type { Metadata } from "next";
import { cookies } from "next/headers";
import Link from "next/link";
import { PREF_MODE_COOKIE } from "@/lib/auth/cookies";
import { pageAuth } from "@/lib/auth/guards";
import { safeNextPath } from "@/lib/auth/redirects";
import { listDemoAccounts } from "@/lib/auth/seed";
import type { ModeName } from "@/lib/auth/types";
import { usernameSchema } from "@/lib/auth/validation";
import { t } from "@/lib/i18n";
import { getI18n } from "@/lib/i18n/server";
import { LoginForm } from "../_components/LoginForm";
import { alertInfo, link, muted } from "../_components/ui";

type SearchParams = Promise<Record<string, string | string[] | undefined>>;

export async function generateMetadata(): Promise<Metadata> {
  const { app: dict } = await getI18n();
  return { title: dict.login.title };
}

export default async function LoginPage({ searchParams }: { searchParams: SearchParams }) {
  const params = await searchParams;
  const { app: dict, shared } = await getI18n();
  // Set by the server on login and mode switch: the mode this browser used last.
  const preferred = (await cookies()).get(PREF_MODE_COOKIE.name)?.value;
  const defaultMode: ModeName = preferred === "jwt" ? "jwt" : "session";
  // Without that cookie the toggle's "session" is only a guess: the form then leaves the
  // choice to the account's saved preference unless the user picks one (decision 005).
  const modeRemembered = preferred === "jwt" || preferred === "session";
  const next = safeNextPath(typeof params.next === "string" ? params.next : null);
  // Only a name signup could have produced is shown: anything else in the link is someone
  // else's text presented as ours (content spoofing), so it is dropped.
  const rawRegistered = typeof params.registered === "string" ? params.registered : null;
  const registered = rawRegistered !== null && usernameSchema.safeParse(rawRegistered).data === rawRegistered ? rawRegistered : null;
  // requirePageLogin() says why it sent the browser here; "no credentials" is just a first visit.
  const reason = typeof params.reason === "string" && params.reason !== "no_credentials" ? params.reason : null;
  const auth = await pageAuth();
  // Only these three fields cross to the browser, whatever else the DAL returns.
  const demoAccounts = listDemoAccounts().map(({ username, password, role }) => ({ username, password, role }));

  return (
    <div className="mx-auto max-w-xl space-y-6">
      <div className="space-y-2">
        <h1 className="text-3xl font-bold tracking-tight">{dict.login.title}</h1>
        <p className={muted}>{dict.login.lead}</p>
      </div>

      {registered && (
        <p className={alertInfo} role="status">
          {t(dict.login.registered, { username: registered })}
        </p>
      )}
      {/* Sent here from a lab (or another page) without any login: say what it needs. */}
      {!reason && !auth.ok && next.startsWith("/labs/") && (
        <p className={alertInfo} role="status" data-testid="login-needed">
          {shared.login.toRunLab}
        </p>
      )}
      {reason && Object.hasOwn(dict.errors, reason) && (
        <p className={alertInfo} role="status" data-testid="login-reason">
          {t(dict.login.loggedOutReason, { message: dict.errors[reason as keyof typeof dict.errors] })}
        </p>
      )}
      {auth.ok && (
        <p className={alertInfo} data-testid="already-logged-in">
          {t(dict.login.alreadyLoggedIn, { username: auth.user.username })}{" "}
          <Link href="/dashboard" className={link}>
            {dict.login.goToDashboard}
          </Link>
        </p>
      )}

      <LoginForm
        dict={dict.login}
        errors={dict.errors}
        defaultMode={defaultMode}
        modeRemembered={modeRemembered}
        next={next}
        initialUsername={registered ?? ""}
        demoAccounts={demoAccounts}
      />
    </div>
  );
}
