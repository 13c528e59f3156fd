import { listUsersForAdmin } from "@/lib/auth/admin";
import { nextAuthContext } from "@/lib/auth/context";
import { requireAdmin } from "@/lib/auth/guards";
import { json, route } from "@/lib/http";

export const GET = route(async () => {
  const ctx = await nextAuthContext();
  const admin = await requireAdmin(ctx);
  return json({ users: await listUsersForAdmin(ctx.now(), admin.login) });
});
