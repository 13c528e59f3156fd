import { json, route } from "@/lib/http";
import { compareModes } from "@/lib/labs/compare";

// Session vs JWT: one check each, then revoke both and check again.
export const POST = route(async () => json({ requests: await compareModes() }));
