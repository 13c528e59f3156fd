import { json, route } from "@/lib/http";
import { replayStolen } from "@/lib/labs/replay";

// The attacker sends GET /api/me from their own jar, at real time.
export const POST = route(async () => json({ request: await replayStolen() }));
