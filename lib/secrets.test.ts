import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { loadEnv } from "./env";
import { loadSecrets, MIN_JWT_SECRET, MIN_SESSION_PASSWORD, secretsFilePath } from "./secrets";

let dir = "";
const LONG_A = "a".repeat(40);
const LONG_B = "b".repeat(40);

/** An Env whose data folder is a fresh temp dir, plus any variables given. */
const envWith = (vars: Record<string, string> = {}) => loadEnv({ DATABASE_PATH: path.join(dir, "data", "authlab.db"), ...vars });

function errorOf(fn: () => unknown): Error {
  try {
    fn();
  } catch (err) {
    return err as Error;
  }
  throw new Error("expected a throw");
}

beforeEach(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), "authlab-secrets-"));
});
afterEach(() => {
  fs.rmSync(dir, { recursive: true, force: true });
});

describe("generated secrets", () => {
  it("are written once, mode 0600, in the data folder, and reused on the next load", () => {
    const env = envWith();
    const file = secretsFilePath(env);
    expect(file).toBe(path.join(dir, "data", "secrets.json"));
    expect(fs.existsSync(file)).toBe(false);
    const first = loadSecrets(env);
    expect(fs.statSync(file).mode & 0o777).toBe(0o600);
    const stored = JSON.parse(fs.readFileSync(file, "utf8"));
    expect(stored.sessionPassword.length).toBeGreaterThanOrEqual(MIN_SESSION_PASSWORD);
    expect(stored.jwtSecret.length).toBeGreaterThanOrEqual(MIN_JWT_SECRET);
    expect(stored.sessionPassword).not.toBe(stored.jwtSecret);
    expect(first.sessionPasswords).toEqual({ "1": stored.sessionPassword });
    expect(first.jwtKeys).toEqual([{ kid: expect.stringMatching(/^[0-9a-f]{8}$/), secret: stored.jwtSecret }]);
    expect(first.source).toEqual({ session: "file", jwt: "file" });

    const mtime = fs.statSync(file).mtimeMs;
    const second = loadSecrets(envWith()); // a "restart"
    expect(second).toEqual(first);
    expect(fs.statSync(file).mtimeMs).toBe(mtime);
  });

  it("a second data folder gets different secrets", () => {
    const a = loadSecrets(envWith());
    const other = fs.mkdtempSync(path.join(os.tmpdir(), "authlab-secrets-"));
    try {
      const b = loadSecrets(loadEnv({ DATABASE_PATH: path.join(other, "x.db") }));
      expect(b.jwtKeys[0]?.secret).not.toBe(a.jwtKeys[0]?.secret);
      expect(b.sessionPasswords["1"]).not.toBe(a.sessionPasswords["1"]);
    } finally {
      fs.rmSync(other, { recursive: true, force: true });
    }
  });

  it.each([
    ["not JSON", "{not json"],
    ["empty", ""],
    ["a secret too short", JSON.stringify({ sessionPassword: "short", jwtSecret: LONG_A })],
    ["a missing field", JSON.stringify({ sessionPassword: LONG_A })],
  ])("a corrupt file (%s) stops the start with what to do, and is left untouched", (_n, content) => {
    const env = envWith();
    fs.mkdirSync(env.dataDir, { recursive: true });
    fs.writeFileSync(secretsFilePath(env), content, { mode: 0o600 });
    const err = errorOf(() => loadSecrets(env));
    expect(err.message).toContain(secretsFilePath(env));
    expect(err.message).toContain("is corrupt");
    expect(err.message).toContain("delete it to generate new secrets");
    expect(err.message).toContain("set SESSION_PASSWORD and JWT_SECRET");
    expect(fs.readFileSync(secretsFilePath(env), "utf8")).toBe(content);
  });
});

describe("secrets from the environment", () => {
  it("win over the file, and no file is written when both are set", () => {
    const s = loadSecrets(envWith({ SESSION_PASSWORD: LONG_A, JWT_SECRET: LONG_B }));
    expect(s.sessionPasswords).toEqual({ "1": LONG_A });
    expect(s.jwtKeys.map((k) => k.secret)).toEqual([LONG_B]);
    expect(s.source).toEqual({ session: "env", jwt: "env" });
    expect(fs.existsSync(path.join(dir, "data", "secrets.json"))).toBe(false);
  });

  it("one from env, the other from the file", () => {
    const s = loadSecrets(envWith({ JWT_SECRET: LONG_B }));
    expect(s.source).toEqual({ session: "file", jwt: "env" });
    expect(s.jwtKeys[0]?.secret).toBe(LONG_B);
  });

  it.each([
    ["SESSION_PASSWORD", MIN_SESSION_PASSWORD],
    ["JWT_SECRET", MIN_JWT_SECRET],
  ])("%s shorter than 32 characters stops the start naming the variable and the fix", (name, min) => {
    expect(min).toBe(32);
    const vars = { SESSION_PASSWORD: LONG_A, JWT_SECRET: LONG_B, [name]: "x".repeat(min - 1) };
    const err = errorOf(() => loadSecrets(envWith(vars)));
    expect(err.message).toContain(`${name} is shorter than 32 characters`);
    expect(err.message).toContain(`${name}=$(openssl rand -base64 48)`);
    expect(err.message).toContain("or unset it");
    // Exactly 32 is enough.
    expect(() => loadSecrets(envWith({ ...vars, [name]: "x".repeat(min) }))).not.toThrow();
  });

  it("a short entry in a rotation list is refused too", () => {
    expect(errorOf(() => loadSecrets(envWith({ SESSION_PASSWORD: LONG_A, JWT_SECRET: `${LONG_B},short` }))).message).toContain(
      "JWT_SECRET is shorter",
    );
    expect(errorOf(() => loadSecrets(envWith({ SESSION_PASSWORD: `2:short,1:${LONG_A}`, JWT_SECRET: LONG_B }))).message).toContain(
      "SESSION_PASSWORD is shorter",
    );
  });

  it('"2:new,1:old" gives iron-session ids 2 and 1 (the highest seals)', () => {
    const s = loadSecrets(envWith({ SESSION_PASSWORD: `2:${LONG_B}, 1:${LONG_A}`, JWT_SECRET: LONG_B }));
    expect(s.sessionPasswords).toEqual({ "1": LONG_A, "2": LONG_B });
  });

  it("entries without an id take their position", () => {
    const s = loadSecrets(envWith({ SESSION_PASSWORD: `${LONG_A},${LONG_B}`, JWT_SECRET: LONG_B }));
    expect(s.sessionPasswords).toEqual({ "1": LONG_A, "2": LONG_B });
  });

  it("JWT keys: a list keeps order (the last signs) and each kid derives from its key", () => {
    const one = loadSecrets(envWith({ SESSION_PASSWORD: LONG_A, JWT_SECRET: `${LONG_A},${LONG_B}` }));
    const two = loadSecrets(envWith({ SESSION_PASSWORD: LONG_A, JWT_SECRET: `${LONG_B},${LONG_A}` }));
    expect(one.jwtKeys.map((k) => k.secret)).toEqual([LONG_A, LONG_B]);
    expect(one.jwtKeys[0]?.kid).not.toBe(one.jwtKeys[1]?.kid);
    expect(two.jwtKeys[1]?.kid).toBe(one.jwtKeys[0]?.kid);
    expect(JSON.stringify(one.jwtKeys.map((k) => k.kid))).not.toContain(LONG_A.slice(0, 8));
  });
});
