import { json, route } from "@/lib/http";
import { runDbLeak } from "@/lib/labs/dbleak";

// What a copy of the database file is worth: hashes, versus tokens kept in clear.
export const POST = route(async () => json(await runDbLeak()));
