import type { Metadata } from "next";
import { getLearnDictionaries } from "@/lib/i18n/learn";
import { LabsGrid } from "../_components/labs/LabsGrid";
import { muted } from "../_components/ui";

export async function generateMetadata(): Promise<Metadata> {
  const { labs } = await getLearnDictionaries();
  return { title: labs.index.title };
}

export default async function LabsPage() {
  const { labs } = await getLearnDictionaries();
  return (
    <div className="mx-auto max-w-4xl space-y-6">
      <div className="space-y-2">
        <h1 className="text-3xl font-bold tracking-tight">{labs.index.title}</h1>
        <p className={`text-lg ${muted}`}>{labs.index.lead}</p>
      </div>
      <LabsGrid labs={labs} />
    </div>
  );
}
