import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { loadEnv } from "./env";
import { assertSecretsFileNotLost, secretsFilePath } from "./secrets";

// At start, a missing secrets file next to an existing database means the secrets were
// lost: new ones would log everyone out silently, so the start stops and says what to do.

let dir = "";
const LONG = "k".repeat(40);
const envWith = (vars: Record<string, string> = {}) => loadEnv({ DATABASE_PATH: path.join(dir, "authlab.db"), ...vars });

beforeEach(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), "authlab-lost-"));
});
afterEach(() => {
  fs.rmSync(dir, { recursive: true, force: true });
});

describe("assertSecretsFileNotLost", () => {
  it("a fresh data folder (no database yet) may generate secrets", () => {
    expect(() => assertSecretsFileNotLost(envWith())).not.toThrow();
  });

  it("a database without its secrets file stops the start, naming both files and the two ways out", () => {
    const env = envWith();
    fs.writeFileSync(env.databasePath, "");
    let message = "";
    try {
      assertSecretsFileNotLost(env);
    } catch (err) {
      message = (err as Error).message;
    }
    expect(message).toContain(`${secretsFilePath(env)} is missing, but the database ${env.databasePath} already exists`);
    expect(message).toContain("Restore secrets.json from your backup");
    expect(message).toContain("SESSION_PASSWORD=$(openssl rand -base64 48) JWT_SECRET=$(openssl rand -base64 48)");
  });

  it("is satisfied when the file is there, or when both secrets come from the environment", () => {
    const env = envWith();
    fs.writeFileSync(env.databasePath, "");
    fs.writeFileSync(secretsFilePath(env), "{}");
    expect(() => assertSecretsFileNotLost(env)).not.toThrow();
    fs.rmSync(secretsFilePath(env));
    expect(() => assertSecretsFileNotLost(envWith({ SESSION_PASSWORD: LONG, JWT_SECRET: LONG }))).not.toThrow();
    // One of the two from the environment still needs the file for the other.
    expect(() => assertSecretsFileNotLost(envWith({ SESSION_PASSWORD: LONG }))).toThrow(/is missing/);
  });
});
