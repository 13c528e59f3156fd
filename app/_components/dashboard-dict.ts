import type { Dict } from "@/lib/i18n";

/** The slice of the dictionary the dashboard's client components receive. */
export type DashboardDict = Pick<Dict, "dashboard" | "errors" | "mode" | "time">;
