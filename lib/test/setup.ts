import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterEach, beforeEach } from "vitest";
import { closeDbForTests } from "@/db/client";
import { resetExposuresForTests } from "@/lib/auth/jwt/exposure";
import { resetKeysForTests } from "@/lib/auth/keys";
import { resetRateLimitsForTests } from "@/lib/auth/rate-limit";
import { resetClockForTests } from "@/lib/clock";
import { resetEnvForTests } from "@/lib/env";

// Every test gets its own freshly migrated SQLite file, fresh secrets, a fresh clock and
// empty rate-limit buckets: no test can see another's rows or time.
let dir: string | undefined;

beforeEach(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), "authlab-unit-"));
  process.env.DATABASE_PATH = path.join(dir, "test.db");
  process.env.AUTHLAB_FAST_KDF = "1";
  delete process.env.SESSION_PASSWORD;
  delete process.env.JWT_SECRET;
  resetEnvForTests();
  closeDbForTests();
  resetKeysForTests();
  resetClockForTests();
  resetRateLimitsForTests();
  resetExposuresForTests();
});

afterEach(() => {
  closeDbForTests();
  if (dir) fs.rmSync(dir, { recursive: true, force: true });
});
