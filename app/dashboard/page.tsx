import type { Metadata } from "next";
import { connection } from "next/server";
import { requirePageLogin } from "@/lib/auth/guards";
import { getI18n } from "@/lib/i18n/server";
import { Dashboard } from "../_components/Dashboard";

export async function generateMetadata(): Promise<Metadata> {
  const { app: dict } = await getI18n();
  return { title: dict.dashboard.title };
}

export default async function DashboardPage() {
  // Per request, always: who is asking is the whole point of this page.
  await connection();
  // Redirects (to a transparent refresh, or to the login page) when nobody is logged in.
  const { user, mode } = await requirePageLogin("/dashboard");
  const { locale, app: dict, devices, codes, shared } = await getI18n();

  return (
    <Dashboard
      initialUser={user}
      initialMode={mode}
      locale={locale}
      dict={{ dashboard: dict.dashboard, errors: dict.errors, mode: dict.mode, time: dict.time, codes, locale }}
      devicesDict={devices}
      shared={shared}
    />
  );
}
