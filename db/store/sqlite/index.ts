import type { Store } from "../types";
import { connection } from "./conn";
import { denylistTable } from "./denylist";
import { eventsTable } from "./events";
import { purge } from "./purge";
import { rateLimitsTable } from "./rate-limits";
import { refreshTokensTable } from "./refresh-tokens";
import { sessionsTable } from "./sessions";
import { usersTable } from "./users";

/** The embedded default: one better-sqlite3 connection (WAL), behind the async contract. */
export function createSqliteStore(): Store {
  const c = connection();
  const store: Store = {
    dialect: "sqlite",
    users: usersTable(c),
    sessions: sessionsTable(c),
    refreshTokens: refreshTokensTable(c),
    events: eventsTable(c),
    denylist: denylistTable(c),
    rateLimits: rateLimitsTable(c),
    maintenance: {
      purge: (opts) => purge(c, opts),
      ready: () => c.run(() => undefined),
    },
    // The same object serves inside the transaction: the gate knows which calls are in it.
    // One writer at a time already: the lock names add nothing here.
    transaction: (fn) => c.transaction(() => fn(store)),
  };
  return store;
}
