import type { Metadata } from "next";
import { connection } from "next/server";
import { requirePageLogin } from "@/lib/auth/guards";
import { getLearnDictionaries } from "@/lib/i18n/learn";
import { keysReport } from "@/lib/labs/jwks";
import { JwksLab } from "../../_components/labs/JwksLab";
import { LabShell } from "../../_components/labs/LabShell";
import { labUiDict } from "../../_components/labs/ui-dict";

export async function generateMetadata(): Promise<Metadata> {
  const { labs } = await getLearnDictionaries();
  return { title: labs.jwks.title };
}

export default async function Page() {
  await connection();
  await requirePageLogin("/labs/resource-server");
  const { ui, labs } = await labUiDict();
  return (
    <LabShell slug="resource-server">
      <JwksLab d={labs.jwks} ui={ui} initial={keysReport()} />
    </LabShell>
  );
}
