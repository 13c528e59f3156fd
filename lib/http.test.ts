import { afterEach, describe, expect, it, vi } from "vitest";
import { z } from "zod";
import { resetEnvForTests } from "./env";
import { ApiError } from "./errors";
import { assertSameOrigin, assertSiteHost, MAX_BODY_BYTES, readJson, route } from "./http";

const URL_ = "http://localhost:3000/api/test";
const schema = z.strictObject({ name: z.string().min(2) });

function post(body: BodyInit | null, headers: Record<string, string> = { "content-type": "application/json" }) {
  return new Request(URL_, { method: "POST", headers, body });
}

async function rejection(p: Promise<unknown>): Promise<ApiError> {
  const err = await p.then(
    () => {
      throw new Error("expected a rejection");
    },
    (e: unknown) => e,
  );
  expect(err).toBeInstanceOf(ApiError);
  return err as ApiError;
}

afterEach(() => {
  vi.restoreAllMocks();
});

describe("readJson", () => {
  it("parses a valid body with the schema", async () => {
    expect(await readJson(post('{"name":"ok"}'), schema)).toEqual({ name: "ok" });
    expect(await readJson(post('{"name":"ok"}', { "content-type": "application/json; charset=utf-8" }), schema)).toEqual({ name: "ok" });
    expect(await readJson(post('{"name":"ok"}', { "content-type": "Application/JSON" }), schema)).toEqual({ name: "ok" });
  });

  it.each([
    ["text/plain", { "content-type": "text/plain" }],
    ["form", { "content-type": "application/x-www-form-urlencoded" }],
    ["application/jsonx", { "content-type": "application/jsonx" }],
    ["no content type", {}],
  ])("wrong content type (%s) → 415 unsupported_media_type", async (_n, headers) => {
    const err = await rejection(readJson(post('{"name":"ok"}', headers as Record<string, string>), schema));
    expect(err).toMatchObject({ status: 415, code: "unsupported_media_type" });
  });

  it("a body over 16 KB → 413 payload_too_large (streamed, no Content-Length)", async () => {
    const body = JSON.stringify({ name: "x".repeat(MAX_BODY_BYTES) });
    const err = await rejection(readJson(post(body), schema));
    expect(err).toMatchObject({ status: 413, code: "payload_too_large" });
  });

  it("a declared Content-Length over 16 KB → 413 before reading", async () => {
    const err = await rejection(
      readJson(post('{"name":"ok"}', { "content-type": "application/json", "content-length": "999999" }), schema),
    );
    expect(err).toMatchObject({ status: 413, code: "payload_too_large" });
  });

  it("exactly 16 KB is still accepted", async () => {
    const pad = MAX_BODY_BYTES - JSON.stringify({ name: "" }).length;
    const body = JSON.stringify({ name: "x".repeat(pad) });
    expect(Buffer.byteLength(body)).toBe(MAX_BODY_BYTES);
    expect((await readJson(post(body), schema)).name).toHaveLength(pad);
  });

  it.each([
    ["malformed JSON", '{"name":'],
    ["empty body", ""],
    ["trailing garbage", '{"name":"ok"} x'],
    ["unclosed nesting", "[".repeat(5000)],
  ])("%s → 400 invalid_json", async (_n, body) => {
    const err = await rejection(readJson(post(body), schema));
    expect(err).toMatchObject({ status: 400, code: "invalid_json", message: "The body is not valid JSON." });
  });

  it("no body at all → 400 invalid_json", async () => {
    const err = await rejection(readJson(post(null), schema));
    expect(err).toMatchObject({ status: 400, code: "invalid_json" });
  });

  it("invalid UTF-8 → 400 invalid_json", async () => {
    const err = await rejection(readJson(post(new Uint8Array([0x7b, 0x22, 0xff, 0xfe, 0x22, 0x7d])), schema));
    expect(err).toMatchObject({ status: 400, code: "invalid_json", message: "The body is not valid UTF-8." });
  });

  it("deeply nested but valid JSON within 16 KB → a 400, not a crash", async () => {
    const depth = 8000;
    const body = "[".repeat(depth) + "]".repeat(depth);
    expect(body.length).toBeLessThanOrEqual(MAX_BODY_BYTES);
    const err = await rejection(readJson(post(body), schema));
    expect(err).toMatchObject({ status: 400, code: "invalid_input" });
    const objects = `${'{"a":'.repeat(2500)}1${"}".repeat(2500)}`;
    expect(objects.length).toBeLessThanOrEqual(MAX_BODY_BYTES);
    expect(await rejection(readJson(post(objects), schema))).toMatchObject({ status: 400, code: "invalid_input" });
  });

  it("a schema failure → 400 invalid_input with the first message and every detail", async () => {
    const err = await rejection(readJson(post('{"name":"x","extra":1}'), schema));
    expect(err.status).toBe(400);
    expect(err.code).toBe("invalid_input");
    const details = err.extra.details as { path: string; message: string }[];
    expect(details).toHaveLength(2);
    expect(details.map((d) => d.path).sort()).toEqual(["", "name"]);
    expect(err.message).toBe(details[0]?.path ? `${details[0].path}: ${details[0].message}` : details[0]?.message);
  });
});

