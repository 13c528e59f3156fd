import type { Metadata } from "next";
import { connection } from "next/server";
import { requirePageLogin } from "@/lib/auth/guards";
import { getI18n } from "@/lib/i18n/server";
import { keysReport } from "@/lib/labs/jwks";
import { JwksLab } from "../../_components/labs/JwksLab";
import { LabShell } from "../../_components/labs/LabShell";
import { labUiDict } from "../../_components/labs/ui-dict";

export async function generateMetadata(): Promise<Metadata> {
  const { jwks } = await getI18n();
  return { title: jwks.title };
}

export default async function Page() {
  await connection();
  await requirePageLogin("/labs/resource-server");
  const { ui } = await labUiDict();
  const { jwks } = await getI18n();
  return (
    <LabShell slug="resource-server">
      <JwksLab d={jwks} ui={ui} initial={keysReport()} />
    </LabShell>
  );
}
