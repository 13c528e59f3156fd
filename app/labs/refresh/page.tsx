import type { Metadata } from "next";
import { connection } from "next/server";
import { requirePageLogin } from "@/lib/auth/guards";
import { getI18n } from "@/lib/i18n/server";
import { LabShell } from "../../_components/labs/LabShell";
import { RefreshLab } from "../../_components/labs/RefreshLab";
import { labUiDict } from "../../_components/labs/ui-dict";

export async function generateMetadata(): Promise<Metadata> {
  const { labs } = await getI18n();
  return { title: labs.refresh.title };
}

export default async function Page() {
  await connection();
  await requirePageLogin("/labs/refresh");
  const { ui, labs } = await labUiDict();
  return (
    <LabShell slug="refresh">
      <RefreshLab d={labs.refresh} ui={ui} />
    </LabShell>
  );
}
