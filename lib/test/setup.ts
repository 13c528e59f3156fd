import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, afterEach, beforeEach, inject } from "vitest";
import { closeDbForTests } from "@/db/client";
import { resetExposuresForTests } from "@/lib/auth/jwt/exposure";
import { resetKeysForTests } from "@/lib/auth/keys";
import { resetClockForTests } from "@/lib/clock";
import { resetEnvForTests } from "@/lib/env";
import { resetSingletonForTests, singleton } from "@/lib/singleton";
import { closeTestDb } from "./db";
import { emptyDatabase, onPostgres, workerDatabaseUrl } from "./pg";

// Every test gets its own freshly migrated SQLite file (or, in the "pg" project, this
// worker's PostgreSQL database emptied), fresh secrets, a fresh clock and
// empty rate-limit buckets: no test can see another's rows or time.
let dir: string | undefined;

beforeEach(async () => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), "authlab-unit-"));
  process.env.DATABASE_PATH = path.join(dir, "test.db");
  if (onPostgres()) {
    const url = await workerDatabaseUrl(inject("pgUrl"));
    process.env.DATABASE_URL = url;
    await emptyDatabase(url);
  } else {
    delete process.env.DATABASE_URL;
  }
  process.env.AUTHLAB_FAST_KDF = "1";
  delete process.env.SESSION_PASSWORD;
  delete process.env.JWT_SECRET;
  resetEnvForTests();
  closeDbForTests();
  resetKeysForTests();
  resetClockForTests();
  resetExposuresForTests();
});

afterEach(() => {
  closeDbForTests();
  if (dir) fs.rmSync(dir, { recursive: true, force: true });
});

afterAll(async () => {
  // The pool's sockets would keep the worker alive.
  await (singleton("store", () => null) as { close?: () => Promise<void> } | null)?.close?.();
  resetSingletonForTests("store");
  await closeTestDb();
});
