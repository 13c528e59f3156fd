import type { Metadata } from "next";
import { connection } from "next/server";
import { requirePageLogin } from "@/lib/auth/guards";
import { getI18n } from "@/lib/i18n/server";
import { LabShell } from "../../_components/labs/LabShell";
import { TimeTravelLab } from "../../_components/labs/TimeTravelLab";
import { labUiDict } from "../../_components/labs/ui-dict";

export async function generateMetadata(): Promise<Metadata> {
  const { labs } = await getI18n();
  return { title: labs.timeTravel.title };
}

export default async function Page() {
  await connection();
  await requirePageLogin("/labs/time-travel");
  const { ui, labs } = await labUiDict();
  return (
    <LabShell slug="time-travel">
      <TimeTravelLab d={labs.timeTravel} ui={ui} />
    </LabShell>
  );
}
