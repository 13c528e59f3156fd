import "server-only";
import fs from "node:fs";
import path from "node:path";
import Database from "better-sqlite3";
import { type BetterSQLite3Database, drizzle } from "drizzle-orm/better-sqlite3";
import { migrate } from "drizzle-orm/better-sqlite3/migrator";
import { env } from "@/lib/env";
import { singleton } from "@/lib/singleton";
import * as schema from "./schema";

export type Db = BetterSQLite3Database<typeof schema> & { $client: Database.Database };

// Next may load a module once per route bundle; one connection per process (a
// lib/singleton.ts value) so every route shares it (and its prepared statements).
const conn = () => singleton("sqlite-connection", () => ({ db: undefined as Db | undefined }));

export function migrationsFolder(): string {
  return path.join(process.cwd(), "db", "migrations");
}

export function openDatabase(file: string): Db {
  if (file !== ":memory:") fs.mkdirSync(path.dirname(file), { recursive: true });
  const sqlite = new Database(file);
  // WAL: readers never wait for the writer; NORMAL sync is durable across a process crash
  // (kill -9), which is the failure this app must survive.
  sqlite.pragma("journal_mode = WAL");
  sqlite.pragma("synchronous = NORMAL");
  sqlite.pragma("foreign_keys = ON");
  sqlite.pragma("busy_timeout = 5000");
  // No automatic checkpoint inside a commit (it would run on the event loop, mid-request):
  // db/checkpointer.ts runs them on its own thread. The WAL is truncated to 64 MiB once a
  // checkpoint has caught up.
  sqlite.pragma("wal_autocheckpoint = 0");
  sqlite.pragma(`journal_size_limit = ${64 * 1024 * 1024}`);
  const db = drizzle(sqlite, { schema }) as Db;
  migrate(db, { migrationsFolder: migrationsFolder() });
  return db;
}

export function getDb(): Db {
  const c = conn();
  c.db ??= openDatabase(env().databasePath);
  return c.db;
}

/** Tests: close and forget the connection so the next getDb() opens a fresh file. */
export function closeDbForTests(): void {
  const c = conn();
  c.db?.$client.close();
  c.db = undefined;
}
