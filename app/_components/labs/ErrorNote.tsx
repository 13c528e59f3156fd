import { t } from "@/lib/i18n";
import type { LabUiDict } from "./RequestCard";

/** A lab action that failed: the translated reason when we know the code. */
export function ErrorNote({ error, ui }: { error: { status: number; code: string; message: string } | null; ui: LabUiDict }) {
  if (!error) return null;
  const message = ui.errors[error.code] ?? error.message;
  return (
    <p
      role="alert"
      data-testid="lab-error"
      className="rounded-lg border border-red-300 bg-red-50 px-3 py-2 text-sm text-red-800 dark:border-red-800 dark:bg-red-950/50 dark:text-red-200"
    >
      {t(ui.learn.common.error, { message: `${error.status} ${error.code}: ${message}` })}
    </p>
  );
}
