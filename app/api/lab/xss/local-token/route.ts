import { json, route } from "@/lib/http";
import { issueLocalToken } from "@/lib/labs/xss";

// The localStorage design: a token handed to page scripts (lab audience only).
export const POST = route(async () => json(await issueLocalToken()));
