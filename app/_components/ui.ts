// Shared class lists, so every button, card and input looks the same everywhere.

export const card = "min-w-0 rounded-xl border border-neutral-200 bg-white p-4 shadow-sm dark:border-neutral-800 dark:bg-neutral-900";

const buttonBase =
  "inline-flex items-center justify-center gap-2 rounded-lg px-4 py-2 text-sm font-medium motion-safe:transition-colors disabled:cursor-not-allowed disabled:opacity-60";

export const buttonPrimary = `${buttonBase} bg-indigo-600 text-white hover:bg-indigo-700 disabled:hover:bg-indigo-600`;

export const buttonSecondary = `${buttonBase} border border-neutral-300 bg-white text-neutral-900 hover:bg-neutral-100 dark:border-neutral-700 dark:bg-neutral-900 dark:text-neutral-100 dark:hover:bg-neutral-800`;

export const input =
  "block w-full rounded-lg border border-neutral-300 bg-white px-3 py-2 text-base text-neutral-900 placeholder:text-neutral-500 dark:border-neutral-700 dark:bg-neutral-900 dark:text-neutral-100 aria-[invalid=true]:border-red-600 dark:aria-[invalid=true]:border-red-400";

export const label = "block text-sm font-medium text-neutral-800 dark:text-neutral-200";

export const muted = "text-neutral-600 dark:text-neutral-400";

export const link =
  "font-medium text-indigo-700 underline underline-offset-2 hover:text-indigo-900 dark:text-indigo-300 dark:hover:text-indigo-200";

export const mono = "font-mono text-xs break-all";

export const errorText = "text-sm text-red-700 dark:text-red-300";

export const alertError =
  "rounded-lg border border-red-300 bg-red-50 px-3 py-2 text-sm text-red-800 dark:border-red-800 dark:bg-red-950/50 dark:text-red-200";

export const alertInfo =
  "rounded-lg border border-indigo-200 bg-indigo-50 px-3 py-2 text-sm text-indigo-900 dark:border-indigo-800 dark:bg-indigo-950/50 dark:text-indigo-100";

export type ChipTone = "neutral" | "good" | "warn" | "bad" | "accent";

const chipTones: Record<ChipTone, string> = {
  neutral: "border-neutral-300 bg-neutral-100 text-neutral-800 dark:border-neutral-700 dark:bg-neutral-800 dark:text-neutral-200",
  good: "border-emerald-300 bg-emerald-50 text-emerald-800 dark:border-emerald-800 dark:bg-emerald-950/60 dark:text-emerald-200",
  warn: "border-amber-300 bg-amber-50 text-amber-900 dark:border-amber-800 dark:bg-amber-950/60 dark:text-amber-200",
  bad: "border-red-300 bg-red-50 text-red-800 dark:border-red-800 dark:bg-red-950/60 dark:text-red-200",
  accent: "border-indigo-300 bg-indigo-50 text-indigo-800 dark:border-indigo-700 dark:bg-indigo-950/60 dark:text-indigo-200",
};

export function chip(tone: ChipTone = "neutral"): string {
  return `inline-flex items-center rounded-full border px-2 py-0.5 text-xs font-medium ${chipTones[tone]}`;
}
