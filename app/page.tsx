import Link from "next/link";
import { connection } from "next/server";
import { pageAuth } from "@/lib/auth/guards";
import { listDemoAccounts } from "@/lib/auth/seed";
import { getI18n } from "@/lib/i18n/server";
import { GuidedPath } from "./_components/labs/GuidedPath";
import { LabsGrid } from "./_components/labs/LabsGrid";
import { labUiDict } from "./_components/labs/ui-dict";
import { link, muted } from "./_components/ui";

// The guided path: seven ideas, each a few sentences and a button that makes this server
// demonstrate it live, then the labs that take each idea further.
export default async function HomePage() {
  await connection();
  const { ui, labs, learn } = await labUiDict();
  const { shared, jwks } = await getI18n();
  const auth = await pageAuth();
  const demo = listDemoAccounts().find((a) => a.role === "user");
  const d = learn.path;

  return (
    <div className="mx-auto max-w-4xl space-y-8">
      <div className="space-y-3">
        <h1 className="text-3xl font-bold tracking-tight sm:text-4xl">{d.title}</h1>
        <p className={`text-lg leading-relaxed ${muted}`}>{d.lead}</p>
      </div>

      <GuidedPath
        ui={ui}
        initial={auth.ok ? { username: auth.user.username, mode: auth.mode } : null}
        demoAccount={demo ? { username: demo.username, password: demo.password } : null}
      />

      <section aria-labelledby="labs-heading" className="space-y-4">
        <div className="flex flex-wrap items-baseline justify-between gap-2">
          <h2 id="labs-heading" className="text-2xl font-semibold">
            {d.labsHeading}
          </h2>
          <Link href="/labs" className={link}>
            {d.labsLink}
          </Link>
        </div>
        <p className={muted}>{d.labsBody}</p>
        <LabsGrid labs={{ ...labs, jwks }} access={shared.labs} />
      </section>
    </div>
  );
}
