import { json, route } from "@/lib/http";
import { runScaleOut } from "@/lib/labs/scale";

// Demo mode only: starts (once) two more processes of this app and asks each who you are.
export const POST = route(async () => json(await runScaleOut()));

// Starting two servers can take a while on a small machine.
export const maxDuration = 90;
