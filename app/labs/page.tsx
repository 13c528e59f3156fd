import type { Metadata } from "next";
import { getI18n } from "@/lib/i18n/server";
import { LabsGrid } from "../_components/labs/LabsGrid";
import { muted } from "../_components/ui";

export async function generateMetadata(): Promise<Metadata> {
  const { labs } = await getI18n();
  return { title: labs.index.title };
}

export default async function LabsPage() {
  const { labs, jwks, shared } = await getI18n();
  return (
    <div className="mx-auto max-w-4xl space-y-6">
      <div className="space-y-2">
        <h1 className="text-3xl font-bold tracking-tight">{labs.index.title}</h1>
        <p className={`text-lg ${muted}`}>{labs.index.lead}</p>
      </div>
      <LabsGrid labs={{ ...labs, jwks }} access={shared.labs} />
    </div>
  );
}
