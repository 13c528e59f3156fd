import Link from "next/link";
import type { JwksDict } from "@/lib/i18n/jwks.en";
import type { LabsDict } from "@/lib/i18n/labs.en";
import type { SharedDict } from "@/lib/i18n/shared.en";
import { chip, muted } from "../ui";
import { LABS } from "./catalog";

/** The labs as cards: title, one line, a link. */
export function LabsGrid({ labs, access }: { labs: LabsDict & { jwks: JwksDict }; access: SharedDict["labs"] }) {
  return (
    <ul className="grid gap-4 sm:grid-cols-2" data-testid="labs-grid">
      {LABS.map((lab) => {
        const d = labs[lab.section] as Record<string, string>;
        return (
          <li key={lab.slug}>
            <Link
              href={`/labs/${lab.slug}`}
              className="block h-full space-y-2 rounded-xl border border-neutral-200 bg-white p-4 shadow-sm hover:border-indigo-400 hover:shadow-md dark:border-neutral-800 dark:bg-neutral-900 dark:hover:border-indigo-500"
              data-testid={`lab-link-${lab.slug}`}
            >
              <span className="flex flex-wrap items-center gap-2">
                <span className="text-lg font-semibold text-indigo-700 dark:text-indigo-300">{d.title}</span>
                <span
                  className={chip(lab.needsLogin ? "warn" : "good")}
                  data-testid={`lab-access-${lab.slug}`}
                  data-needs-login={lab.needsLogin}
                >
                  {lab.needsLogin ? access.needsLogin : access.open}
                </span>
                {lab.demoOnly && <span className={chip("neutral")}>{labs.index.demoOnly}</span>}
              </span>
              <span className={`block text-sm ${muted}`}>{d.summary}</span>
            </Link>
          </li>
        );
      })}
    </ul>
  );
}
