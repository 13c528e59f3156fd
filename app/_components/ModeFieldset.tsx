import type { ModeName } from "@/lib/auth/types";
import type { Dict } from "@/lib/i18n";

/**
 * Real radio inputs in a fieldset (so arrow keys and screen readers work), styled
 * as two cards. The hint sits outside the <label> so the radio's name stays short;
 * the label is stretched over the card so clicking anywhere on it selects.
 */
export function ModeFieldset({
  dict,
  value,
  onChange,
  disabled,
}: {
  dict: Dict["login"];
  value: ModeName;
  onChange: (mode: ModeName) => void;
  disabled?: boolean;
}) {
  const options = [
    { mode: "session" as const, title: dict.modeSession, hint: dict.modeSessionHint },
    { mode: "jwt" as const, title: dict.modeJwt, hint: dict.modeJwtHint },
  ];
  return (
    <fieldset disabled={disabled} className="space-y-2">
      <legend className="mb-2 block text-sm font-medium text-neutral-800 dark:text-neutral-200">{dict.modeLegend}</legend>
      <div className="grid gap-2 sm:grid-cols-2">
        {options.map(({ mode, title, hint }) => (
          <div
            key={mode}
            className="relative flex gap-3 rounded-lg border border-neutral-300 bg-white p-3 has-checked:border-indigo-600 has-checked:bg-indigo-50 has-focus-visible:outline-2 has-focus-visible:outline-offset-2 has-focus-visible:outline-indigo-600 dark:border-neutral-700 dark:bg-neutral-900 dark:has-checked:border-indigo-400 dark:has-checked:bg-indigo-950/50 dark:has-focus-visible:outline-indigo-400"
          >
            <input
              id={`mode-${mode}`}
              type="radio"
              name="mode"
              value={mode}
              checked={value === mode}
              onChange={() => onChange(mode)}
              aria-describedby={`mode-${mode}-hint`}
              className="relative z-10 mt-1 size-4 shrink-0 accent-indigo-600 focus-visible:outline-none"
            />
            <div className="min-w-0">
              <label htmlFor={`mode-${mode}`} className="font-medium after:absolute after:inset-0 after:content-['']">
                {title}
              </label>
              <p id={`mode-${mode}-hint`} className="text-sm text-neutral-600 dark:text-neutral-400">
                {hint}
              </p>
            </div>
          </div>
        ))}
      </div>
    </fieldset>
  );
}
