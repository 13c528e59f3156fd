import { type BrowserContext, test as base, type Cookie, expect, type Locator, type Page } from "@playwright/test";
import { decodeJwt } from "jose";
import type { InspectResponse, ModeName, UserProfile } from "../lib/auth/types";
import { appEn as en } from "../lib/i18n/app.en";
import { DENYLIST_PORT, PORT, SHORT_TTL_PORT } from "../playwright.config";

// Shared helpers for every e2e spec. Users are created and logged in through the API
// (the "back door"), so a spec spends its time on the flow it is about; one spec per
// flow still drives the real forms. Each e2e server starts on a fresh database, so
// unique usernames are all the isolation a test needs.

/** The three servers playwright.config.ts starts from the same build. */
export const SERVERS = {
  /** Default lifetimes. */
  main: `http://localhost:${PORT}`,
  /** ACCESS_TOKEN_TTL=4, REFRESH_REUSE_GRACE=2: expiry and rotation in seconds. */
  shortTtl: `http://localhost:${SHORT_TTL_PORT}`,
  /** JWT_DENYLIST=on, ACCESS_TOKEN_TTL=60: a revoked access token dies at once. */
  denylist: `http://localhost:${DENYLIST_PORT}`,
} as const;
export const SHORT_TTL = { accessTokenTtl: 4, refreshReuseGrace: 2 } as const;

export const COOKIES = {
  session: "authlab_session",
  access: "authlab_access",
  refresh: "authlab_refresh",
  prefMode: "authlab_pref_mode",
  /** Not a credential: "this browser logged in to this account before" (login throttling). */
  device: "authlab_device",
} as const;
export const CREDENTIAL_COOKIES = [COOKIES.session, COOKIES.access, COOKIES.refresh] as const;

export const DEMO = {
  alice: { username: "alice", password: "alice-demo-pass" },
  bob: { username: "bob", password: "bob-demo-pass" },
  admin: { username: "admin", password: "admin-demo-pass" },
} as const;

/** The English dictionary: assertions on visible text use it instead of copies. */
export { en };

export interface TestUser {
  id: string;
  username: string;
  password: string;
}

let counter = 0;
/** Lower-case, ≤ 64 chars, unique across workers and runs. */
export function uniqueUsername(prefix = "e2e"): string {
  counter += 1;
  const rand = Math.random().toString(36).slice(2, 8);
  return `${prefix}-${process.pid.toString(36)}-${Date.now().toString(36)}-${counter}${rand}`.slice(0, 64);
}

// ---------------------------------------------------------------------------------
// "curl": a one-shot request that carries exactly the cookies given, keeps nothing
// afterwards and follows no redirect. This is what an attacker with a copied cookie,
// or a CLI client, does.

export interface CurlOptions {
  cookie?: string | Cookie[] | Record<string, string>;
  /** Serialised as JSON with Content-Type: application/json. */
  json?: unknown;
  /** Sent byte for byte (for malformed bodies); set the content type yourself. */
  body?: string | Buffer;
  headers?: Record<string, string>;
}

export interface CurlResult {
  status: number;
  headers: Record<string, string>;
  /** Every Set-Cookie line of the response. */
  setCookies: string[];
  text: string;
  /** The parsed JSON body, or null when the body is not JSON. */
  body: unknown;
}

export function cookieHeader(cookies: string | Cookie[] | Record<string, string>): string {
  if (typeof cookies === "string") return cookies;
  const pairs = Array.isArray(cookies) ? cookies.map((c) => [c.name, c.value] as const) : Object.entries(cookies);
  return pairs.map(([name, value]) => `${name}=${value}`).join("; ");
}

export async function curl(baseURL: string, method: string, path: string, opts: CurlOptions = {}): Promise<CurlResult> {
  const headers: Record<string, string> = { accept: "application/json", ...opts.headers };
  if (opts.cookie !== undefined) headers.cookie = cookieHeader(opts.cookie);
  let body: Uint8Array<ArrayBuffer> | undefined = opts.body === undefined ? undefined : new Uint8Array(Buffer.from(opts.body));
  if (opts.json !== undefined) {
    headers["content-type"] = "application/json";
    body = new TextEncoder().encode(JSON.stringify(opts.json));
  }
  // Node's fetch: no cookie jar, no Origin header, redirects reported rather than followed.
  const res = await fetch(new URL(path, baseURL), { method, headers, body, redirect: "manual" });
  const text = await res.text();
  let parsed: unknown = null;
  try {
    parsed = JSON.parse(text);
  } catch {
    parsed = null;
  }
  return { status: res.status, headers: Object.fromEntries(res.headers), setCookies: res.headers.getSetCookie(), text, body: parsed };
}

