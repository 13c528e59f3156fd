import { json, route } from "@/lib/http";
import { crossSiteRequests } from "@/lib/labs/xss";

// Requests as another site's page would send them: what SameSite and the Origin check stop.
export const POST = route(async () => json({ requests: await crossSiteRequests() }));
