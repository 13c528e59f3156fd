import { errorBody } from "@/lib/errors";
import { json, route } from "@/lib/http";
import { bearerMe } from "@/lib/labs/xss";

// The localStorage design's API: whoever presents the Bearer token is the user.
export const GET = route(async () => {
  const result = await bearerMe();
  if (!result.ok) return json(errorBody(`bearer_${result.reason}`, "No valid Bearer token."), 401);
  return json({ user: result.user });
});
