import { z } from "zod";
import { json, readJson, route } from "@/lib/http";
import { runRace } from "@/lib/labs/race";

const body = z.strictObject({ grace: z.enum(["on", "off"]) });

// Two tabs refresh with the same token at once, with the reuse grace window on or off.
export const POST = route(async (req) => {
  const { grace } = await readJson(req, body);
  return json(await runRace(grace));
});
