import type { ReactNode } from "react";
import { muted } from "../ui";

export interface Column<T> {
  id: string;
  header: string;
  cell: (row: T) => ReactNode;
  /** Extra classes for this column's cells. */
  className?: string;
}

type RowAttrs = { className?: string } & { [key: `data-${string}`]: string | number | boolean | undefined };

// The table measures its own box (a CSS container query), not the window: a table in a
// half-width column at 1400 px is as narrow as one on a phone. Below the breakpoint each
// row becomes a card and each cell a line labelled by its column (data-label), so no
// column (the State chip, the button that ends a login) hides behind a sideways scroll.
// Tailwind needs whole class names, hence one set per breakpoint.
const STACK = {
  // a few short columns that fit a phone as they are
  never: { table: "", caption: "", head: "", body: "", row: "", cell: "" },
  // below 36rem of box width
  xl: {
    table: "@max-xl:block",
    caption: "@max-xl:block",
    head: "@max-xl:hidden",
    body: "@max-xl:block",
    row: "@max-xl:block @max-xl:py-2",
    cell: "@max-xl:flex @max-xl:items-baseline @max-xl:gap-3 @max-xl:py-1 @max-xl:before:w-28 @max-xl:before:shrink-0 @max-xl:before:text-xs @max-xl:before:font-semibold @max-xl:before:text-neutral-600 @max-xl:before:content-[attr(data-label)] dark:@max-xl:before:text-neutral-400",
  },
  // below 48rem of box width
  "3xl": {
    table: "@max-3xl:block",
    caption: "@max-3xl:block",
    head: "@max-3xl:hidden",
    body: "@max-3xl:block",
    row: "@max-3xl:block @max-3xl:py-2",
    cell: "@max-3xl:flex @max-3xl:items-baseline @max-3xl:gap-3 @max-3xl:py-1 @max-3xl:before:w-28 @max-3xl:before:shrink-0 @max-3xl:before:text-xs @max-3xl:before:font-semibold @max-3xl:before:text-neutral-600 @max-3xl:before:content-[attr(data-label)] dark:@max-3xl:before:text-neutral-400",
  },
} as const;

const headCell = "px-3 py-2 text-xs font-semibold whitespace-nowrap text-neutral-700 dark:text-neutral-300";
const rowLine = "border-t border-neutral-200 align-top dark:border-neutral-800";

/** A table that fits its box at every width; rows stack into cards when the box is narrow. */
export function DataTable<T>({
  caption,
  captionHidden = false,
  columns,
  rows,
  rowKey,
  rowProps,
  empty,
  testId,
  stackBelow = "3xl",
  className = "",
  scrolls = false,
}: {
  caption: string;
  captionHidden?: boolean;
  columns: Column<T>[];
  rows: T[];
  rowKey: (row: T) => string;
  rowProps?: (row: T) => RowAttrs;
  empty: ReactNode;
  testId?: string;
  stackBelow?: keyof typeof STACK;
  /** Extra classes for the box (a max height, say). */
  className?: string;
  /** The box scrolls (a max height): it must then be reachable by keyboard. */
  scrolls?: boolean;
}) {
  const s = STACK[stackBelow];
  return (
    <div
      className={`@container max-w-full overflow-x-auto rounded-lg border border-neutral-200 dark:border-neutral-800 ${className}`}
      data-testid={testId}
      // A scrollable region must be reachable by keyboard (axe scrollable-region-focusable).
      tabIndex={scrolls ? 0 : undefined}
    >
      <table className={`w-full text-left text-sm ${s.table}`}>
        <caption
          className={`px-3 py-2 text-left text-sm font-medium text-neutral-700 dark:text-neutral-300 ${captionHidden ? "sr-only" : s.caption}`}
        >
          {caption}
        </caption>
        <thead className={s.head}>
          <tr className={rowLine}>
            {columns.map((c) => (
              <th key={c.id} scope="col" className={headCell}>
                {c.header}
              </th>
            ))}
          </tr>
        </thead>
        <tbody className={s.body}>
          {rows.length === 0 && (
            <tr className={s.row}>
              <td colSpan={columns.length} className={`px-3 py-2 ${muted} ${s.body}`}>
                {empty}
              </td>
            </tr>
          )}
          {rows.map((r) => {
            const { className: rowClass = "", ...attrs } = rowProps?.(r) ?? {};
            return (
              <tr key={rowKey(r)} {...attrs} className={`${rowLine} ${s.row} ${rowClass}`}>
                {columns.map((c) => (
                  <td key={c.id} data-label={c.header} data-column={c.id} className={`min-w-0 px-3 py-2 ${s.cell} ${c.className ?? ""}`}>
                    {c.cell(r)}
                  </td>
                ))}
              </tr>
            );
          })}
        </tbody>
      </table>
    </div>
  );
}
