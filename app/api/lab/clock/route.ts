import { z } from "zod";
import { json, readJson, route } from "@/lib/http";
import { advanceClock, readClock, resetClock } from "@/lib/labs/clock";

// Time travel (demo mode only), for a throwaway lab login of the reader, never the
// reader's own: GET reads the lab clock, POST moves it forward (0: just look) and asks
// GET /api/me as the lab login, DELETE ends the lab login and its clock.
export const GET = route(async () => json(await readClock()));

const advanceBody = z.strictObject({ seconds: z.number().int().min(0).max(86_400) });

export const POST = route(async (req) => {
  const { seconds } = await readJson(req, advanceBody);
  return json(await advanceClock(seconds));
});

export const DELETE = route(async () => json(await resetClock()));
