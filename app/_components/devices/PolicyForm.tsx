"use client";

import { type FormEvent, useRef, useState } from "react";
import type { ConcurrentLoginPolicy } from "@/lib/auth/types";
import type { DevicesDict } from "@/lib/i18n/devices.en";
import { Card } from "../common/Card";
import { Field } from "../common/Field";
import { type Status, StatusLine } from "../common/StatusLine";
import { buttonPrimary, muted } from "../ui";

export const POLICIES: readonly ConcurrentLoginPolicy[] = ["many", "single-evict", "single-reject"];

export function policyLabel(policy: ConcurrentLoginPolicy, d: DevicesDict["policy"]): string {
  return policy === "many" ? d.many : policy === "single-evict" ? d.singleEvict : d.singleReject;
}

function policyHint(policy: ConcurrentLoginPolicy, d: DevicesDict["policy"]): string {
  return policy === "many" ? d.manyHint : policy === "single-evict" ? d.singleEvictHint : d.singleRejectHint;
}

interface Props {
  current: ConcurrentLoginPolicy | null; // null until the dashboard has loaded the profile
  dict: DevicesDict["policy"];
  busy: boolean;
  status: Status;
  /** Resolves true when saved (the password field then clears itself). */
  onSave: (policy: ConcurrentLoginPolicy, currentPassword: string) => Promise<boolean>;
}

/** many | single-evict | single-reject, as real radio buttons; the password confirms it. */
export function PolicyForm({ current, dict, busy, status, onSave }: Props) {
  // The user's pick; until they touch it, the saved policy is what is shown.
  const [picked, setPicked] = useState<ConcurrentLoginPolicy | null>(null);
  const [password, setPassword] = useState("");
  const [missing, setMissing] = useState(false);
  const passwordRef = useRef<HTMLInputElement>(null);
  const value = picked ?? current ?? "many";

  async function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    if (value !== current && password === "") {
      setMissing(true);
      passwordRef.current?.focus();
      return;
    }
    setMissing(false);
    await onSave(value, password);
    setPassword("");
  }

  return (
    <Card id="policy" level={3} title={dict.heading} intro={dict.intro} testId="policy-form">
      <form method="post" onSubmit={submit} className="space-y-3">
        <fieldset disabled={busy || current === null} className="space-y-2">
          <legend className="sr-only">{dict.legend}</legend>
          {POLICIES.map((policy) => (
            <div
              key={policy}
              className="relative flex gap-3 rounded-lg border border-neutral-300 bg-white p-3 has-checked:border-indigo-600 has-checked:bg-indigo-50 has-focus-visible:outline-2 has-focus-visible:outline-offset-2 has-focus-visible:outline-indigo-600 dark:border-neutral-700 dark:bg-neutral-900 dark:has-checked:border-indigo-400 dark:has-checked:bg-indigo-950/50"
            >
              <input
                id={`policy-${policy}`}
                type="radio"
                name="concurrentLogins"
                value={policy}
                checked={value === policy}
                onChange={() => setPicked(policy)}
                aria-describedby={`policy-${policy}-hint`}
                className="relative z-10 mt-1 size-4 shrink-0 accent-indigo-600 focus-visible:outline-none"
              />
              <div className="min-w-0">
                <label htmlFor={`policy-${policy}`} className="font-medium after:absolute after:inset-0 after:content-['']">
                  {policyLabel(policy, dict)}
                </label>
                <p id={`policy-${policy}-hint`} className={`text-sm ${muted}`}>
                  {policyHint(policy, dict)}
                </p>
              </div>
            </div>
          ))}
        </fieldset>
        <p className={`text-sm ${muted}`}>{dict.jwtNote}</p>
        <Field
          id="policy-password"
          label={dict.currentPassword}
          hint={dict.currentPasswordHint}
          error={missing ? dict.currentPasswordRequired : null}
          inputProps={{
            ref: passwordRef,
            name: "currentPassword",
            type: "password",
            autoComplete: "current-password",
            value: password,
            disabled: busy || current === null,
            onChange: (e) => setPassword(e.target.value),
          }}
          testId="policy-password"
        />
        <div className="flex flex-wrap items-center gap-3">
          <button type="submit" data-testid="save-policy" disabled={busy || current === null} className={buttonPrimary}>
            {busy ? dict.saving : dict.save}
          </button>
          <StatusLine status={status} testId="policy-status" />
        </div>
      </form>
    </Card>
  );
}
