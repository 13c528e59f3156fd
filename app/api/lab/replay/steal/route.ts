import { json, route } from "@/lib/http";
import { stealCredentials } from "@/lib/labs/replay";

// Copies this browser's credential cookie into the lab's "attacker" jar (server-side).
export const POST = route(async () => json(await stealCredentials()));
