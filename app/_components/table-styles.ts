// Tables scroll inside their own box so a 375 px screen never scrolls sideways.
export const tableWrap = "max-w-full overflow-x-auto rounded-lg border border-neutral-200 dark:border-neutral-800";
export const caption = "px-3 py-2 text-left text-sm font-medium text-neutral-700 dark:text-neutral-300";
export const row = "border-t border-neutral-200 align-top dark:border-neutral-800";
export const headCell = "px-3 py-2 text-xs font-semibold whitespace-nowrap text-neutral-700 dark:text-neutral-300";
export const cell = "px-3 py-2";
