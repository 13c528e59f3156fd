import { describe, expect, it } from "vitest";
import type { AuthTrace, RequestTraceHeader } from "./auth/types";
import { json, route } from "./http";
import { credentialCookiesOf, recordTrace, TRACE_HEADER, WANT_TRACE_HEADER } from "./request-trace";

const trace: AuthTrace = {
  mode: "session",
  cookie: "authlab_session",
  steps: [{ id: "read_cookie", ms: 0, ok: true }],
  dbQueries: 1,
  totalMs: 0.5,
  failure: null,
};

function decode(value: string | null): RequestTraceHeader {
  return JSON.parse(Buffer.from(value ?? "", "base64url").toString("utf8")) as RequestTraceHeader;
}

describe("credentialCookiesOf", () => {
  it("keeps credential cookies only, as names and sizes, never values", () => {
    const out = credentialCookiesOf("authlab_lang=ko; authlab_session=abc123; other=x; authlab_refresh=zz");
    expect(out).toEqual([
      { name: "authlab_session", size: "authlab_session=abc123".length },
      { name: "authlab_refresh", size: "authlab_refresh=zz".length },
    ]);
    expect(JSON.stringify(out)).not.toContain("abc123");
    expect(credentialCookiesOf(null)).toEqual([]);
  });
});

describe("route() reports what the server saw in X-AuthLab-Trace", () => {
  const req = () =>
    new Request("http://localhost:3000/api/x", {
      headers: { cookie: "authlab_session=secretvalue; authlab_lang=en", [WANT_TRACE_HEADER]: "1" },
    });

  it("only when asked: a request without X-AuthLab-Want-Trace gets no header (and no per-request store)", async () => {
    const handler = route(async () => {
      recordTrace(trace);
      return json({ ok: true });
    });
    const res = await handler(new Request("http://localhost:3000/api/x", { headers: { cookie: "authlab_session=x" } }), undefined);
    expect(res.status).toBe(200);
    expect(res.headers.get(TRACE_HEADER)).toBeNull();
  });

  it("the trace the handler's authentication recorded, and the cookie names and sizes", async () => {
    const handler = route(async () => {
      recordTrace(trace);
      return json({ ok: true });
    });
    const res = await handler(req(), undefined);
    const header = res.headers.get(TRACE_HEADER);
    expect(header).not.toContain("secretvalue");
    expect(decode(header)).toEqual({ mode: "session", cookies: [{ name: "authlab_session", size: 27 }], trace });
  });

  it("an error response carries it too; no authentication means trace null", async () => {
    const handler = route(async () => {
      throw new Error("boom");
    });
    const res = await handler(req(), undefined);
    expect(res.status).toBe(500);
    expect(decode(res.headers.get(TRACE_HEADER))).toEqual({ mode: null, cookies: [{ name: "authlab_session", size: 27 }], trace: null });
  });

  it("requests do not share a store", async () => {
    const a = route(async () => {
      recordTrace(trace);
      return json({});
    });
    const b = route(async () => json({}));
    const [ra, rb] = await Promise.all([a(req(), undefined), b(req(), undefined)]);
    expect(decode(ra.headers.get(TRACE_HEADER)).trace).not.toBeNull();
    expect(decode(rb.headers.get(TRACE_HEADER)).trace).toBeNull();
  });
});
