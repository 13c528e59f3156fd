import type { Metadata } from "next";
import { connection } from "next/server";
import { requirePageLogin } from "@/lib/auth/guards";
import { getI18n } from "@/lib/i18n/server";
import { DbLeakLab } from "../../_components/labs/DbLeakLab";
import { LabShell } from "../../_components/labs/LabShell";
import { labUiDict } from "../../_components/labs/ui-dict";

export async function generateMetadata(): Promise<Metadata> {
  const { labs } = await getI18n();
  return { title: labs.dbLeak.title };
}

export default async function Page() {
  await connection();
  await requirePageLogin("/labs/db-leak");
  const { ui, labs } = await labUiDict();
  return (
    <LabShell slug="db-leak">
      <DbLeakLab d={labs.dbLeak} ui={ui} />
    </LabShell>
  );
}
