import type { ReactNode } from "react";
import { card } from "../ui";

/** A titled card inside a lab ("What happened", a step group…). */
export function LabSection({ title, children, testId }: { title: string; children: ReactNode; testId?: string }) {
  const id = `s-${title.replace(/[^A-Za-z0-9가-힣]+/g, "-").slice(0, 40)}`;
  return (
    <section aria-labelledby={id} className={`${card} space-y-3`} data-testid={testId}>
      <h2 id={id} className="text-xl font-semibold">
        {title}
      </h2>
      {children}
    </section>
  );
}

/** The outcome of one step: green when the defence held (or the request did what it should), red when it did not. */
export function StepResult({ ok, children, testId }: { ok: boolean | null; children: ReactNode; testId?: string }) {
  const tone =
    ok === null
      ? "border-neutral-200 bg-neutral-50 dark:border-neutral-800 dark:bg-neutral-900"
      : ok
        ? "border-emerald-300 bg-emerald-50 text-emerald-900 dark:border-emerald-800 dark:bg-emerald-950/40 dark:text-emerald-100"
        : "border-red-300 bg-red-50 text-red-900 dark:border-red-800 dark:bg-red-950/40 dark:text-red-100";
  return (
    <p className={`rounded-lg border px-3 py-2 text-sm ${tone}`} data-testid={testId}>
      {children}
    </p>
  );
}