describe("assertSameOrigin", () => {
  const req = (headers: Record<string, string>) => new Request(URL_, { method: "POST", headers });
  const refuse = (headers: Record<string, string>) => {
    try {
      assertSameOrigin(req(headers));
    } catch (err) {
      return err;
    }
    return null;
  };

  it("allows no Origin (curl) and this site's Origin (any loopback name on PORT, over http)", () => {
    expect(refuse({ host: "localhost:3000" })).toBeNull();
    expect(refuse({ host: "localhost:3000", origin: "http://localhost:3000" })).toBeNull();
    expect(refuse({ host: "127.0.0.1:3000", origin: "http://127.0.0.1:3000" })).toBeNull();
    expect(refuse({ host: "[::1]:3000", origin: "http://[::1]:3000" })).toBeNull();
  });

  it.each([
    ["another site", { host: "localhost:3000", origin: "https://evil.example" }],
    ["another port", { host: "localhost:3000", origin: "http://localhost:3001" }],
    ["https for an http site", { host: "localhost:3000", origin: "https://localhost:3000" }],
    ["a look-alike suffix", { host: "localhost:3000", origin: "http://localhost:3000.evil.example" }],
    ['"null" (sandboxed iframe, file:)', { host: "localhost:3000", origin: "null" }],
    ["an unparsable Origin", { host: "localhost:3000", origin: "::::" }],
    ["a path after the origin", { host: "localhost:3000", origin: "http://localhost:3000/x" }],
  ])("refuses %s with 403 cross_origin", (_n, headers) => {
    expect(refuse(headers)).toMatchObject({ status: 403, code: "cross_origin" });
  });

  it("with APP_ORIGIN, only that origin is the site", () => {
    process.env.APP_ORIGIN = "https://authlab.example";
    resetEnvForTests();
    try {
      expect(refuse({ host: "authlab.example", origin: "https://authlab.example" })).toBeNull();
      expect(refuse({ host: "authlab.example", origin: "http://authlab.example" })).toMatchObject({ code: "cross_origin" });
      expect(refuse({ host: "localhost:3000", origin: "http://localhost:3000" })).toMatchObject({ code: "cross_origin" });
    } finally {
      delete process.env.APP_ORIGIN;
      resetEnvForTests();
    }
  });
});

