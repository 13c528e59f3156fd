import type { Metadata } from "next";
import { forbidden, redirect, unauthorized } from "next/navigation";
import { connection } from "next/server";
import { listUsersForAdmin } from "@/lib/auth/admin";
import { pageAuth } from "@/lib/auth/guards";
import { now } from "@/lib/clock";
import { dictionariesFor, getI18n, getLocale } from "@/lib/i18n/server";
import { AdminPanel } from "./AdminPanel";

export async function generateMetadata(): Promise<Metadata> {
  return { title: dictionariesFor(await getLocale()).devices.admin.title };
}

// The page answers for itself (no proxy redirect): 401 for a stranger, 403 for anyone
// but an admin, exactly like the /api/admin routes.
export default async function AdminPage() {
  await connection();
  const auth = await pageAuth();
  if (!auth.ok) {
    // An expired access token may still have a valid refresh token: refresh and come back.
    if (auth.code === "token_expired") redirect(`/api/auth/refresh?next=${encodeURIComponent("/admin")}`);
    unauthorized();
  }
  if (auth.user.role !== "admin") forbidden();

  const { locale, app: dict, devices } = await getI18n();
  return (
    <AdminPanel
      initialUsers={await listUsersForAdmin(now(), auth.login)}
      meId={auth.user.id}
      dict={devices}
      common={{ errors: dict.errors, mode: dict.mode, time: dict.time }}
      locale={locale}
    />
  );
}
