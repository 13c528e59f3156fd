import { json, route } from "@/lib/http";
import { walkThroughRefresh } from "@/lib/labs/refresh";

// The access + refresh flow on a throwaway login, clock moved instead of waiting.
export const POST = route(async () => json({ requests: await walkThroughRefresh() }));
