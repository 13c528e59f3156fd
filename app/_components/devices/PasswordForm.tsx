"use client";

import { type FormEvent, useRef, useState } from "react";
import type { DevicesDict } from "@/lib/i18n/devices.en";
import { buttonPrimary, card, errorText, input, label, muted } from "../ui";

interface Props {
  dict: DevicesDict["password"];
  busy: boolean;
  status: { ok: boolean; text: string } | null;
  /** Resolves true when the password was changed (the form then clears itself). */
  onSubmit: (currentPassword: string, newPassword: string) => Promise<boolean>;
}

const MIN_LENGTH = 8;

/** Current password required; a new one ends every other login of the account. */
export function PasswordForm({ dict, busy, status, onSubmit }: Props) {
  const [current, setCurrent] = useState("");
  const [next, setNext] = useState("");
  const [errors, setErrors] = useState<{ current?: string; next?: string }>({});
  const currentRef = useRef<HTMLInputElement>(null);
  const nextRef = useRef<HTMLInputElement>(null);

  async function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const found = {
      current: current === "" ? dict.currentRequired : undefined,
      next: next.length < MIN_LENGTH ? dict.nextTooShort : undefined,
    };
    setErrors(found);
    if (found.current || found.next) {
      (found.current ? currentRef : nextRef).current?.focus();
      return;
    }
    if (await onSubmit(current, next)) {
      setCurrent("");
      setNext("");
    } else {
      setCurrent("");
      currentRef.current?.focus();
    }
  }

  return (
    <section aria-labelledby="password-heading" className={`${card} space-y-3`} data-testid="password-form">
      <h3 id="password-heading" className="text-xl font-semibold">
        {dict.heading}
      </h3>
      <p className={`text-sm ${muted}`}>{dict.intro}</p>
      <form method="post" onSubmit={submit} noValidate className="space-y-4" aria-busy={busy}>
        <div className="space-y-1.5">
          <label htmlFor="password-current" className={label}>
            {dict.current}
          </label>
          <input
            ref={currentRef}
            id="password-current"
            name="currentPassword"
            type="password"
            autoComplete="current-password"
            value={current}
            onChange={(e) => setCurrent(e.target.value)}
            aria-invalid={errors.current ? true : undefined}
            aria-describedby={errors.current ? "password-current-error" : undefined}
            className={input}
          />
          {errors.current && (
            <p id="password-current-error" className={errorText}>
              {errors.current}
            </p>
          )}
        </div>
        <div className="space-y-1.5">
          <label htmlFor="password-new" className={label}>
            {dict.next}
          </label>
          <input
            ref={nextRef}
            id="password-new"
            name="newPassword"
            type="password"
            autoComplete="new-password"
            value={next}
            onChange={(e) => setNext(e.target.value)}
            aria-invalid={errors.next ? true : undefined}
            aria-describedby={errors.next ? "password-new-hint password-new-error" : "password-new-hint"}
            className={input}
          />
          <p id="password-new-hint" className={`text-sm ${muted}`}>
            {dict.nextHint}
          </p>
          {errors.next && (
            <p id="password-new-error" className={errorText}>
              {errors.next}
            </p>
          )}
        </div>
        <div className="flex flex-wrap items-center gap-3">
          <button type="submit" data-testid="change-password" disabled={busy} className={buttonPrimary}>
            {busy ? dict.submitting : dict.submit}
          </button>
        </div>
        <p
          role="status"
          data-testid="password-status"
          className={
            status
              ? `text-sm font-medium ${status.ok ? "text-emerald-800 dark:text-emerald-300" : "text-red-700 dark:text-red-300"}`
              : "sr-only"
          }
        >
          {status?.text}
        </p>
      </form>
    </section>
  );
}
