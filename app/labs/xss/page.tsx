import type { Metadata } from "next";
import { connection } from "next/server";
import { requirePageLogin } from "@/lib/auth/guards";
import { getI18n } from "@/lib/i18n/server";
import { LabShell } from "../../_components/labs/LabShell";
import { labUiDict } from "../../_components/labs/ui-dict";
import { XssLab } from "../../_components/labs/XssLab";

export async function generateMetadata(): Promise<Metadata> {
  const { labs } = await getI18n();
  return { title: labs.xss.title };
}

export default async function Page() {
  await connection();
  await requirePageLogin("/labs/xss");
  const { ui, labs } = await labUiDict();
  return (
    <LabShell slug="xss">
      <XssLab d={labs.xss} ui={ui} />
    </LabShell>
  );
}
