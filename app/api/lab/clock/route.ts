import { z } from "zod";
import { json, readJson, route } from "@/lib/http";
import { advanceClock, readClock, resetClock } from "@/lib/labs/clock";
import { requireDemo } from "@/lib/labs/guard";

// Time travel (demo mode only): GET reads this browser's demo clock, POST moves it forward,
// DELETE puts it back to real time.
export const GET = route(async () => json(await readClock()));

const advanceBody = z.strictObject({ seconds: z.number().int().min(1).max(86_400) });

export const POST = route(async (req) => {
  requireDemo();
  const { seconds } = await readJson(req, advanceBody);
  return json(await advanceClock(seconds));
});

export const DELETE = route(async () => {
  requireDemo();
  return json(await resetClock());
});
