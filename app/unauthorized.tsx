import type { Metadata } from "next";
import Link from "next/link";
import { dictionariesFor, getLocale } from "@/lib/i18n/server";
import { buttonPrimary, muted } from "./_components/ui";

export async function generateMetadata(): Promise<Metadata> {
  return { title: dictionariesFor(await getLocale()).devices.access.unauthorizedTitle };
}

// Rendered with status 401 when a page calls unauthorized() (today: /admin).
export default async function Unauthorized() {
  const d = dictionariesFor(await getLocale()).devices.access;
  return (
    <div className="mx-auto max-w-xl space-y-4 py-12 text-center" data-testid="unauthorized">
      <p className={`font-mono text-sm ${muted}`}>401 Unauthorized</p>
      <h1 className="text-2xl font-bold">{d.unauthorizedTitle}</h1>
      <p className={muted}>{d.unauthorizedBody}</p>
      <Link href="/login?next=%2Fadmin" className={buttonPrimary}>
        {d.unauthorizedLogin}
      </Link>
    </div>
  );
}
