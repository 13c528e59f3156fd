import type { Metadata } from "next";
import { connection } from "next/server";
import { requirePageLogin } from "@/lib/auth/guards";
import { getI18n } from "@/lib/i18n/server";
import { LabShell } from "../../_components/labs/LabShell";
import { ReplayLab } from "../../_components/labs/ReplayLab";
import { labUiDict } from "../../_components/labs/ui-dict";

export async function generateMetadata(): Promise<Metadata> {
  const { labs } = await getI18n();
  return { title: labs.replay.title };
}

export default async function Page() {
  await connection();
  const { mode } = await requirePageLogin("/labs/replay");
  const { ui, labs } = await labUiDict();
  return (
    <LabShell slug="replay">
      <ReplayLab d={labs.replay} ui={ui} initialMode={mode} modeNames={ui.modeNames} />
    </LabShell>
  );
}
