import type { Metadata } from "next";
import { connection } from "next/server";
import { requirePageLogin } from "@/lib/auth/guards";
import { env } from "@/lib/env";
import { getI18n } from "@/lib/i18n/server";
import { LabShell } from "../../_components/labs/LabShell";
import { RaceLab } from "../../_components/labs/RaceLab";
import { labUiDict } from "../../_components/labs/ui-dict";

export async function generateMetadata(): Promise<Metadata> {
  const { labs } = await getI18n();
  return { title: labs.race.title };
}

export default async function Page() {
  await connection();
  await requirePageLogin("/labs/race");
  const { ui, labs } = await labUiDict();
  return (
    <LabShell slug="race">
      <RaceLab d={labs.race} ui={ui} graceSeconds={env().REFRESH_REUSE_GRACE} />
    </LabShell>
  );
}
