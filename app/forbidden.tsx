import type { Metadata } from "next";
import Link from "next/link";
import { dictionariesFor, getLocale } from "@/lib/i18n/server";
import { buttonPrimary, muted } from "./_components/ui";

export async function generateMetadata(): Promise<Metadata> {
  return { title: dictionariesFor(await getLocale()).devices.access.forbiddenTitle };
}

// Rendered with status 403 when a page calls forbidden(): logged in, but not allowed.
export default async function Forbidden() {
  const d = dictionariesFor(await getLocale()).devices.access;
  return (
    <div className="mx-auto max-w-xl space-y-4 py-12 text-center" data-testid="forbidden">
      <p className={`font-mono text-sm ${muted}`}>403 Forbidden</p>
      <h1 className="text-2xl font-bold">{d.forbiddenTitle}</h1>
      <p className={muted}>{d.forbiddenBody}</p>
      <Link href="/dashboard" className={buttonPrimary}>
        {d.forbiddenDashboard}
      </Link>
    </div>
  );
}
