import "server-only";
import { NextResponse } from "next/server";
import type { z } from "zod";
import { ApiError, errorBody, isStorageFault } from "./errors";
import { attachTraceHeader, wantsTrace, withRequestTrace } from "./request-trace";
import { isSiteOrigin, isSiteRequest } from "./site";

// Route-handler plumbing: body parsing with limits, the same-origin rule for writes,
// and one place that turns every failure into the JSON error shape. Anything a client
// sends ends as a 4xx; only the server's own faults become 5xx, and they never leak
// a stack trace or a secret.

export const MAX_BODY_BYTES = 16 * 1024;

export function json(body: unknown, status = 200, headers?: HeadersInit): NextResponse {
  const res = NextResponse.json(body, { status, headers });
  res.headers.set("Cache-Control", "no-store");
  return res;
}

export function errorResponse(err: ApiError): NextResponse {
  const headers: Record<string, string> = {};
  if (err.extra.retryAfter) headers["Retry-After"] = String(err.extra.retryAfter);
  return json({ ...err.extra.body, ...errorBody(err.code, err.message, err.extra.details) }, err.status, headers);
}

/**
 * State-changing requests from another site are refused (CLI clients send no Origin). The
 * Origin must be this site's exactly, scheme included: https://host:port is not the same
 * site as http://host:port (lib/site.ts).
 */
export function assertSameOrigin(req: Request): void {
  const origin = req.headers.get("origin");
  if (origin === null) return;
  if (!isSiteOrigin(origin)) throw new ApiError(403, "cross_origin", "Cross-origin requests may not change state here.");
}

/**
 * Every request must be addressed to this site: a Host this server does not answer as is
 * DNS rebinding (a page on evil.example resolving to 127.0.0.1) or a misrouted client.
 */
export function assertSiteHost(req: Request): void {
  if (!isSiteRequest(req.headers, req.headers.has("host") ? undefined : req.url)) {
    throw new ApiError(421, "wrong_host", "This server does not answer for that host name. Use the site's own address (APP_ORIGIN).");
  }
}

export async function readJson<S extends z.ZodType>(req: Request, schema: S): Promise<z.infer<S>> {
  const type = req.headers.get("content-type") ?? "";
  if (!/^application\/json\s*(;|$)/i.test(type)) {
    throw new ApiError(415, "unsupported_media_type", "Send the body as JSON with Content-Type: application/json.");
  }
  const declared = Number(req.headers.get("content-length") ?? "0");
  if (declared > MAX_BODY_BYTES) throw new ApiError(413, "payload_too_large", `Request bodies are limited to ${MAX_BODY_BYTES} bytes.`);
  const text = await readLimited(req, MAX_BODY_BYTES);
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    throw new ApiError(400, "invalid_json", "The body is not valid JSON.");
  }
  const parsed = schema.safeParse(value);
  if (!parsed.success) {
    const details = parsed.error.issues.map((i) => ({ path: i.path.join("."), message: i.message }));
    const first = details[0];
    throw new ApiError(400, "invalid_input", first ? `${first.path ? `${first.path}: ` : ""}${first.message}` : "Invalid input.", {
      details,
    });
  }
  return parsed.data;
}

async function readLimited(req: Request, limit: number): Promise<string> {
  if (!req.body) return "";
  const reader = req.body.getReader();
  const chunks: Uint8Array[] = [];
  let size = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    size += value.byteLength;
    if (size > limit) {
      await reader.cancel().catch(() => {});
      throw new ApiError(413, "payload_too_large", `Request bodies are limited to ${limit} bytes.`);
    }
    chunks.push(value);
  }
  try {
    return new TextDecoder("utf-8", { fatal: true }).decode(Buffer.concat(chunks));
  } catch {
    throw new ApiError(400, "invalid_json", "The body is not valid UTF-8.");
  }
}

type Handler<C> = (req: Request, ctx: C) => Promise<Response>;

/** Wraps a route handler: state-changing methods get the origin check; errors get the shape. */
export function route<C = unknown>(handler: Handler<C>): Handler<C> {
  return async (req, ctx) => {
    // The request inspector, when it asks: whatever authenticated this request reports how
    // (lib/request-trace.ts). Everyone else pays nothing for it.
    if (!wantsTrace(req)) return handle(handler, req, ctx);
    const { store, result } = withRequestTrace(() => handle(handler, req, ctx));
    return attachTraceHeader(await result, req, store);
  };
}

async function handle<C>(handler: Handler<C>, req: Request, ctx: C): Promise<Response> {
  try {
    assertSiteHost(req);
    if (!["GET", "HEAD", "OPTIONS"].includes(req.method)) assertSameOrigin(req);
    return await handler(req, ctx);
  } catch (err) {
    if (ApiError.is(err)) return errorResponse(err);
    // Next uses thrown errors for redirect()/notFound(): let them through.
    if (err && typeof err === "object" && "digest" in err && typeof (err as { digest: unknown }).digest === "string") throw err;
    if (isStorageFault(err)) {
      console.error(`[authlab] storage unavailable: ${(err as { code?: string }).code} on ${req.method} ${new URL(req.url).pathname}`);
      return json(errorBody("storage_unavailable", "The database cannot be written right now. Try again shortly."), 503, {
        "Retry-After": "5",
      });
    }
    console.error(
      `[authlab] unexpected error on ${req.method} ${new URL(req.url).pathname}: ${(err as Error)?.name}: ${(err as Error)?.message}`,
    );
    return json(errorBody("internal_error", "Something went wrong on our side."), 500);
  }
}
