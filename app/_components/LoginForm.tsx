"use client";

import Link from "next/link";
import { useRouter } from "next/navigation";
import { type FormEvent, useRef, useState } from "react";
import type { ModeName, UserDTO } from "@/lib/auth/types";
import { apiFetch, retryAfterSeconds } from "@/lib/client/api";
import { type Dict, t } from "@/lib/i18n";
import { Field } from "./common/Field";
import { DemoAccounts } from "./DemoAccounts";
import { errorMessage } from "./error-message";
import { ModeFieldset } from "./ModeFieldset";
import { alertError, alertInfo, buttonPrimary, link, muted } from "./ui";

export interface DemoAccount {
  username: string;
  password: string;
  role: string;
}

interface Props {
  dict: Dict["login"];
  errors: Dict["errors"];
  defaultMode: ModeName;
  modeRemembered: boolean;
  next: string;
  initialUsername: string;
  demoAccounts: DemoAccount[];
}

type FieldErrors = { username?: string; password?: string };

/** What a 429 said: how long to wait, and which allowance ran out (`error.details.scope`). */
type Limited = { wait: number | null; scope: keyof Dict["login"]["rateLimitedWhy"] };

function limitedFrom(details: unknown, headers: Headers | null | undefined): Limited {
  const scope = (details as { scope?: unknown } | null | undefined)?.scope;
  const known = scope === "device" || scope === "account" || scope === "network" ? scope : "account_client";
  return { wait: retryAfterSeconds(headers ?? null), scope: known };
}

function waitText(dict: Dict["login"], seconds: number): string {
  return seconds >= 90 ? t(dict.waitMinutes, { n: Math.ceil(seconds / 60) }) : t(dict.waitSeconds, { n: seconds });
}

