import { AsyncLocalStorage } from "node:async_hooks";

// better-sqlite3 runs every statement synchronously on one connection, so a transaction
// cannot stay open across an `await` unless nothing else uses the connection meanwhile:
// another request's statement would land inside it (and be rolled back with it). The
// gate holds every statement from outside while a transaction is open; statements from
// inside it (found through AsyncLocalStorage) go straight through. A transaction's body
// only does database work, so the gate is held for microseconds.

interface Open {
  token: object;
  done: Promise<void>;
}

export class Gate {
  private open: Open | null = null;
  private readonly als = new AsyncLocalStorage<object>();

  private inside(): boolean {
    return this.open !== null && this.als.getStore() === this.open.token;
  }

  /** Runs one synchronous statement once no other transaction holds the connection. */
  async run<T>(statement: () => T): Promise<T> {
    // The check and the statement run in one synchronous step: nothing can open in between.
    while (this.open && !this.inside()) await this.open.done;
    return statement();
  }

  async transaction<T>(begin: () => void, commit: () => void, rollback: () => void, body: () => Promise<T>): Promise<T> {
    if (this.inside()) return body(); // nested: part of the outer transaction
    while (this.open) await this.open.done;
    let release = () => {};
    const token = {};
    this.open = { token, done: new Promise<void>((resolve) => (release = resolve)) };
    try {
      begin();
      let out: T;
      try {
        out = await this.als.run(token, body);
      } catch (err) {
        rollback();
        throw err;
      }
      commit();
      return out;
    } finally {
      this.open = null;
      release();
    }
  }
}
