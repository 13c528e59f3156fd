import { json, route } from "@/lib/http";
import { replayOldRefresh } from "@/lib/labs/refresh";

// The attacker presents the copied (by now rotated) refresh token.
export const POST = route(async () => json({ request: await replayOldRefresh() }));