/** Asserts the one error shape: exact status and code, a message, no stack trace. */
export function expectApiError(res: CurlResult, status: number, code: string, label = code): void {
  expect(res.status, `${label}: ${res.text}`).toBe(status);
  expect(res.headers["content-type"]).toMatch(/^application\/json/);
  const error = (res.body as { error?: { code?: unknown; message?: unknown } } | null)?.error;
  expect(error?.code, `${label}: ${res.text}`).toBe(code);
  expect(error?.message).toEqual(expect.stringMatching(/\S/));
  expectNoLeak(res.text);
}

/** No stack frame, file path or internal error name reaches a client. */
export function expectNoLeak(text: string): void {
  expect(text).not.toMatch(/\bat \S+ \(|\.tsx?:\d+|node_modules|\/work\/|webpack|SqliteError|ZodError|TypeError/);
}

/** A credential cookie set (not cleared) by this response. */
export function credentialCookiesSet(res: CurlResult): string[] {
  return res.setCookies.filter((line) => {
    const [pair = ""] = line.split(";");
    const eq = pair.indexOf("=");
    const name = pair.slice(0, eq).trim();
    const value = pair.slice(eq + 1).trim();
    return (CREDENTIAL_COOKIES as readonly string[]).includes(name) && value !== "";
  });
}

// ---------------------------------------------------------------------------------
// API helpers (no browser).

export async function signUpViaApi(baseURL: string, user?: Partial<Omit<TestUser, "id">>): Promise<TestUser> {
  const username = user?.username ?? uniqueUsername();
  const password = user?.password ?? `pw-${Math.random().toString(36).slice(2)}-long`;
  // Each test user signs up from its own client (the e2e servers trust one proxy hop), as
  // people do: sign-up is throttled per client (lib/auth/signup-throttle.ts).
  const client = `2001:db8:5::${Math.floor(Math.random() * 0xffff).toString(16)}:${Math.floor(Math.random() * 0xffff).toString(16)}`;
  const res = await curl(baseURL, "POST", "/api/auth/signup", { json: { username, password }, headers: { "x-forwarded-for": client } });
  expect(res.status, res.text).toBe(201);
  const created = (res.body as { user: UserProfile }).user;
  return { id: created.id, username: created.username, password };
}

/** Logs in from a fresh "curl" and returns the credential cookies it was given. */
export async function logInViaApi(baseURL: string, user: TestUser, mode?: ModeName): Promise<Record<string, string>> {
  const res = await curl(baseURL, "POST", "/api/auth/login", { json: { username: user.username, password: user.password, mode } });
  expect(res.status, res.text).toBe(200);
  return parseSetCookies(res.setCookies);
}

/** name → value of the cookies a response set (cleared ones omitted). */
export function parseSetCookies(lines: string[]): Record<string, string> {
  const out: Record<string, string> = {};
  for (const line of lines) {
    const [pair = ""] = line.split(";");
    const eq = pair.indexOf("=");
    const value = pair.slice(eq + 1).trim();
    if (value !== "") out[pair.slice(0, eq).trim()] = value;
  }
  return out;
}

// ---------------------------------------------------------------------------------
// Browser helpers.

/** Every cookie of the context by name (the refresh cookie's Path=/api/auth included). */
export async function cookieJar(context: BrowserContext): Promise<Map<string, Cookie>> {
  return new Map((await context.cookies()).map((c) => [c.name, c]));
}

export async function getCookie(context: BrowserContext, name: string): Promise<Cookie | undefined> {
  return (await cookieJar(context)).get(name);
}

/** The cookie or a failed assertion. */
export async function requireCookie(context: BrowserContext, name: string): Promise<Cookie> {
  const cookie = await getCookie(context, name);
  expect(cookie, `cookie ${name}`).toBeDefined();
  return cookie as Cookie;
}

/** The dashboard's "Protected API call" panel (status, body, trace of GET /api/me). */
export function apiPanel(page: Page): Locator {
  return page.getByRole("region", { name: en.dashboard.apiHeading });
}

/** What page scripts (and so an injected script) can see. */
export function documentCookie(page: Page): Promise<string> {
  return page.evaluate(() => document.cookie);
}

export interface AccessClaims {
  sub: string;
  jti: string;
  iat: number;
  exp: number;
  name: string;
  role: string;
  fid: string;
  iss: string;
  aud: string;
}

export function claimsOf(token: string): AccessClaims {
  return decodeJwt(token) as unknown as AccessClaims;
}

/** The access token this browser holds, decoded. */
export async function accessClaims(context: BrowserContext): Promise<AccessClaims> {
  return claimsOf((await requireCookie(context, COOKIES.access)).value);
}

/** GET /api/auth/inspect with the page's cookies (no transparent refresh). */
export async function inspectAs(page: Page): Promise<InspectResponse> {
  const res = await page.request.get("/api/auth/inspect", { failOnStatusCode: false });
  expect(res.status(), await res.text()).toBe(200);
  return (await res.json()) as InspectResponse;
}

/**
 * Inspect as the dashboard does: an access token that expired in the meantime (the
 * 4-second server, a slow machine) is refreshed once first, like lib/client/api.ts.
 */
export async function inspectFresh(page: Page): Promise<InspectResponse> {
  const first = await page.request.get("/api/auth/inspect", { failOnStatusCode: false });
  if (first.status() === 401 && ((await first.json()) as { error?: { code?: string } }).error?.code === "token_expired") {
    expect((await page.request.post("/api/auth/refresh", { failOnStatusCode: false })).status()).toBe(200);
    return inspectAs(page);
  }
  expect(first.status(), await first.text()).toBe(200);
  return (await first.json()) as InspectResponse;
}

/** The page's account log (GET /api/me/events). */
export async function eventTypes(page: Page): Promise<string[]> {
  const res = await page.request.get("/api/me/events");
  expect(res.status()).toBe(200);
  return ((await res.json()) as { events: Array<{ type: string }> }).events.map((e) => e.type);
}

/** Until the server's clock (this machine's) passes `epochMs`: a condition, not a guess. */
export async function waitUntilTime(epochMs: number): Promise<void> {
  await expect
    .poll(() => Date.now(), { intervals: [100], timeout: Math.max(5_000, epochMs - Date.now() + 5_000) })
    .toBeGreaterThan(epochMs);
}

/** Until the browser's access token is past its exp (the server accepts ≤ exp). */
export async function waitForAccessExpiry(context: BrowserContext): Promise<AccessClaims> {
  const claims = await accessClaims(context);
  await waitUntilTime(claims.exp * 1000 + 50);
  return claims;
}

/**
 * Makes the page look like a background tab before it loads: the dashboard then skips
 * its 5-second poll, so only the test's own clicks reach the server (no background
 * refresh racing the one under test). Call before page.goto.
 */
export async function pauseDashboardPolling(page: Page): Promise<void> {
  await page.addInitScript(() => {
    Object.defineProperty(document, "visibilityState", { configurable: true, get: () => "hidden" });
  });
}

export interface RecordedRequest {
  path: string; // pathname + search
  method: string;
  /** A document load (page navigation or redirect hop), not a fetch or a prefetch. */
  navigation: boolean;
}

/** Every request the page makes, to prove afterwards where it went (and never went). */
export function recordRequests(page: Page): RecordedRequest[] {
  const seen: RecordedRequest[] = [];
  page.on("request", (req) => {
    const url = new URL(req.url());
    seen.push({ path: url.pathname + url.search, method: req.method(), navigation: req.isNavigationRequest() });
  });
  return seen;
}

/** The pages (documents) the browser loaded, redirect hops included. */
export function navigations(seen: RecordedRequest[]): string[] {
  return seen.filter((r) => r.navigation).map((r) => r.path);
}

// ---------------------------------------------------------------------------------
// Fixtures.

interface Fixtures {
  /** Creates a unique user through POST /api/auth/signup on the test's baseURL. */
  newUser: (user?: Partial<Omit<TestUser, "id">>) => Promise<TestUser>;
  /**
   * Logs the page's browser context in through the API (cookies land in the browser)
   * and returns the user: a fresh one unless given.
   */
  login: (opts?: { mode?: ModeName; user?: TestUser }) => Promise<TestUser>;
}

export const test = base.extend<Fixtures>({
  newUser: async ({ baseURL }, use) => {
    await use((user) => signUpViaApi(baseURL ?? SERVERS.main, user));
  },
  login: async ({ page, baseURL }, use) => {
    await use(async (opts = {}) => {
      const user = opts.user ?? (await signUpViaApi(baseURL ?? SERVERS.main));
      const res = await page.request.post("/api/auth/login", {
        data: { username: user.username, password: user.password, mode: opts.mode },
        failOnStatusCode: false,
      });
      expect(res.status(), await res.text()).toBe(200);
      return user;
    });
  },
});

export { expect };