describe("assertSiteHost (DNS rebinding)", () => {
  const refuse = (headers: Record<string, string>) => {
    try {
      assertSiteHost(new Request(URL_, { headers }));
    } catch (err) {
      return err;
    }
    return null;
  };

  it("answers for the loopback names on PORT", () => {
    for (const host of ["localhost:3000", "127.0.0.1:3000", "[::1]:3000"]) expect(refuse({ host })).toBeNull();
  });

  it.each([["evil.example"], ["evil.example:3000"], ["localhost:3001"], ["localhost"]])("refuses Host %j with 421 wrong_host", (host) => {
    expect(refuse({ host })).toMatchObject({ status: 421, code: "wrong_host" });
  });

  it("X-Forwarded-Host and -Proto speak for the host and scheme (lib/serve.mjs removes client-sent ones unless a proxy is trusted)", () => {
    process.env.APP_ORIGIN = "https://authlab.example";
    resetEnvForTests();
    try {
      expect(refuse({ host: "127.0.0.1:3000", "x-forwarded-host": "authlab.example", "x-forwarded-proto": "https" })).toBeNull();
      expect(refuse({ host: "127.0.0.1:3000", "x-forwarded-host": "authlab.example", "x-forwarded-proto": "http" })).toMatchObject({
        code: "wrong_host",
      });
    } finally {
      delete process.env.APP_ORIGIN;
      resetEnvForTests();
    }
  });

  it("with APP_ORIGIN, a loopback name on PORT is answered only from a socket on this machine (the labs' own calls)", () => {
    process.env.APP_ORIGIN = "https://authlab.example";
    process.env.AUTHLAB_PEER_TOKEN = "t0ken";
    resetEnvForTests();
    try {
      const peer = (address: string) => ({ "x-authlab-peer": `t0ken ${address}` });
      for (const address of ["127.0.0.1", "::1", "::ffff:127.0.0.1"]) {
        expect(refuse({ host: "127.0.0.1:3000", ...peer(address) })).toBeNull();
        expect(refuse({ host: "localhost:3000", ...peer(address) })).toBeNull();
      }
      // From another machine (a direct hit that bypassed the proxy), or no proven peer at all.
      expect(refuse({ host: "localhost:3000", ...peer("192.0.2.7") })).toMatchObject({ status: 421, code: "wrong_host" });
      expect(refuse({ host: "localhost:3000" })).toMatchObject({ code: "wrong_host" });
      expect(refuse({ host: "localhost:3000", "x-authlab-peer": "forged 127.0.0.1" })).toMatchObject({ code: "wrong_host" });
      // Still only loopback names, on PORT, over http.
      expect(refuse({ host: "evil.example:3000", ...peer("127.0.0.1") })).toMatchObject({ code: "wrong_host" });
      expect(refuse({ host: "localhost:3001", ...peer("127.0.0.1") })).toMatchObject({ code: "wrong_host" });
      expect(refuse({ host: "localhost:3000", "x-forwarded-proto": "https", ...peer("127.0.0.1") })).toMatchObject({ code: "wrong_host" });
      // Origin gets no such exception: a page on localhost is not the site.
      expect(() =>
        assertSameOrigin(
          new Request(URL_, { method: "POST", headers: { host: "localhost:3000", origin: "http://localhost:3000", ...peer("127.0.0.1") } }),
        ),
      ).toThrow(expect.objectContaining({ code: "cross_origin" }));
    } finally {
      delete process.env.APP_ORIGIN;
      delete process.env.AUTHLAB_PEER_TOKEN;
      resetEnvForTests();
    }
  });
});

