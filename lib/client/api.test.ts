import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { apiFetch, REFRESH_PATH, retryAfterSeconds } from "./api";

type Reply = { status: number; body?: unknown; headers?: Record<string, string> };

/** A fake server: one queue of replies per path, and a log of every call. */
function fakeServer(routes: Record<string, Reply[]>) {
  const calls: Array<{ path: string; method: string; body: unknown }> = [];
  const fetchMock = vi.fn(async (path: string, init: RequestInit) => {
    calls.push({ path, method: init.method ?? "GET", body: init.body });
    const reply = routes[path]?.shift();
    if (!reply) throw new TypeError(`no reply queued for ${path}`);
    // Let concurrent callers interleave, as real network calls do.
    await new Promise((resolve) => setTimeout(resolve, 5));
    const text = reply.body === undefined ? "" : JSON.stringify(reply.body);
    return new Response(text, { status: reply.status, headers: reply.headers });
  });
  vi.stubGlobal("fetch", fetchMock);
  return calls;
}

const expired = { status: 401, body: { error: { code: "token_expired", message: "expired" } } };
const me = { status: 200, body: { user: { username: "alice" } } };

describe("apiFetch", () => {
  beforeEach(() => vi.unstubAllGlobals());
  afterEach(() => vi.unstubAllGlobals());

  it("sends JSON and returns status and parsed body", async () => {
    const calls = fakeServer({ "/api/me/mode": [{ status: 200, body: { mode: "jwt" } }] });
    const result = await apiFetch("/api/me/mode", { method: "PUT", body: { mode: "jwt" } });
    expect(result).toMatchObject({ ok: true, status: 200, body: { mode: "jwt" }, refreshed: false });
    expect(calls).toEqual([{ path: "/api/me/mode", method: "PUT", body: '{"mode":"jwt"}' }]);
  });

  it("refreshes once and retries once on token_expired", async () => {
    const calls = fakeServer({ "/api/me": [expired, me], [REFRESH_PATH]: [{ status: 200, body: {} }] });
    const result = await apiFetch("/api/me");
    expect(result).toMatchObject({ ok: true, status: 200, refreshed: true });
    expect(calls.map((c) => c.path)).toEqual(["/api/me", REFRESH_PATH, "/api/me"]);
  });

  it("refreshes on no_credentials too (the access cookie may already be gone)", async () => {
    const noCreds = { status: 401, body: { error: { code: "no_credentials", message: "none" } } };
    const calls = fakeServer({ "/api/me": [noCreds, me], [REFRESH_PATH]: [{ status: 200 }] });
    expect((await apiFetch("/api/me")).status).toBe(200);
    expect(calls).toHaveLength(3);
  });

  it("returns the original 401 when the refresh fails", async () => {
    const calls = fakeServer({
      "/api/me": [expired],
      [REFRESH_PATH]: [{ status: 401, body: { error: { code: "refresh_invalid", message: "no" } } }],
    });
    const result = await apiFetch("/api/me");
    expect(result).toMatchObject({ ok: false, status: 401, error: { code: "token_expired" } });
    expect(calls).toHaveLength(2);
  });

  it("retries only once", async () => {
    const calls = fakeServer({ "/api/me": [expired, expired], [REFRESH_PATH]: [{ status: 200 }] });
    const result = await apiFetch("/api/me");
    expect(result).toMatchObject({ ok: false, status: 401, refreshed: true });
    expect(calls).toHaveLength(3);
  });

  it("shares one refresh between concurrent calls", async () => {
    const calls = fakeServer({
      "/api/me": [expired, expired, me, me],
      [REFRESH_PATH]: [{ status: 200 }],
    });
    const results = await Promise.all([apiFetch("/api/me"), apiFetch("/api/me")]);
    expect(results.map((r) => r.status)).toEqual([200, 200]);
    expect(calls.filter((c) => c.path === REFRESH_PATH)).toHaveLength(1);
  });

  it("never refreshes for other 401s or for the auth endpoints themselves", async () => {
    const calls = fakeServer({
      "/api/auth/login": [{ status: 401, body: { error: { code: "invalid_credentials", message: "bad" } } }],
      [REFRESH_PATH]: [{ status: 401, body: { error: { code: "no_credentials", message: "none" } } }],
    });
    expect((await apiFetch("/api/auth/login", { method: "POST", body: {} })).status).toBe(401);
    expect((await apiFetch(REFRESH_PATH, { method: "POST" })).status).toBe(401);
    expect(calls).toHaveLength(2);
  });

  it("reports an unreachable server as status 0", async () => {
    vi.stubGlobal("fetch", vi.fn().mockRejectedValue(new TypeError("Failed to fetch")));
    const result = await apiFetch("/api/me");
    expect(result).toMatchObject({ ok: false, status: 0, error: { code: "network_error" } });
  });

  it("gives a code even when the error body is not the usual shape", async () => {
    fakeServer({ "/api/me": [{ status: 404 }] });
    expect(await apiFetch("/api/me")).toMatchObject({ ok: false, status: 404, body: null, error: { code: "http_404" } });
  });
});

describe("retryAfterSeconds", () => {
  it("reads delta-seconds and HTTP dates", () => {
    expect(retryAfterSeconds(new Headers({ "retry-after": "30" }))).toBe(30);
    const now = Date.parse("2025-01-01T00:00:00Z");
    expect(retryAfterSeconds(new Headers({ "retry-after": "Wed, 01 Jan 2025 00:01:00 GMT" }), now)).toBe(60);
    expect(retryAfterSeconds(new Headers())).toBeNull();
    expect(retryAfterSeconds(null)).toBeNull();
  });
});
