"use client";

import Link from "next/link";
import { useRouter } from "next/navigation";
import { type FocusEvent, type FormEvent, useRef, useState } from "react";
import { normalizeUsername } from "@/lib/auth/account-rules";
import type { UserDTO } from "@/lib/auth/types";
import { apiFetch } from "@/lib/client/api";
import { passwordProblem, usernameProblem } from "@/lib/client/validate-signup";
import type { Dict } from "@/lib/i18n";
import { Field } from "./common/Field";
import { errorMessage } from "./error-message";
import { alertError, buttonPrimary, link, muted } from "./ui";

type FieldName = "username" | "password";
type FieldErrors = Partial<Record<FieldName, string>>;

/** The server reports `details: [{path, message}]`; path may be "username" or ["username"]. */
function fieldErrorsFromDetails(details: unknown): FieldErrors {
  const out: FieldErrors = {};
  if (!Array.isArray(details)) return out;
  for (const item of details as Array<{ path?: unknown; message?: unknown } | null>) {
    const path: unknown = item?.path;
    const field: unknown = Array.isArray(path) ? path[0] : path;
    if ((field === "username" || field === "password") && typeof item?.message === "string") out[field] ??= item.message;
  }
  return out;
}

export function SignupForm({ dict, errors, next }: { dict: Dict["signup"]; errors: Dict["errors"]; next: string | null }) {
  const router = useRouter();
  const [username, setUsername] = useState("");
  const [password, setPassword] = useState("");
  const [showPassword, setShowPassword] = useState(false);
  const [touched, setTouched] = useState<Record<FieldName, boolean>>({ username: false, password: false });
  const [serverErrors, setServerErrors] = useState<FieldErrors>({});
  const [formError, setFormError] = useState<string | null>(null);
  const [pending, setPending] = useState(false);
  const refs = { username: useRef<HTMLInputElement>(null), password: useRef<HTMLInputElement>(null) };

  const localErrors: FieldErrors = {
    username: touched.username ? localUsernameError(username) : undefined,
    password: touched.password ? localPasswordError(password) : undefined,
  };
  const shown: FieldErrors = {
    username: localErrors.username ?? serverErrors.username,
    password: localErrors.password ?? serverErrors.password,
  };

  function localUsernameError(value: string) {
    const problem = usernameProblem(value);
    return problem ? dict[problem] : undefined;
  }
  function localPasswordError(value: string) {
    const problem = passwordProblem(value);
    return problem ? dict[problem] : undefined;
  }

  async function onSubmit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    setTouched({ username: true, password: true });
    setServerErrors({});
    setFormError(null);
    const firstInvalid = (["username", "password"] as const).find((field) =>
      field === "username" ? localUsernameError(username) : localPasswordError(password),
    );
    if (firstInvalid) {
      refs[firstInvalid].current?.focus();
      return;
    }

    setPending(true);
    const result = await apiFetch<{ user: UserDTO }>("/api/auth/signup", { method: "POST", body: { username, password } });
    if (result.ok) {
      const query = new URLSearchParams({ registered: result.body.user?.username ?? normalizeUsername(username) });
      if (next) query.set("next", next);
      router.push(`/login?${query}`);
      return;
    }
    setPending(false);
    if (result.error.code === "username_taken") {
      setServerErrors({ username: dict.usernameTaken });
      refs.username.current?.focus();
    } else if (result.error.code === "invalid_input") {
      const fromServer = fieldErrorsFromDetails(result.error.details);
      setServerErrors(fromServer);
      if (!fromServer.username && !fromServer.password) setFormError(errorMessage(errors, result.error));
    } else {
      setFormError(errorMessage(errors, result.error, result.headers));
    }
  }

  return (
    <form method="post" onSubmit={onSubmit} noValidate className="space-y-5" aria-busy={pending}>
      <Field
        id="signup-username"
        label={dict.username}
        hint={dict.usernameHint}
        error={shown.username}
        inputProps={{
          ref: refs.username,
          name: "username",
          type: "text",
          autoComplete: "username",
          autoCapitalize: "none",
          spellCheck: false,
          required: true,
          value: username,
          onChange: (e) => {
            setUsername(e.target.value);
            setServerErrors((prev) => ({ ...prev, username: undefined }));
          },
          onBlur: (e) => username !== "" && !leavingForSubmit(e) && setTouched((prev) => ({ ...prev, username: true })),
        }}
      />

      <Field
        id="signup-password"
        label={dict.password}
        hint={dict.passwordHint}
        error={shown.password}
        inputProps={{
          ref: refs.password,
          name: "password",
          type: showPassword ? "text" : "password",
          autoComplete: "new-password",
          required: true,
          value: password,
          onChange: (e) => {
            setPassword(e.target.value);
            setServerErrors((prev) => ({ ...prev, password: undefined }));
          },
          onBlur: (e) => password !== "" && !leavingForSubmit(e) && setTouched((prev) => ({ ...prev, password: true })),
        }}
      >
        <label className="inline-flex items-center gap-2 text-sm">
          <input
            type="checkbox"
            checked={showPassword}
            onChange={(e) => setShowPassword(e.target.checked)}
            className="size-4 accent-indigo-600"
          />
          {dict.showPassword}
        </label>
      </Field>

      <div role="alert">{formError && <p className={alertError}>{formError}</p>}</div>

      <div className="flex flex-wrap items-center gap-x-4 gap-y-2">
        <button type="submit" disabled={pending} className={buttonPrimary}>
          {pending ? dict.submitting : dict.submit}
        </button>
        <p className={`text-sm ${muted}`}>
          {dict.haveAccount}{" "}
          <Link href={next ? `/login?next=${encodeURIComponent(next)}` : "/login"} className={link}>
            {dict.loginLink}
          </Link>
        </p>
      </div>
    </form>
  );
}

/**
 * Focus moving to the submit button means "submit": showing the field's error now would
 * push the button out from under the pointer and swallow the click. onSubmit shows it.
 */
function leavingForSubmit(e: FocusEvent<HTMLInputElement>): boolean {
  const to = e.relatedTarget;
  return to instanceof HTMLButtonElement && to.type === "submit";
}