export function LoginForm({ dict, errors, defaultMode, modeRemembered, next, initialUsername, demoAccounts }: Props) {
  const router = useRouter();
  const [username, setUsername] = useState(initialUsername);
  const [password, setPassword] = useState("");
  const [mode, setMode] = useState<ModeName>(defaultMode);
  const [modeChosen, setModeChosen] = useState(modeRemembered);
  const [pending, setPending] = useState(false);
  const [formError, setFormError] = useState<string | null>(null);
  const [fieldErrors, setFieldErrors] = useState<FieldErrors>({});
  const [notice, setNotice] = useState<string | null>(null);
  // single-reject said 409: the owner's password wins, offered as a second submit.
  const [wayOut, setWayOut] = useState(false);
  const [limited, setLimited] = useState<Limited | null>(null);
  const usernameRef = useRef<HTMLInputElement>(null);
  const passwordRef = useRef<HTMLInputElement>(null);
  const submitRef = useRef<HTMLButtonElement>(null);

  async function onSubmit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const endOtherLogins = (event.nativeEvent as SubmitEvent).submitter?.getAttribute("name") === "endOtherLogins";
    setFormError(null);
    setNotice(null);
    const missing: FieldErrors = {
      username: username.trim() === "" ? dict.usernameRequired : undefined,
      password: password === "" ? dict.passwordRequired : undefined,
    };
    setFieldErrors(missing);
    if (missing.username || missing.password) {
      (missing.username ? usernameRef : passwordRef).current?.focus();
      return;
    }

    setPending(true);
    const send = () =>
      apiFetch<{ user: UserDTO; mode: ModeName }>("/api/auth/login", {
        method: "POST",
        // An untouched guess is not sent, so the server uses the account's saved mode.
        body: { username, password, ...(modeChosen ? { mode } : {}), ...(endOtherLogins ? { endOtherLogins: true } : {}) },
      });
    let result = await send();
    if (!result.ok && result.error.code === "busy") {
      // A login storm: the server refused before checking anything. Wait as it asks, once.
      const seconds = Math.min(10, retryAfterSeconds(result.headers) ?? 2);
      setNotice(t(dict.busyRetrying, { seconds }));
      await new Promise((resolve) => setTimeout(resolve, seconds * 1000));
      setNotice(null);
      result = await send();
    }
    if (result.ok) {
      // Replace, not push: "back" should not land on a login form for a logged-in user.
      router.replace(next);
      return;
    }
    setPending(false);
    const limitedNow = result.error.code === "rate_limited" ? limitedFrom(result.error.details, result.headers) : null;
    setFormError(
      limitedNow?.wait
        ? t(dict.rateLimitedWait, { wait: waitText(dict, limitedNow.wait) })
        : errorMessage(errors, result.error, result.headers),
    );
    setWayOut(result.error.code === "already_logged_in");
    setLimited(limitedNow);
    if (result.error.code === "already_logged_in") {
      // The way out ends other logins: it takes the password typed again, on purpose.
      setPassword("");
      passwordRef.current?.focus();
    }
    if (result.error.code === "invalid_credentials") {
      setPassword("");
      passwordRef.current?.focus();
    }
  }

  function fillDemo(account: DemoAccount) {
    setUsername(account.username);
    setPassword(account.password);
    setFieldErrors({});
    setFormError(null);
    setNotice(t(dict.demoFilled, { username: account.username }));
    submitRef.current?.focus();
  }

  const signupHref = next === "/dashboard" ? "/signup" : `/signup?next=${encodeURIComponent(next)}`;

  return (
    <div className="space-y-8">
      <form method="post" onSubmit={onSubmit} noValidate className="space-y-5" aria-busy={pending}>
        <Field
          id="login-username"
          label={dict.username}
          error={fieldErrors.username}
          inputProps={{
            ref: usernameRef,
            name: "username",
            type: "text",
            autoComplete: "username",
            autoCapitalize: "none",
            spellCheck: false,
            required: true,
            value: username,
            onChange: (e) => setUsername(e.target.value),
          }}
        />

        <Field
          id="login-password"
          label={dict.password}
          error={fieldErrors.password}
          inputProps={{
            ref: passwordRef,
            name: "password",
            type: "password",
            autoComplete: "current-password",
            required: true,
            value: password,
            onChange: (e) => setPassword(e.target.value),
          }}
        />

        <ModeFieldset
          dict={dict}
          value={mode}
          onChange={(m) => {
            setMode(m);
            setModeChosen(true);
          }}
          disabled={pending}
        />

        <div role="alert">
          {formError && (
            <p className={alertError} data-testid="login-error">
              {formError}
            </p>
          )}
        </div>
        {limited && (
          <div className={`space-y-1 text-sm ${muted}`} data-testid="login-limited-why" data-scope={limited.scope}>
            <p>{dict.rateLimitedWhy[limited.scope]}</p>
            {limited.scope !== "device" && <p>{dict.rateLimitedDevice}</p>}
          </div>
        )}
        <p role="status" className={notice ? alertInfo : "sr-only"}>
          {notice}
        </p>

        <div className="flex flex-wrap items-center gap-x-4 gap-y-2">
          <button ref={submitRef} type="submit" disabled={pending} className={buttonPrimary}>
            {pending ? dict.submitting : dict.submit}
          </button>
          <p className={`text-sm ${muted}`}>
            {dict.noAccount}{" "}
            <Link href={signupHref} className={link}>
              {dict.signupLink}
            </Link>
          </p>
        </div>
        {/* After the plain submit: Enter in the password field must not end other logins. */}
        {wayOut && (
          <div className={`${alertInfo} space-y-2`} data-testid="login-way-out">
            <p>{dict.wayOutBody}</p>
            <button
              type="submit"
              name="endOtherLogins"
              value="true"
              disabled={pending}
              className={buttonPrimary}
              data-testid="login-end-others"
            >
              {dict.wayOutSubmit}
            </button>
          </div>
        )}
      </form>

      {demoAccounts.length > 0 && <DemoAccounts dict={dict} accounts={demoAccounts} onUse={fillDemo} />}
    </div>
  );
}
