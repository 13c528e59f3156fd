import { expect, type Page, test } from "@playwright/test";
import { BASE, call, logIn, newClient, signUp } from "./support";

// Response headers (OWASP HTTP Headers and Content Security Policy cheat sheets; the
// strict CSP of web.dev/strict-csp): every page has a nonce-based CSP with no
// 'unsafe-inline' or 'unsafe-eval' script source, frame-ancestors 'none', and the static
// headers; and in a real browser the app runs under it while injected script does not.

test.describe.configure({ mode: "parallel" });

function directives(csp: string): Map<string, string[]> {
  return new Map(
    csp
      .split(";")
      .map((d) => d.trim().split(/\s+/))
      .filter((d) => d[0])
      .map(([name = "", ...values]) => [name, values]),
  );
}

function expectStrictCsp(csp: string | null, html: string): string {
  expect(csp, "Content-Security-Policy header").toBeTruthy();
  const d = directives(csp as string);
  const script = d.get("script-src") ?? [];
  const nonce = script.find((v) => v.startsWith("'nonce-"))?.slice(7, -1);
  expect(nonce, "a nonce in script-src").toMatch(/^[A-Za-z0-9+/]{22}==$/);
  expect(script).toContain("'strict-dynamic'");
  expect(script).not.toContain("'unsafe-inline'");
  expect(script).not.toContain("'unsafe-eval'");
  expect(script).not.toContain("*");
  expect(d.get("default-src")).toEqual(["'self'"]);
  expect(d.get("object-src")).toEqual(["'none'"]);
  expect(d.get("base-uri")).toEqual(["'none'"]);
  expect(d.get("frame-ancestors")).toEqual(["'none'"]);
  expect(d.get("form-action")).toEqual(["'self'"]);
  // Every script the server wrote carries this response's nonce.
  const scripts = [...html.matchAll(/<script\b[^>]*>/g)].map((m) => m[0]);
  expect(scripts.length).toBeGreaterThan(0);
  for (const tag of scripts) expect(tag).toContain(`nonce="${nonce}"`);
  return nonce as string;
}

function expectStaticHeaders(h: Headers): void {
  expect(h.get("x-content-type-options")).toBe("nosniff");
  expect(h.get("referrer-policy")).toBe("strict-origin-when-cross-origin");
  expect(h.get("permissions-policy")).toContain("camera=()");
  expect(h.get("permissions-policy")).toContain("microphone=()");
  expect(h.get("permissions-policy")).toContain("geolocation=()");
  expect(h.get("x-frame-options")).toBe("DENY");
  expect(h.get("x-powered-by")).toBeNull();
}

const PUBLIC_PAGES = ["/", "/login", "/signup", "/login?next=%2Fdashboard", "/no-such-page", "/admin"];

for (const path of PUBLIC_PAGES) {
  test(`page ${path}: strict nonce CSP + security headers`, async () => {
    const res = await fetch(`${BASE}${path}`, { redirect: "manual" });
    expect([200, 401, 404]).toContain(res.status); // /admin answers 401 to a stranger
    const html = await res.text();
    expectStrictCsp(res.headers.get("content-security-policy"), html);
    expectStaticHeaders(res.headers);
  });
}

test("page /dashboard (logged in): strict nonce CSP + security headers", async () => {
  const client = newClient("headers");
  const user = await signUp(client);
  const cookies = await logIn(user, "session", client);
  const res = await fetch(`${BASE}/dashboard`, {
    headers: { cookie: `authlab_session=${cookies.authlab_session}`, "x-forwarded-for": client.ip },
  });
  expect(res.status).toBe(200);
  expectStrictCsp(res.headers.get("content-security-policy"), await res.text());
  expectStaticHeaders(res.headers);
});

test("the nonce is new on every response", async () => {
  const nonces = new Set<string>();
  for (let i = 0; i < 5; i += 1) {
    const res = await fetch(`${BASE}/login`);
    nonces.add(expectStrictCsp(res.headers.get("content-security-policy"), await res.text()));
  }
  expect(nonces.size).toBe(5);
});

test("API responses: nosniff, a CSP that allows nothing, no caching", async () => {
  for (const path of ["/api/health", "/api/me"]) {
    const res = await call(path);
    expectStaticHeaders(res.headers);
    expect(res.headers.get("content-security-policy")).toBe("default-src 'none'; frame-ancestors 'none'");
    expect(res.headers.get("cache-control")).toContain("no-store");
  }
});

