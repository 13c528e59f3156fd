import "server-only";
import { startCheckpointer } from "@/db/checkpointer";
import { store } from "@/db/store";
import { loadExposures, startExposureSync } from "./auth/jwt/exposure";
import { secrets } from "./auth/keys";
import { startPurgeSchedule } from "./auth/purge";
import { seedAccounts } from "./auth/seed";
import { installLabClocks } from "./demo-clock";
import { env } from "./env";
import { startLoopStats } from "./loop-stats";
import { assertSecretsFileNotLost } from "./secrets";

// Runs once when the server starts (instrumentation.ts): validate the configuration,
// load or create the secrets, open and migrate the database, seed accounts. Any problem
// stops the start here with a message that says what to do, not on the first request.
export async function startUp(): Promise<void> {
  const e = env();
  assertSecretsFileNotLost(e);
  const s = secrets();
  if (e.DATABASE_URL) await openPostgresOrExplain();
  else await openDatabaseOrExplain(e.databasePath, e.dataDir);
  // The revocation-gap records the denylist still holds, read once here rather than by a request.
  await loadExposures();
  // Other instances' revocations, from the shared store, once a second (docs/decisions/039).
  startExposureSync();
  // SQLite's WAL needs checkpoints; PostgreSQL does its own.
  if (!e.DATABASE_URL) startCheckpointer(e.databasePath);
  // Lab clocks plug into the core's clock source (demo mode only moves lab logins).
  installLabClocks();
  if (process.env.AUTHLAB_LOOP_STATS === "1") startLoopStats();
  await seedAccounts();
  // Ended sessions and refresh tokens are deleted a day after they end, in small batches.
  startPurgeSchedule();
  if (e.AUTHLAB_FAST_KDF === "1") console.warn("[authlab] AUTHLAB_FAST_KDF=1: cheap password hashing, for tests only");
  // `next start` instead of `npm start`: nothing removes client-sent X-Forwarded-* (docs/decisions/032).
  if (e.NODE_ENV === "production" && !process.env.AUTHLAB_PEER_TOKEN && process.env.NEXT_PHASE !== "phase-production-build") {
    console.warn(
      "[authlab] not started through `npm start` (lib/serve.mjs): a client's X-Forwarded-For/-Proto/-Host decide its address and scheme here. Start with `npm start`.",
    );
  }
  console.log(
    `[authlab] ready: database ${e.DATABASE_URL ? "PostgreSQL (DATABASE_URL)" : e.databasePath}; secrets from ${s.source.session === "env" ? "env" : "data folder"}; ` +
      `access token ${e.ACCESS_TOKEN_TTL}s, refresh ${e.REFRESH_TOKEN_TTL}s, session idle ${e.SESSION_IDLE_TTL}s / absolute ${e.SESSION_ABSOLUTE_TTL}s, denylist ${e.JWT_DENYLIST}`,
  );
}

async function openDatabaseOrExplain(file: string, dir: string): Promise<void> {
  try {
    await store().maintenance.ready();
  } catch (err) {
    const code = (err as { code?: string }).code ?? "error";
    throw new Error(
      `AuthLab cannot start: cannot open the database ${file} (${code}: ${(err as Error).message}). ` +
        `The data folder ${dir} must exist and be writable by the user running AuthLab (SQLite also writes ${file}-wal and ${file}-shm), ` +
        "and its disk must have free space; or set DATABASE_PATH to a writable place.",
    );
  }
}

/** The URL holds a password: the message names the variable, never its value. */
async function openPostgresOrExplain(): Promise<void> {
  try {
    await store().maintenance.ready();
  } catch (err) {
    const code = (err as { code?: string }).code ?? "error";
    throw new Error(
      `AuthLab cannot start: cannot open the PostgreSQL database named by DATABASE_URL (${code}: ${(err as Error).message}). ` +
        "Check that the server is running and reachable, and that the URL's user, password and database are right.",
    );
  }
}

/** A start that cannot succeed ends the process with the reason, not a stack trace. */
export async function startUpOrExit(): Promise<void> {
  try {
    await startUp();
  } catch (err) {
    console.error(err instanceof Error ? err.message : String(err));
    process.exit(1);
  }
  // lib/serve.mjs listens only after this (Next does not wait for register() in production).
  const done = (globalThis as Record<symbol, unknown>)[Symbol.for("authlab.startup.done")];
  if (typeof done === "function") done();
}
