import fs from "node:fs";
import path from "node:path";
import { expect, test } from "@playwright/test";
import { EXTRA_PORTS, freshDataDir, startServer } from "../load/server";
import { expectStartFailure, withoutDacOverride } from "./support";

// A start that cannot succeed stops at once, exit code 1, with one message that says
// exactly what to do, and no stack trace: a missing, unreadable or corrupt secrets file,
// a secret in the environment too short to be safe.

test.describe.configure({ mode: "serial" });

const port = EXTRA_PORTS.startup;
const LONG = "x".repeat(48);

/** A data folder that has been used: a database and the secrets that sealed its logins. */
async function usedDataFolder(name: string): Promise<{ dataDir: string; secrets: string; db: string }> {
  const dataDir = freshDataDir(name);
  const server = await startServer({ port, dataDir });
  await server.stop();
  return { dataDir, secrets: path.join(dataDir, "secrets.json"), db: path.join(dataDir, "authlab.db") };
}

function expectCleanRefusal(r: { code: number | null; output: string }, message: string): void {
  expect(r.code, r.output).toBe(1);
  expect(r.output).toContain(message);
  expect(r.output).not.toMatch(/\n\s+at \S+ \(/); // no stack trace
  expect(r.output).not.toContain("[authlab] ready");
}

test("the secrets file is missing next to an existing database: refuse (new secrets would log everyone out)", async () => {
  test.setTimeout(120_000);
  const { dataDir, secrets, db } = await usedDataFolder("secrets-missing");
  fs.rmSync(secrets);
  const r = await expectStartFailure({ port, dataDir });
  expectCleanRefusal(
    r,
    `AuthLab cannot start: ${secrets} is missing, but the database ${db} already exists and its logins were sealed and signed with the secrets that file held. ` +
      "Restore secrets.json from your backup into the data folder. If it is lost for good, set SESSION_PASSWORD and JWT_SECRET to new values, " +
      "e.g. SESSION_PASSWORD=$(openssl rand -base64 48) JWT_SECRET=$(openssl rand -base64 48): accounts are kept, everyone is logged out once.",
  );
  expect(fs.existsSync(secrets)).toBe(false); // nothing was generated behind the operator's back
});

test("… and following the advice (new secrets in the environment) starts, accounts kept", async () => {
  test.setTimeout(120_000);
  const { dataDir, secrets } = await usedDataFolder("secrets-missing-fixed");
  fs.rmSync(secrets);
  const server = await startServer({ port, dataDir, env: { SESSION_PASSWORD: LONG, JWT_SECRET: `${LONG}y` } });
  try {
    const res = await fetch(`${server.url}/api/auth/login`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ username: "alice", password: "alice-demo-pass" }),
    });
    expect(res.status).toBe(200);
  } finally {
    await server.stop();
  }
});

test("the secrets file is unreadable: refuse, naming the file and the fix", async () => {
  test.setTimeout(120_000);
  const { dataDir, secrets } = await usedDataFolder("secrets-unreadable");
  fs.chmodSync(secrets, 0o000);
  try {
    const r = await expectStartFailure({ port, dataDir, wrap: withoutDacOverride });
    expectCleanRefusal(
      r,
      `AuthLab cannot start: cannot read ${secrets} (EACCES). Fix its permissions (chmod 600, owned by the user running AuthLab), or set SESSION_PASSWORD and JWT_SECRET.`,
    );
  } finally {
    fs.chmodSync(secrets, 0o600);
  }
});

for (const [label, content] of [
  ["not JSON", "{not json"],
  ["empty", ""],
  ["a secret too short", JSON.stringify({ sessionPassword: "short", jwtSecret: LONG })],
] as const) {
  test(`the secrets file is corrupt (${label}): refuse, leave it untouched`, async () => {
    test.setTimeout(120_000);
    const { dataDir, secrets } = await usedDataFolder(`secrets-corrupt-${label.replace(/\W+/g, "-")}`);
    fs.writeFileSync(secrets, content, { mode: 0o600 });
    const r = await expectStartFailure({ port, dataDir });
    expectCleanRefusal(
      r,
      `AuthLab cannot start: ${secrets} is corrupt. Restore it from your backup. Otherwise set SESSION_PASSWORD and JWT_SECRET to new values, ` +
        "e.g. $(openssl rand -base64 48) (accounts are kept, everyone is logged out once); on a data folder without a database yet you may instead delete it to generate new secrets.",
    );
    expect(fs.readFileSync(secrets, "utf8")).toBe(content);
  });
}

for (const name of ["SESSION_PASSWORD", "JWT_SECRET"] as const) {
  test(`${name} in the environment is too short: refuse, naming the variable and how to make a good one`, async () => {
    test.setTimeout(120_000);
    const dataDir = freshDataDir(`short-${name}`);
    const env = { SESSION_PASSWORD: LONG, JWT_SECRET: LONG, [name]: "too-short-secret" };
    const r = await expectStartFailure({ port, dataDir, env });
    expectCleanRefusal(
      r,
      `AuthLab cannot start: ${name} is shorter than 32 characters. Set it to a random value, e.g. ${name}=$(openssl rand -base64 48), or unset it to let AuthLab generate one in the data folder.`,
    );
    // Nothing was created: a refused start leaves no database behind.
    expect(fs.existsSync(path.join(dataDir, "authlab.db"))).toBe(false);
  });
}

test("a secret is never printed, not even when it is refused", async () => {
  test.setTimeout(120_000);
  const dataDir = freshDataDir("short-secret-not-logged");
  const secret = "short-but-secret-0xC0FFEE";
  const r = await expectStartFailure({ port, dataDir, env: { SESSION_PASSWORD: LONG, JWT_SECRET: secret } });
  expect(r.code).toBe(1);
  expect(r.output).not.toContain(secret);
  expect(r.output).not.toContain(LONG);
});