test("static assets: nosniff", async () => {
  const html = await (await fetch(`${BASE}/login`)).text();
  const src = /<script[^>]+src="([^"]+)"/.exec(html)?.[1];
  expect(src).toMatch(/^\/_next\/static\//);
  const res = await fetch(`${BASE}${src}`);
  expect(res.status).toBe(200);
  expect(res.headers.get("x-content-type-options")).toBe("nosniff");
  expect(res.headers.get("content-type")).toMatch(/javascript/);
});

test("HSTS and upgrade-insecure-requests are sent only over HTTPS (plain http://localhost keeps working)", async () => {
  const res = await fetch(`${BASE}/login`);
  expect(res.headers.get("strict-transport-security")).toBeNull();
  expect(res.headers.get("content-security-policy")).not.toContain("upgrade-insecure-requests");
});

// ---------------------------------------------------------------------------------
// In the browser.

async function recordViolations(page: Page): Promise<void> {
  await page.addInitScript(() => {
    const w = window as unknown as { __cspViolations: string[] };
    w.__cspViolations = [];
    document.addEventListener("securitypolicyviolation", (e) => {
      w.__cspViolations.push(`${e.violatedDirective} ${e.blockedURI}`);
    });
  });
}

const violations = (page: Page) => page.evaluate(() => (window as unknown as { __cspViolations: string[] }).__cspViolations);

test("the app runs under its CSP: log in through the form, reach the dashboard, no violation on any page", async ({ page }) => {
  const client = newClient("browser");
  const user = await signUp(client);
  await recordViolations(page);
  const consoleErrors: string[] = [];
  page.on("console", (m) => {
    if (m.type() === "error" && /Content Security Policy/i.test(m.text())) consoleErrors.push(m.text());
  });
  for (const path of ["/", "/signup"]) {
    await page.goto(path);
    await expect(page.locator("h1")).toBeVisible();
    expect(await violations(page)).toEqual([]);
  }
  await page.goto("/login");
  await page.getByLabel("Username").fill(user.username);
  await page.getByLabel("Password").fill(user.password);
  await page.getByRole("button", { name: "Log in", exact: true }).click();
  // Only hydrated React can do this client-side navigation: Next's scripts ran with the nonce.
  await expect(page).toHaveURL(/\/dashboard$/);
  await expect(page.locator("h1")).toBeVisible();
  expect(await violations(page)).toEqual([]);
  expect(consoleErrors).toEqual([]);
});

// What XSS does is inject markup; these are the three ways markup runs script. (A strict
// CSP is about markup: with 'strict-dynamic', script that already runs may add more, so
// the test injects through the HTML parser, as a reflected or stored payload would.)
test("injected markup cannot run script: a parser-inserted <script>, an inline event handler, a javascript: URL", async ({ page }) => {
  await recordViolations(page);
  await page.goto("/login");
  await page.evaluate(() => {
    const div = document.createElement("div");
    div.innerHTML = [
      // A srcdoc frame is parsed like any page of this origin and inherits its CSP.
      `<iframe srcdoc="<script>parent.__pwnedByScript = true</script>"></iframe>`,
      '<img src="data:," onerror="window.__pwnedByHandler = true">',
      '<a id="pwn-link" href="javascript:window.__pwnedByUrl = true">x</a>',
    ].join("");
    document.body.append(div);
    (document.getElementById("pwn-link") as HTMLAnchorElement).click();
  });
  await expect.poll(async () => (await violations(page)).filter((v) => v.startsWith("script-src")).length).toBeGreaterThanOrEqual(2);
  // The srcdoc frame reports its own violation; wait until it has been parsed.
  await expect.poll(() => page.frames().length).toBeGreaterThan(1);
  const pwned = await page.evaluate(() => {
    const w = window as unknown as { __pwnedByScript?: boolean; __pwnedByHandler?: boolean; __pwnedByUrl?: boolean };
    return { script: w.__pwnedByScript ?? false, handler: w.__pwnedByHandler ?? false, url: w.__pwnedByUrl ?? false };
  });
  expect(pwned).toEqual({ script: false, handler: false, url: false });
});

test("another site cannot frame the app (frame-ancestors 'none')", async ({ page }) => {
  await page.goto("about:blank");
  await page.setContent(`<iframe id="victim" src="${BASE}/login" width="600" height="400"></iframe>`, { waitUntil: "load" });
  const frame = page.frames().find((f) => f !== page.mainFrame());
  expect(frame).toBeDefined();
  // A refused frame is replaced by the browser's error page: no form of ours in it.
  await expect.poll(async () => frame?.url()).not.toContain("/login");
  expect(await frame?.locator("#login-username").count()).toBe(0);
});
