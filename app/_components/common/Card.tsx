import type { ReactNode } from "react";
import { card, muted } from "../ui";

/**
 * A titled section in a bordered box: its heading names the region for screen readers
 * (aria-labelledby), so every card is a landmark a keyboard user can jump to.
 */
export function Card({
  id,
  title,
  intro,
  level = 2,
  actions,
  testId,
  className = "",
  children,
}: {
  id: string;
  title: ReactNode;
  intro?: ReactNode;
  level?: 2 | 3;
  /** Buttons beside the heading (wrap under it on a phone). */
  actions?: ReactNode;
  testId?: string;
  className?: string;
  children?: ReactNode;
}) {
  const Heading = level === 2 ? "h2" : "h3";
  const headingId = `${id}-heading`;
  return (
    <section aria-labelledby={headingId} className={`${card} space-y-3 ${className}`} data-testid={testId}>
      <div className="flex flex-wrap items-start justify-between gap-3">
        <div className="min-w-0 space-y-1">
          <Heading id={headingId} className="text-xl font-semibold">
            {title}
          </Heading>
          {intro && <p className={`text-sm ${muted}`}>{intro}</p>}
        </div>
        {actions}
      </div>
      {children}
    </section>
  );
}
