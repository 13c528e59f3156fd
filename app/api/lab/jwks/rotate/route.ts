import { json, route } from "@/lib/http";
import { rotateForLab } from "@/lib/labs/jwks";

// Demo mode only: a new key signs from now; the old one stays published until its tokens expired.
export const POST = route(async () => json(await rotateForLab()));
