import { type Db, getDb } from "../../client";
import { Gate } from "./gate";

/** The one connection, reached only through the gate (see gate.ts). */
export interface Conn {
  run<T>(statement: (db: Db) => T): Promise<T>;
  transaction<T>(body: () => Promise<T>): Promise<T>;
}

export function connection(): Conn {
  const gate = new Gate();
  return {
    // getDb() per statement: tests close and reopen the database between cases.
    run: (statement) => gate.run(() => statement(getDb())),
    transaction: (body) => {
      const client = () => getDb().$client;
      return gate.transaction(
        () => client().exec("BEGIN IMMEDIATE"),
        () => {
          try {
            client().exec("COMMIT");
          } catch (err) {
            // A failed COMMIT (disk full) can leave the transaction open: end it.
            if (client().inTransaction) client().exec("ROLLBACK");
            throw err;
          }
        },
        () => {
          if (client().inTransaction) client().exec("ROLLBACK");
        },
        body,
      );
    },
  };
}
