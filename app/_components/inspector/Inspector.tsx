"use client";

import { lazy, Suspense, useEffect, useId, useRef, useState, useSyncExternalStore } from "react";
import { t } from "@/lib/i18n";
import type { LearnDict } from "@/lib/i18n/learn.en";
import type { TraceDict } from "../TraceView";
import { buttonSecondary, chip, muted } from "../ui";
import { clearInspector, inspectorServerSnapshot, inspectorSnapshot, subscribeInspector } from "./store";

// The list (and the trace renderer) is its own chunk, fetched when the panel first opens;
// the store records from page load, so nothing is missed meanwhile.
const InspectorEntries = lazy(() => import("./InspectorEntries"));

/** Available on every page (app/layout.tsx): the app's recent API requests, live. */
export function Inspector({ learn, dict }: { learn: LearnDict; dict: TraceDict }) {
  const s = learn.inspector;
  const entries = useSyncExternalStore(subscribeInspector, inspectorSnapshot, inspectorServerSnapshot);
  const [open, setOpen] = useState(false);
  // The person's own actions by default; the page's polling and automatic refreshes on request.
  const [showBackground, setShowBackground] = useState(false);
  const hidden = entries.filter((e) => e.background).length;
  const shown = showBackground ? entries : entries.filter((e) => !e.background);
  const count = new Intl.PluralRules(dict.locale).select(shown.length) === "one" ? s.toggleCountOne : s.toggleCount;
  const panelId = useId();
  const headingId = useId();
  const toggleRef = useRef<HTMLButtonElement>(null);
  const headingRef = useRef<HTMLHeadingElement>(null);

  useEffect(() => {
    if (open) headingRef.current?.focus();
  }, [open]);

  function close() {
    setOpen(false);
    toggleRef.current?.focus();
  }

  return (
    <>
      <button
        ref={toggleRef}
        type="button"
        data-testid="inspector-toggle"
        aria-expanded={open}
        aria-controls={panelId}
        onClick={() => (open ? close() : setOpen(true))}
        className="inline-flex items-center gap-2 rounded-full border border-indigo-300 bg-white px-3 py-1 text-sm font-medium text-indigo-800 shadow-sm hover:bg-indigo-50 dark:border-indigo-700 dark:bg-neutral-900 dark:text-indigo-200 dark:hover:bg-neutral-800"
      >
        <span aria-hidden="true" className="size-2 rounded-full bg-indigo-600 dark:bg-indigo-400" />
        {s.toggle}
        <span className={chip("accent")} data-testid="inspector-count">
          {t(count, { n: shown.length })}
        </span>
      </button>
      {open && (
        <section
          id={panelId}
          aria-labelledby={headingId}
          data-testid="inspector-panel"
          onKeyDown={(e) => {
            if (e.key === "Escape") {
              e.stopPropagation();
              close();
            }
          }}
          className="fixed inset-x-0 bottom-0 z-50 flex max-h-[80dvh] flex-col rounded-t-2xl border border-neutral-200 bg-neutral-50 shadow-2xl sm:inset-x-auto sm:right-4 sm:bottom-16 sm:max-h-[75dvh] sm:w-[32rem] sm:rounded-2xl dark:border-neutral-800 dark:bg-neutral-950"
        >
          <div className="flex items-start justify-between gap-3 border-b border-neutral-200 p-4 dark:border-neutral-800">
            <div className="space-y-1">
              <h2 id={headingId} ref={headingRef} tabIndex={-1} className="text-base font-semibold focus:outline-none">
                {s.heading}
              </h2>
              <p className={`text-xs ${muted}`}>{s.intro}</p>
              <label className="flex items-center gap-2 pt-1 text-xs">
                <input
                  type="checkbox"
                  data-testid="inspector-show-background"
                  checked={showBackground}
                  onChange={(e) => setShowBackground(e.target.checked)}
                />
                {t(s.showBackground, { n: hidden })}
              </label>
            </div>
            <div className="flex shrink-0 gap-2">
              <button type="button" onClick={clearInspector} className={`${buttonSecondary} px-3 py-1`}>
                {s.clear}
              </button>
              <button type="button" onClick={close} className={`${buttonSecondary} px-3 py-1`} data-testid="inspector-close">
                {s.close}
              </button>
            </div>
          </div>
          <div className="min-h-0 flex-1 overflow-y-auto p-3">
            {shown.length === 0 ? (
              <p className={`p-2 text-sm ${muted}`}>{s.empty}</p>
            ) : (
              <Suspense fallback={<p className={`p-2 text-sm ${muted}`}>…</p>}>
                <InspectorEntries entries={shown} learn={learn} dict={dict} />
              </Suspense>
            )}
          </div>
        </section>
      )}
    </>
  );
}
