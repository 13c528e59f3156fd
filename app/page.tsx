import Link from "next/link";
import { getDictionary } from "@/lib/i18n/server";
import { buttonPrimary, buttonSecondary, card, muted } from "./_components/ui";

export default async function HomePage() {
  const { dict } = await getDictionary();
  const home = dict.home;
  const ideas = [
    [home.statelessTitle, home.statelessBody],
    [home.authnAuthzTitle, home.authnAuthzBody],
    [home.sessionTitle, home.sessionBody],
    [home.jwtTitle, home.jwtBody],
    [home.refreshTitle, home.refreshBody],
    [home.storageTitle, home.storageBody],
  ] as const;

  return (
    <div className="mx-auto max-w-3xl space-y-8">
      <div className="space-y-3">
        <h1 className="text-3xl font-bold tracking-tight sm:text-4xl">{home.title}</h1>
        <p className={`text-lg ${muted}`}>{home.lead}</p>
      </div>

      <section aria-labelledby="ideas-heading" className={card}>
        <h2 id="ideas-heading" className="mb-4 text-xl font-semibold">
          {home.ideasHeading}
        </h2>
        <ul className="space-y-3">
          {ideas.map(([title, body]) => (
            <li key={title} className="flex gap-3">
              <span aria-hidden="true" className="mt-2 size-2 shrink-0 rounded-full bg-indigo-600 dark:bg-indigo-400" />
              <p>
                <strong className="font-semibold">{title}</strong> <span className={muted}>{body}</span>
              </p>
            </li>
          ))}
        </ul>
      </section>

      <section aria-labelledby="try-heading" className="space-y-4">
        <h2 id="try-heading" className="text-xl font-semibold">
          {home.tryHeading}
        </h2>
        <p className={muted}>{home.tryBody}</p>
        <div className="flex flex-wrap gap-3">
          <Link href="/login" className={buttonPrimary}>
            {home.ctaLogin}
          </Link>
          <Link href="/signup" className={buttonSecondary}>
            {home.ctaSignup}
          </Link>
          <Link href="/dashboard" className={buttonSecondary}>
            {home.ctaDashboard}
          </Link>
        </div>
      </section>
    </div>
  );
}
