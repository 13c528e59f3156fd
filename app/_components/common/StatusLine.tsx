export type Status = { ok: boolean; text: string } | null;

const tones = {
  line: { ok: "text-emerald-800 dark:text-emerald-300", bad: "text-red-700 dark:text-red-300", base: "text-sm font-medium" },
  box: {
    ok: "border-emerald-300 bg-emerald-50 text-emerald-900 dark:border-emerald-800 dark:bg-emerald-950/50 dark:text-emerald-100",
    bad: "border-red-300 bg-red-50 text-red-800 dark:border-red-800 dark:bg-red-950/50 dark:text-red-200",
    base: "rounded-lg border px-3 py-2 text-sm font-medium",
  },
} as const;

/**
 * The result of the last action. The element is always in the DOM (a live region must
 * exist before its text changes to be announced); empty, it is visually hidden.
 * `role="status"` for outcomes; `alert` only where a failure must interrupt.
 */
export function StatusLine({
  status,
  testId,
  look = "line",
  role = "status",
}: {
  status: Status;
  testId?: string;
  look?: keyof typeof tones;
  role?: "status" | "alert";
}) {
  const tone = tones[look];
  return (
    <p
      role={role}
      data-testid={testId}
      data-ok={status ? status.ok : undefined}
      className={status ? `${tone.base} ${status.ok ? tone.ok : tone.bad}` : "sr-only"}
    >
      {status?.text}
    </p>
  );
}
