import { json, route } from "@/lib/http";
import { keysReport } from "@/lib/labs/jwks";

// The signing keys' status (kid, algorithm, signing or retired, until when it is published):
// no key material. The public keys themselves are at /.well-known/jwks.json.
export const GET = route(async () => json(keysReport()));