describe("route()", () => {
  it("turns an ApiError into the JSON error shape with its status and Retry-After", async () => {
    const handler = route(async () => {
      throw new ApiError(429, "rate_limited", "Too many failed logins. Try again in 42 seconds.", { retryAfter: 42 });
    });
    const res = await handler(new Request(URL_, { method: "POST" }), {});
    expect(res.status).toBe(429);
    expect(res.headers.get("retry-after")).toBe("42");
    expect(res.headers.get("cache-control")).toBe("no-store");
    expect(res.headers.get("content-type")).toMatch(/^application\/json/);
    expect(await res.json()).toEqual({ error: { code: "rate_limited", message: "Too many failed logins. Try again in 42 seconds." } });
  });

  it("includes details when the error has them, and no Retry-After when it has none", async () => {
    const handler = route(async () =>
      readJson(new Request(URL_, { method: "POST", headers: { "content-type": "application/json" }, body: "{}" }), schema).then(
        () => new Response(),
      ),
    );
    const res = await handler(new Request(URL_, { method: "POST" }), {});
    expect(res.status).toBe(400);
    expect(res.headers.get("retry-after")).toBeNull();
    const body = await res.json();
    expect(body.error.code).toBe("invalid_input");
    expect(body.error.details).toEqual([{ path: "name", message: expect.any(String) }]);
  });

  it("an unexpected error → 500 internal_error that leaks nothing", async () => {
    const log = vi.spyOn(console, "error").mockImplementation(() => {});
    const handler = route(async () => {
      throw new Error("SQL syntax near 'password_hash' secret=hunter2");
    });
    const res = await handler(new Request(URL_), {});
    expect(res.status).toBe(500);
    const text = await res.text();
    expect(JSON.parse(text)).toEqual({ error: { code: "internal_error", message: "Something went wrong on our side." } });
    expect(text).not.toContain("hunter2");
    expect(text).not.toContain("password_hash");
    expect(log).toHaveBeenCalledTimes(1);
  });

  it("a thrown non-Error value is still a 500 with the shape", async () => {
    vi.spyOn(console, "error").mockImplementation(() => {});
    const res = await route(async () => Promise.reject("boom"))(new Request(URL_), {});
    expect(res.status).toBe(500);
    expect((await res.json()).error.code).toBe("internal_error");
  });

  it("a storage fault → 503 storage_unavailable with Retry-After", async () => {
    vi.spyOn(console, "error").mockImplementation(() => {});
    const handler = route(async () => {
      throw Object.assign(new Error("disk I/O error"), { code: "SQLITE_IOERR_WRITE" });
    });
    const res = await handler(new Request(URL_, { method: "POST" }), {});
    expect(res.status).toBe(503);
    expect(res.headers.get("retry-after")).toBe("5");
    expect((await res.json()).error.code).toBe("storage_unavailable");
  });

  it("checks the Origin on writes only, before the handler runs", async () => {
    const inner = vi.fn(async () => new Response("ran"));
    const handler = route(inner);
    const cross = { origin: "https://evil.example", host: "localhost:3000" };
    const write = await handler(new Request(URL_, { method: "POST", headers: cross }), {});
    expect(write.status).toBe(403);
    expect(await write.json()).toEqual({ error: { code: "cross_origin", message: "Cross-origin requests may not change state here." } });
    expect(inner).not.toHaveBeenCalled();
    const read = await handler(new Request(URL_, { method: "GET", headers: cross }), {});
    expect(await read.text()).toBe("ran");
  });

  it("lets Next's redirect()/notFound() signals through", async () => {
    const signal = Object.assign(new Error("NEXT_REDIRECT"), { digest: "NEXT_REDIRECT;replace;/login;307;" });
    await expect(route(async () => Promise.reject(signal))(new Request(URL_), {})).rejects.toBe(signal);
  });
});

describe("route() and an ApiError from another copy of lib/errors.ts", () => {
  it("answers with its status and code, not 500 (the start-up's singletons throw the instrumentation bundle's class)", async () => {
    // What Next's second module instance produces: same name and shape, another class.
    class OtherCopyApiError extends Error {
      readonly name = "ApiError";
      constructor(
        readonly status: number,
        readonly code: string,
        message: string,
        readonly extra: { retryAfter?: number } = {},
      ) {
        super(message);
      }
    }
    const handler = route(async () => {
      throw new OtherCopyApiError(503, "busy", "busy", { retryAfter: 3 });
    });
    const res = await handler(new Request("http://localhost:3000/api/x"), undefined);
    expect(res.status).toBe(503);
    expect(res.headers.get("retry-after")).toBe("3");
    expect(await res.json()).toEqual({ error: { code: "busy", message: "busy" } });
  });
});
