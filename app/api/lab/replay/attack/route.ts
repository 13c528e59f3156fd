import { z } from "zod";
import { json, readJson, route } from "@/lib/http";
import { requireDemo } from "@/lib/labs/guard";
import { replayStolen } from "@/lib/labs/replay";

const body = z.strictObject({ aheadSeconds: z.number().int().min(0).max(86_400).default(0) });

// The attacker sends GET /api/me from their own jar; aheadSeconds runs their clock ahead.
export const POST = route(async (req) => {
  const { aheadSeconds } = await readJson(req, body);
  if (aheadSeconds > 0) requireDemo();
  return json({ request: await replayStolen(aheadSeconds) });
});
