import Link from "next/link";
import type { ReactNode } from "react";
import { demoEnabled } from "@/lib/demo-clock";
import { getI18n } from "@/lib/i18n/server";
import { alertInfo, card, link, muted } from "../ui";
import { labBySlug } from "./catalog";

/** Every lab page: the goal, the lab itself (children), why, and the standard it illustrates. */
export async function LabShell({ slug, children }: { slug: string; children: ReactNode }) {
  const lab = labBySlug(slug);
  const { labs, jwks, learn } = await getI18n();
  // The resource-server lab keeps its words in a namespace of its own (jwks).
  const d = (lab.section === "jwks" ? jwks : labs[lab.section]) as Record<string, string>;
  const why = ["why1", "why2", "why3"].map((k) => d[k]).filter((v): v is string => typeof v === "string");
  return (
    <article className="mx-auto max-w-4xl space-y-6" data-testid={`lab-${slug}`}>
      <nav aria-label={labs.nav.labs}>
        <Link href="/labs" className={`text-sm ${link}`}>
          ← {labs.nav.back}
        </Link>
      </nav>
      <header className="space-y-2">
        <h1 className="text-3xl font-bold tracking-tight">{d.title}</h1>
        <p className="text-lg">
          <span className="font-semibold">{learn.common.goal}: </span>
          <span className={muted}>{d.goal}</span>
        </p>
      </header>
      {lab.demoOnly && !demoEnabled() && (
        <p className={alertInfo} role="status">
          {labs.scale.demoOnly}
        </p>
      )}
      {children}
      <section aria-labelledby="why-heading" className={`${card} space-y-3`}>
        <h2 id="why-heading" className="text-xl font-semibold">
          {learn.common.why}
        </h2>
        {why.map((p) => (
          <p key={p.slice(0, 24)} className="leading-relaxed">
            {p}
          </p>
        ))}
        <h3 className="pt-2 text-base font-semibold">{labs.standards.heading}</h3>
        <ul className="list-disc space-y-1 pl-5" data-testid="lab-standards">
          {lab.standards.map((s) => (
            <li key={s.href}>
              <a href={s.href} className={link} rel="noopener noreferrer" target="_blank" lang="en">
                {d[s.label] ?? s.label}
              </a>
            </li>
          ))}
        </ul>
      </section>
    </article>
  );
}
