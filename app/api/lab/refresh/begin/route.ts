import { json, route } from "@/lib/http";
import { beginJwtLogin } from "@/lib/labs/refresh";

// A fresh JWT login for this browser; the attacker keeps a copy of its first refresh token.
export const POST = route(async () => json(await beginJwtLogin()));
