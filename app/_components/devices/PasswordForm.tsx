"use client";

import { type FormEvent, useRef, useState } from "react";
import type { DevicesDict } from "@/lib/i18n/devices.en";
import { Card } from "../common/Card";
import { Field } from "../common/Field";
import { type Status, StatusLine } from "../common/StatusLine";
import { buttonPrimary } from "../ui";

interface Props {
  dict: DevicesDict["password"];
  busy: boolean;
  status: Status;
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
    <Card id="password" level={3} title={dict.heading} intro={dict.intro} testId="password-form">
      <form method="post" onSubmit={submit} noValidate className="space-y-4" aria-busy={busy}>
        <Field
          id="password-current"
          label={dict.current}
          error={errors.current}
          inputProps={{
            ref: currentRef,
            name: "currentPassword",
            type: "password",
            autoComplete: "current-password",
            value: current,
            onChange: (e) => setCurrent(e.target.value),
          }}
        />
        <Field
          id="password-new"
          label={dict.next}
          hint={dict.nextHint}
          error={errors.next}
          inputProps={{
            ref: nextRef,
            name: "newPassword",
            type: "password",
            autoComplete: "new-password",
            value: next,
            onChange: (e) => setNext(e.target.value),
          }}
        />
        <div className="flex flex-wrap items-center gap-3">
          <button type="submit" data-testid="change-password" disabled={busy} className={buttonPrimary}>
            {busy ? dict.submitting : dict.submit}
          </button>
        </div>
        <StatusLine status={status} testId="password-status" />
      </form>
    </Card>
  );
}
