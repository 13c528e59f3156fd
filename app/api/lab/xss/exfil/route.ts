import { z } from "zod";
import { json, readJson, route } from "@/lib/http";
import { replayExfiltrated } from "@/lib/labs/xss";

const body = z.strictObject({
  localToken: z.string().max(4096).nullable(),
  documentCookie: z.string().max(8192),
});

// The attacker's server: what the injected script sent home, replayed from elsewhere.
export const POST = route(async (req) => {
  const loot = await readJson(req, body);
  return json({ requests: await replayExfiltrated(loot) });
});
