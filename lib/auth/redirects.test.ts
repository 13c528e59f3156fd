import { describe, expect, it } from "vitest";
import { safeNextPath } from "./redirects";

const SITE = "https://authlab.example";

describe("safeNextPath", () => {
  it.each([
    ["/dashboard", "/dashboard"],
    ["/", "/"],
    ["/inspect?tab=server#trace", "/inspect?tab=server#trace"],
    ["/a/b/../c", "/a/b/../c"],
    ["/%2F%2Fevil.example", "/%2F%2Fevil.example"], // percent-encoded: a path, not a host
  ])("keeps the local path %j", (raw, out) => {
    expect(safeNextPath(raw)).toBe(out);
  });

  it.each([
    ["null", null],
    ["undefined", undefined],
    ["empty", ""],
    ["absolute https URL", "https://evil.example/"],
    ["absolute http URL", "http://evil.example"],
    ["javascript: URL", "javascript:alert(1)"],
    ["data: URL", "data:text/html,<script>alert(1)</script>"],
    ["protocol-relative", "//evil.example"],
    ["protocol-relative with path", "//evil.example/dashboard"],
    ["backslash protocol-relative", "/\\evil.example"],
    ["tab inside //", "/\t/evil.example"],
    ["newline inside //", "/\n/evil.example"],
    ["CR LF (header injection)", "/x\r\nSet-Cookie: a=b"],
    ["NUL byte", "/x\u0000"],
    ["relative path", "dashboard"],
    ["dot relative", "./dashboard"],
    ["leading space", " /dashboard"],
    ["over 512 characters", `/${"a".repeat(512)}`],
  ])("refuses %s", (_n, raw) => {
    expect(safeNextPath(raw as string | null | undefined)).toBe("/dashboard");
  });

  it("uses the given fallback", () => {
    expect(safeNextPath("//evil.example", "/login")).toBe("/login");
    expect(safeNextPath(null, "/")).toBe("/");
  });

  it("whatever it returns, a browser resolves it to this site", () => {
    const attempts = [
      "/\\/evil.example",
      "/\\\\evil.example",
      "/..//evil.example",
      "/.//evil.example",
      "/%5C%5Cevil.example",
      "/\u3002evil.example",
      "/\uFF0F/evil.example",
      "/@evil.example",
      "/:@evil.example",
      "///evil.example",
    ];
    for (const raw of attempts) {
      const out = safeNextPath(raw);
      expect(new URL(out, SITE).origin, raw).toBe(SITE);
    }
  });

  it("whatever it returns can be sent as a Location header (non-ASCII does not crash the redirect)", () => {
    // GET /api/auth/refresh?next=... puts the result in a Location header; a header value
    // outside Latin-1 makes the Response constructor throw, which becomes a 500.
    for (const raw of ["/dashboard", "/日本語", "/caf\u00e9", "/\u2028x", "/\u{1F600}"]) {
      const out = safeNextPath(raw);
      expect(() => new Headers({ Location: out }), raw).not.toThrow();
      expect(new URL(out, SITE).origin).toBe(SITE);
    }
  });
});
