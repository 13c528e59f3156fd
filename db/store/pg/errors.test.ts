import net from "node:net";
import { afterEach, describe, expect, it, vi } from "vitest";
import { env, resetEnvForTests } from "@/lib/env";
import { createPgStore } from "./index";

// DATABASE_URL holds a password: no error the store raises, and nothing it logs, may
// carry the URL or any piece of its secret.

const PASSWORD = "s3cret-Pa55word-do-not-leak";

/** A loopback port nothing listens on. */
async function closedPort(): Promise<number> {
  const srv = net.createServer();
  await new Promise<void>((resolve) => srv.listen(0, "127.0.0.1", resolve));
  const { port } = srv.address() as net.AddressInfo;
  await new Promise((resolve) => srv.close(resolve));
  return port;
}

function expectClean(text: string, url: string): void {
  expect(text).not.toContain(PASSWORD);
  expect(text).not.toContain(url);
  expect(text).not.toContain(encodeURIComponent(PASSWORD));
}

afterEach(() => {
  delete process.env.DATABASE_URL;
  resetEnvForTests();
  vi.restoreAllMocks();
});

describe("DATABASE_URL never appears in an error or a log", () => {
  it("an unreachable server: the error names the variable and the code, not the URL", async () => {
    const url = `postgres://authlab:${PASSWORD}@127.0.0.1:${await closedPort()}/authlab`;
    const logged: string[] = [];
    for (const m of ["log", "warn", "error", "info"] as const)
      vi.spyOn(console, m).mockImplementation((...a) => void logged.push(a.join(" ")));
    const s = createPgStore(url);
    const err = (await s.users.byId("x").catch((e: unknown) => e)) as Error & { code?: string };
    await s.close();
    expect(err).toBeInstanceOf(Error);
    expect(err.message).toMatch(/DATABASE_URL/);
    expect(err.code).toBe("ECONNREFUSED");
    expectClean(`${err.message}\n${err.stack}\n${JSON.stringify(err)}`, url);
    expectClean(logged.join("\n"), url);
  });

  it("a wrong password against the real server: the same, and the real URL's secret is not in it either", async () => {
    const real = new URL(process.env.DATABASE_URL ?? "");
    real.password = PASSWORD;
    const url = real.toString();
    const s = createPgStore(url);
    const err = (await s.maintenance.ready().catch((e: unknown) => e)) as Error & { code?: string };
    await s.close();
    expect(err.code).toBe("28P01"); // invalid_password
    expectClean(`${err.message}\n${err.stack}`, url);
  });

  it("a failed query's error keeps the driver's reason, not Drizzle's copy of the SQL and its parameters", async () => {
    const s = createPgStore(process.env.DATABASE_URL ?? "");
    const err = (await s.sessions
      .insert({
        id: "s1",
        tokenHash: "hash-material-of-a-session-token",
        userId: "no-such-user", // violates the foreign key
        createdAt: 1,
        lastSeenAt: 1,
        idleExpiresAt: 2,
        absoluteExpiresAt: 3,
        userAgent: null,
        ip: null,
        revokedAt: null,
        revokedReason: null,
      })
      .catch((e: unknown) => e)) as Error & { code?: string };
    await s.close();
    expect(err.code).toBe("23503"); // foreign_key_violation, kept for the caller
    expect(err.message).toMatch(/foreign key/);
    expect(err.message).not.toContain("hash-material");
    expect(err.message).not.toMatch(/params:/);
  });

  it("a malformed DATABASE_URL stops the start with a message that does not repeat it", () => {
    process.env.DATABASE_URL = `mysql://root:${PASSWORD}@db/authlab`;
    resetEnvForTests();
    let message = "";
    try {
      env();
    } catch (e) {
      message = (e as Error).message;
    }
    expect(message).toMatch(/DATABASE_URL must be a postgres/);
    expect(message).not.toContain(PASSWORD);
  });
});
