import type { Metadata } from "next";
import { connection } from "next/server";
import { requirePageLogin } from "@/lib/auth/guards";
import { getI18n } from "@/lib/i18n/server";
import { LabShell } from "../../_components/labs/LabShell";
import { ScaleLab } from "../../_components/labs/ScaleLab";
import { labUiDict } from "../../_components/labs/ui-dict";
import { tNode } from "../../_components/t-node";

export async function generateMetadata(): Promise<Metadata> {
  const { labs } = await getI18n();
  return { title: labs.scale.title };
}

export default async function Page() {
  await connection();
  await requirePageLogin("/labs/scale-out");
  const { ui, labs } = await labUiDict();
  // Only whether DATABASE_URL is set reaches the page, never its value (it holds a password).
  const store = process.env.DATABASE_URL ? "postgres" : "sqlite-file";
  const { cluster } = await getI18n();
  return (
    <LabShell slug="scale-out">
      <ScaleLab
        d={labs.scale}
        ui={ui}
        store={store}
        storeNote={tNode(store === "postgres" ? cluster.scale.sharedStorePostgres : cluster.scale.oneMachine, {
          env: <code>DATABASE_URL</code>,
          command: <code>npm run demo:cluster</code>,
        })}
      />
    </LabShell>
  );
}
