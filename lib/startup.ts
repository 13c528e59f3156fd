import "server-only";
import { getDb } from "@/db/client";
import { seedAccounts } from "./auth/seed";
import { secrets } from "./auth/keys";
import { env } from "./env";

// Runs once when the server starts (instrumentation.ts): validate the configuration,
// load or create the secrets, open and migrate the database, seed accounts. Any problem
// stops the start here with a message that says what to do, not on the first request.
export async function startUp(): Promise<void> {
  const e = env();
  const s = secrets();
  getDb();
  await seedAccounts();
  if (e.AUTHLAB_FAST_KDF === "1") console.warn("[authlab] AUTHLAB_FAST_KDF=1: cheap password hashing, for tests only");
  console.log(
    `[authlab] ready: database ${e.databasePath}; secrets from ${s.source.session === "env" ? "env" : "data folder"}; ` +
      `access token ${e.ACCESS_TOKEN_TTL}s, refresh ${e.REFRESH_TOKEN_TTL}s, session idle ${e.SESSION_IDLE_TTL}s / absolute ${e.SESSION_ABSOLUTE_TTL}s, denylist ${e.JWT_DENYLIST}`,
  );
}

/** A start that cannot succeed ends the process with the reason, not a stack trace. */
export async function startUpOrExit(): Promise<void> {
  try {
    await startUp();
  } catch (err) {
    console.error(err instanceof Error ? err.message : String(err));
    process.exit(1);
  }
}
