import { json, route } from "@/lib/http";
import { againJwksLab } from "@/lib/labs/jwks";

// Demo mode only: the ended JWT lab login's token, sent to both again (until exp, then expired).
export const POST = route(async () => json(await againJwksLab()));
