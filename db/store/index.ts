import "server-only";
import { env } from "@/lib/env";
import { singleton } from "@/lib/singleton";
import { createPgStore } from "./pg";
import { createSqliteStore } from "./sqlite";
import type { Store } from "./types";

// The only way into the database (docs/architecture.md: "one data layer"). Nothing
// outside db/ imports db/client.ts, the schema's tables or drizzle-orm: an architecture
// test (db/store/boundary.test.ts) fails when something does.

// DATABASE_URL=postgres://… selects the shared PostgreSQL server; without it, the
// embedded SQLite file (DATABASE_PATH) as always.
export function store(): Store {
  return singleton("store", () => {
    const url = env().DATABASE_URL;
    return url ? createPgStore(url) : createSqliteStore();
  });
}

export type { AuthEventRow, RefreshTokenRow, SessionRow, UserRow } from "../schema";
export type { PurgeOptions, PurgeResult, Store, UserRecord, UserRef } from "./types";
export { UsernameTakenError } from "./types";
