import { type ApiResult, decodeTraceHeader } from "@/lib/client/api";
import type { LabRequest } from "@/lib/labs/types";

/** This browser's own request, in the shape a lab shows server-side ones (from X-AuthLab-Trace). */
export function browserRequest(method: LabRequest["method"], path: string, result: ApiResult): LabRequest {
  const seen = decodeTraceHeader(result.headers?.get("x-authlab-trace") ?? null);
  const user = result.ok ? (result.body as { user?: { username?: unknown } } | null)?.user?.username : undefined;
  return {
    actor: "browser",
    method,
    path,
    port: 0,
    status: result.status,
    code: result.ok ? null : result.error.code,
    cookies: seen?.cookies ?? [],
    trace: seen?.trace ?? null,
    user: typeof user === "string" ? user : null,
    sent: {},
    ms: 0,
    at: Date.now(),
  };
}
