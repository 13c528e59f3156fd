import type { Metadata } from "next";
import { safeNextPath } from "@/lib/auth/redirects";
import { getI18n } from "@/lib/i18n/server";
import { SignupForm } from "../_components/SignupForm";
import { muted } from "../_components/ui";

type SearchParams = Promise<Record<string, string | string[] | undefined>>;

export async function generateMetadata(): Promise<Metadata> {
  const { app: dict } = await getI18n();
  return { title: dict.signup.title };
}

export default async function SignupPage({ searchParams }: { searchParams: SearchParams }) {
  const params = await searchParams;
  const { app: dict } = await getI18n();
  // Carried through to the login page, so "sign up, then log in" still ends where the user was going.
  const next = typeof params.next === "string" ? safeNextPath(params.next) : null;

  return (
    <div className="mx-auto max-w-xl space-y-6">
      <div className="space-y-2">
        <h1 className="text-3xl font-bold tracking-tight">{dict.signup.title}</h1>
        <p className={muted}>{dict.signup.lead}</p>
      </div>
      <SignupForm dict={dict.signup} errors={dict.errors} next={next} />
    </div>
  );
}
