import type { Metadata } from "next";
import { connection } from "next/server";
import { getI18n } from "@/lib/i18n/server";
import { CookieSizeLab } from "../../_components/labs/CookieSizeLab";
import { LabShell } from "../../_components/labs/LabShell";
import { labUiDict } from "../../_components/labs/ui-dict";

export async function generateMetadata(): Promise<Metadata> {
  const { labs } = await getI18n();
  return { title: labs.cookieSize.title };
}

export default async function Page() {
  await connection();

  const { ui, labs } = await labUiDict();
  return (
    <LabShell slug="cookie-size">
      <CookieSizeLab d={labs.cookieSize} ui={ui} />
    </LabShell>
  );
}
