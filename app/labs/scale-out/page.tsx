import type { Metadata } from "next";
import { connection } from "next/server";
import { requirePageLogin } from "@/lib/auth/guards";
import { clusterDictionary } from "@/lib/i18n/cluster";
import { getLearnDictionaries } from "@/lib/i18n/learn";
import { LabShell } from "../../_components/labs/LabShell";
import { ScaleLab } from "../../_components/labs/ScaleLab";
import { labUiDict } from "../../_components/labs/ui-dict";

export async function generateMetadata(): Promise<Metadata> {
  const { labs } = await getLearnDictionaries();
  return { title: labs.scale.title };
}

export default async function Page() {
  await connection();
  await requirePageLogin("/labs/scale-out");
  const { ui, labs, locale } = await labUiDict();
  // Only whether DATABASE_URL is set reaches the page, never its value (it holds a password).
  const store = process.env.DATABASE_URL ? "postgres" : "sqlite-file";
  const cluster = clusterDictionary(locale).scale;
  return (
    <LabShell slug="scale-out">
      <ScaleLab d={labs.scale} ui={ui} store={store} storeNote={store === "postgres" ? cluster.sharedStorePostgres : cluster.oneMachine} />
    </LabShell>
  );
}
