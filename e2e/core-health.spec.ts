import { curl, expect, SERVERS, test } from "./fixtures";

// The three servers the suite runs against are up, and readiness costs nothing:
// no auth, no cookie, not cacheable.
for (const [name, baseURL] of Object.entries(SERVERS)) {
  test(`GET /api/health answers on the ${name} server`, async () => {
    const res = await curl(baseURL, "GET", "/api/health");
    expect(res.status).toBe(200);
    expect(res.body).toEqual({ ok: true });
    expect(res.headers["cache-control"]).toBe("no-store");
    expect(res.setCookies).toEqual([]);
  });
}
