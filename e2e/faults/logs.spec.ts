import fs from "node:fs";
import path from "node:path";
import { expect, test } from "@playwright/test";
import { createAccounts, runLoad } from "../load/engine";
import { EXTRA_PORTS, freshDataDir, startServer } from "../load/server";
import { credentials, send } from "./support";

// Secrets and credentials are never logged (OWASP Logging Cheat Sheet, "Data to
// exclude"): everything a server printed while it served logins, refreshes, failures and
// a short load is searched for its secrets, every cookie value it issued and the passwords.

test("nothing secret in the server's output: no secret, no token, no password", async () => {
  test.setTimeout(180_000);
  const dataDir = freshDataDir("logs");
  const server = await startServer({ port: EXTRA_PORTS.logs, dataDir });
  const issued: string[] = [];
  try {
    for (const mode of ["session", "jwt"] as const) {
      const login = await send(server.url, "/api/auth/login", { json: { username: "alice", password: "alice-demo-pass", mode } });
      expect(login.status).toBe(200);
      const cookies = credentials(login);
      issued.push(...Object.values(cookies));
      expect((await send(server.url, "/api/me", { cookies })).status).toBe(200);
      if (mode === "jwt") {
        const r = await send(server.url, "/api/auth/refresh", { method: "POST", cookies });
        issued.push(...Object.values(credentials(r)));
        // The rotated token again, after the grace window would be reuse; right away it is the grace path.
        await send(server.url, "/api/auth/refresh", { method: "POST", cookies });
      }
      await send(server.url, "/api/auth/logout", { method: "POST", cookies });
    }
    await send(server.url, "/api/auth/login", { json: { username: "alice", password: "a-wrong-password-xyz" } });
    await send(server.url, "/api/me", { cookies: { authlab_session: "tampered-seal" } });
    await send(server.url, "/api/me", { cookies: { authlab_access: "eyJhbGciOiJub25lIn0.eyJzdWIiOiJ4In0." } });
    const accounts = await createAccounts(server.url, 10, "logs");
    const report = await runLoad({ base: server.url, accounts, users: 10, durationMs: 3000 });
    expect(report.fiveXX).toBe(0);
  } finally {
    await server.stop();
  }
  // Everything it printed, up to its last line: the pipes are drained after the exit, not at it.
  await server.outputClosed;
  const output = server.output();
  const { sessionPassword, jwtSecret } = JSON.parse(fs.readFileSync(path.join(dataDir, "secrets.json"), "utf8")) as Record<string, string>;
  expect(output).toContain("[authlab] ready");
  for (const needle of [sessionPassword, jwtSecret, "alice-demo-pass", "a-wrong-password-xyz", "load-pass-", ...issued]) {
    expect(output.includes(needle as string), `the output contains ${String(needle).slice(0, 12)}…`).toBe(false);
  }
});
