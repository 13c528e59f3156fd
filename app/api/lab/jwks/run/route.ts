import { json, route } from "@/lib/http";
import { runJwksLab } from "@/lib/labs/jwks";

// Demo mode only: one lab login per mode, sent to the app and the resource server, ended, sent again.
export const POST = route(async () => json(await runJwksLab()));

// Starting the resource server can take a few seconds on a small machine.
export const maxDuration = 30;
