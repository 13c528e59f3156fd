import type { Store } from "../types";
import { pgConnection } from "./conn";
import { denylistTable } from "./denylist";
import { eventsTable } from "./events";
import { purge } from "./purge";
import { rateLimitsTable } from "./rate-limits";
import { refreshTokensTable } from "./refresh-tokens";
import { sessionsTable } from "./sessions";
import { usersTable } from "./users";

/** A shared PostgreSQL server (DATABASE_URL): a pool behind the same async contract. */
export function createPgStore(url: string, opts: { max?: number } = {}): Store & { close(): Promise<void> } {
  const c = pgConnection(url, opts);
  const store: Store & { close(): Promise<void> } = {
    dialect: "postgres",
    users: usersTable(c),
    sessions: sessionsTable(c),
    refreshTokens: refreshTokensTable(c),
    events: eventsTable(c),
    denylist: denylistTable(c),
    rateLimits: rateLimitsTable(c),
    maintenance: {
      purge: (opts) => purge(c, opts),
      ready: () => c.ready(),
    },
    // The same object serves inside the transaction: AsyncLocalStorage routes its calls
    // to the transaction's client.
    transaction: (fn, opts) => c.transaction(() => fn(store), opts?.locks),
    close: () => c.close(),
  };
  return store;
}
