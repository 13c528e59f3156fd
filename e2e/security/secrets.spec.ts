import { execFileSync } from "node:child_process";
import fs from "node:fs";
import { expect, test } from "@playwright/test";
import { BASE, call, DATA_DIR, logIn, newClient, serverSecrets, signUp } from "./support";

// Secrets (OWASP Secrets Management Cheat Sheet): never sent to the client, kept 0600,
// never committed. "Never logged" is proved on servers whose output the fault suite
// captures (e2e/faults/logs.spec.ts).

test("no secret reaches a client: pages, every script they load, and the API responses", async () => {
  const { sessionPassword, jwtSecret } = serverSecrets();
  const client = newClient("secrets");
  const user = await signUp(client);
  const session = await logIn(user, "session", client);
  const jwt = await logIn(user, "jwt", newClient("secrets"));
  const cookie = (c: Record<string, string>) =>
    Object.entries(c)
      .map(([k, v]) => `${k}=${v}`)
      .join("; ");

  const bodies: string[] = [];
  const scripts = new Set<string>();
  for (const [path, c] of [
    ["/", ""],
    ["/login", ""],
    ["/signup", ""],
    ["/dashboard", cookie(session)],
    ["/dashboard", cookie({ authlab_access: jwt.authlab_access as string })],
  ] as const) {
    const html = await (await fetch(`${BASE}${path}`, { headers: { cookie: c } })).text();
    bodies.push(html);
    for (const m of html.matchAll(/src="(\/_next\/static\/[^"]+\.js)"/g)) scripts.add(m[1] as string);
  }
  expect(scripts.size).toBeGreaterThan(0);
  for (const src of scripts) bodies.push(await (await fetch(`${BASE}${src}`)).text());
  for (const [path, c] of [
    ["/api/me", session],
    ["/api/auth/inspect", session],
    ["/api/auth/inspect", jwt],
    ["/api/auth/inspect?with=devices", session],
    ["/api/auth/sessions", session],
    ["/api/me/events", session],
  ] as const) {
    const res = await call(path, { client, cookies: c });
    expect(res.status, `${path}: ${res.text.slice(0, 200)}`).toBe(200);
    bodies.push(res.text);
  }
  for (const body of bodies) {
    expect(body).not.toContain(sessionPassword);
    expect(body).not.toContain(jwtSecret);
  }
  // Nor the password hash of the user (the DTOs never carry it).
  expect(bodies.join("\n")).not.toMatch(/scrypt\$\d+\$/);
});

test("the generated secrets file is readable by its owner only (0600)", () => {
  expect(fs.statSync(`${DATA_DIR}/secrets.json`).mode & 0o777).toBe(0o600);
});

test("secrets, databases and data folders are never committed: git ignores them and tracks none", () => {
  const tracked = execFileSync("git", ["ls-files"], { encoding: "utf8" }).split("\n");
  expect(tracked.filter((f) => /(^|\/)secrets\.json$|\.db(-wal|-shm)?$|^data\/|^\.tmp\//.test(f))).toEqual([]);
  for (const file of ["data/secrets.json", "data/authlab.db", "data/authlab.db-wal", ".tmp/e2e-3210/secrets.json"]) {
    // `git check-ignore` exits 0 when the path is ignored, 1 when it is not (which throws here).
    expect(execFileSync("git", ["check-ignore", file], { encoding: "utf8" }).trim()).toBe(file);
  }
});
