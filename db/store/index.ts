import "server-only";
import { singleton } from "@/lib/singleton";
import { createSqliteStore } from "./sqlite";
import type { Store } from "./types";

// The only way into the database (docs/architecture.md: "one data layer"). Nothing
// outside db/ imports db/client.ts, the schema's tables or drizzle-orm: an architecture
// test (db/store/boundary.test.ts) fails when something does.

export function store(): Store {
  return singleton("store", createSqliteStore);
}

export type { AuthEventRow, RefreshTokenRow, SessionRow, UserRow } from "../schema";
export type { PurgeOptions, PurgeResult, Store, UserRecord, UserRef } from "./types";
export { UsernameTakenError } from "./types";
