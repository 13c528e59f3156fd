import type { InputHTMLAttributes, ReactNode, Ref } from "react";
import { errorText, input, label as labelClass, muted } from "../ui";

type InputProps = Omit<InputHTMLAttributes<HTMLInputElement>, "id" | "aria-invalid" | "aria-describedby" | "className"> & {
  ref?: Ref<HTMLInputElement>;
};

interface Props {
  id: string;
  label: ReactNode;
  /** Always shown under the input, and read with it. */
  hint?: ReactNode;
  /** Shown and announced only when set; marks the input invalid. */
  error?: string | null;
  inputProps: InputProps;
  testId?: string;
  /** Controls that belong to this field (a "show password" box), after its messages. */
  children?: ReactNode;
}

/**
 * One labelled input with its hint and error: the label, `aria-invalid` and
 * `aria-describedby` are wired here, so no form repeats (or forgets) that markup.
 */
export function Field({ id, label, hint, error, inputProps, testId, children }: Props) {
  const hintId = `${id}-hint`;
  const errorId = `${id}-error`;
  const describedBy = [hint ? hintId : null, error ? errorId : null].filter(Boolean).join(" ") || undefined;
  return (
    <div className="space-y-1.5">
      <label htmlFor={id} className={labelClass}>
        {label}
      </label>
      <input
        {...inputProps}
        data-testid={testId}
        id={id}
        aria-invalid={error ? true : undefined}
        aria-describedby={describedBy}
        className={input}
      />
      {hint && (
        <p id={hintId} className={`text-sm ${muted}`}>
          {hint}
        </p>
      )}
      {error && (
        <p id={errorId} className={errorText} data-testid={errorId}>
          {error}
        </p>
      )}
      {children}
    </div>
  );
}
