import type { Metadata } from "next";
import Link from "next/link";
import { getI18n } from "@/lib/i18n/server";
import { buttonPrimary, muted } from "./_components/ui";

export async function generateMetadata(): Promise<Metadata> {
  const { app: dict } = await getI18n();
  return { title: dict.notFound.title };
}

export default async function NotFound() {
  const { app: dict } = await getI18n();
  return (
    <div className="mx-auto max-w-xl space-y-4 py-12 text-center">
      <h1 className="text-2xl font-bold">{dict.notFound.title}</h1>
      <p className={muted}>{dict.notFound.body}</p>
      <Link href="/" className={buttonPrimary}>
        {dict.notFound.home}
      </Link>
    </div>
  );
}
