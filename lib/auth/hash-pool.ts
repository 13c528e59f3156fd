import "server-only";
import os from "node:os";
import { Worker } from "node:worker_threads";
import { ApiError } from "@/lib/errors";
import { singleton } from "@/lib/singleton";

// Admission control for password hashing (docs/decisions/035-hashing-pool.md).
//
// scrypt at OWASP's parameters costs ~0.4 s of a core. Run on libuv's pool, a burst of
// logins fills the four threads that WebCrypto (jose, iron-session) and file I/O also
// need, and every request waits behind hashes. So hashing runs on its own worker threads,
// sized to leave request handling a core, behind a bounded queue. A request that would
// wait longer than the queue allows is refused at once with 503 `busy` and Retry-After,
// before any hashing and before any rate-limit bookkeeping: it costs nothing and punishes
// no one.

export interface ScryptJob {
  password: string;
  salt: Buffer;
  N: number;
  r: number;
  p: number;
  keyLen: number;
}

/** How many workers: every core but one (at least one), so requests always keep a core. */
export function poolSize(): number {
  return Math.max(1, (os.availableParallelism?.() ?? os.cpus().length) - 1);
}

/**
 * How long an admitted request may expect to wait for its hash. The queue's length
 * follows from it and the recent job time: ~4 jobs per worker at OWASP cost on this
 * machine, hundreds with the test KDF. Never fewer than 1 per worker, never more than
 * MAX_QUEUE in all (memory).
 */
export const MAX_WAIT_MS = 2_000;
export const MAX_QUEUE = 1_000;

// The worker's whole program: scrypt, synchronously, on its own thread. Inline (eval) so
// the bundler has no second entry point to find.
const WORKER_SOURCE = `
const { parentPort } = require("node:worker_threads");
const { scryptSync } = require("node:crypto");
parentPort.on("message", (m) => {
  try {
    const key = scryptSync(m.password, Buffer.from(m.salt), m.keyLen, { N: m.N, r: m.r, p: m.p, maxmem: 256 * 1024 * 1024 });
    parentPort.postMessage({ id: m.id, key });
  } catch (err) {
    parentPort.postMessage({ id: m.id, error: String(err && err.message || err) });
  }
});
`;

export interface HashTicket {
  run(job: ScryptJob): Promise<Buffer>;
  release(): void;
}

interface Pending {
  job: ScryptJob;
  resolve: (key: Buffer) => void;
  reject: (err: Error) => void;
}

class HashPool {
  private readonly idle: Worker[] = [];
  private readonly busy = new Map<Worker, Pending>();
  private readonly queue: Pending[] = [];
  private nextId = 0;
  /** Recent job durations (ms), to say how long a refused client should wait. */
  private avgMs = 400;

  constructor(
    readonly size: number,
    /** A fixed queue length (tests); otherwise it follows MAX_WAIT_MS and the job time. */
    readonly fixedQueue?: number,
  ) {
    for (let i = 0; i < size; i++) this.idle.push(this.spawn());
  }

  private spawn(): Worker {
    const w = new Worker(WORKER_SOURCE, { eval: true });
    w.unref(); // never keeps a process (or a test run) alive
    w.on("message", (m: { id: number; key?: Uint8Array; error?: string }) => this.done(w, m));
    w.on("error", (err) => this.crashed(w, err));
    return w;
  }

  /** Jobs waiting plus jobs running. */
  get load(): number {
    return this.queue.length + this.busy.size;
  }

  /** Jobs that may wait beyond the running ones, now. */
  get maxQueue(): number {
    if (this.fixedQueue !== undefined) return this.fixedQueue;
    return Math.min(MAX_QUEUE, this.size * Math.max(1, Math.floor(MAX_WAIT_MS / Math.max(1, this.avgMs))));
  }

  /** Seconds a refused client should wait before the queue has room again. */
  retryAfterSeconds(): number {
    return Math.max(1, Math.ceil(((this.load / this.size) * this.avgMs) / 1000));
  }

  /** Admitted requests that have not handed in their job yet. */
  private reserved = 0;

  /**
   * A place in the queue for one request's hash, or 503 busy when there is none: call it
   * before any other work for the request (throttle, lookups). The ticket runs one job;
   * release() gives the place back if the request ends without hashing (idempotent).
   */
  admit(): HashTicket {
    if (this.queue.length + this.reserved >= this.maxQueue + this.idle.length) {
      const wait = this.retryAfterSeconds();
      throw new ApiError(503, "busy", `The server is busy checking passwords. Try again in ${wait} seconds.`, { retryAfter: wait });
    }
    this.reserved++;
    let held = true;
    const release = () => {
      if (held) this.reserved--;
      held = false;
    };
    return {
      run: (job) => {
        release();
        return this.run(job);
      },
      release,
    };
  }

  run(job: ScryptJob): Promise<Buffer> {
    return new Promise((resolve, reject) => {
      this.queue.push({ job, resolve, reject });
      this.pump();
    });
  }

  private started = new Map<Worker, number>();

  private pump(): void {
    while (this.idle.length > 0 && this.queue.length > 0) {
      const w = this.idle.pop() as Worker;
      const p = this.queue.shift() as Pending;
      this.busy.set(w, p);
      this.started.set(w, performance.now());
      w.postMessage({ id: this.nextId++, ...p.job, salt: new Uint8Array(p.job.salt) });
    }
  }

  private done(w: Worker, m: { key?: Uint8Array; error?: string }): void {
    const p = this.busy.get(w);
    this.busy.delete(w);
    const t0 = this.started.get(w);
    if (t0 !== undefined) this.avgMs = this.avgMs * 0.8 + (performance.now() - t0) * 0.2;
    this.idle.push(w);
    if (p) {
      if (m.key) p.resolve(Buffer.from(m.key));
      else p.reject(new Error(m.error ?? "scrypt failed"));
    }
    this.pump();
  }

  private crashed(w: Worker, err: Error): void {
    const p = this.busy.get(w);
    this.busy.delete(w);
    p?.reject(err);
    // Replace the worker so the pool keeps its size.
    const i = this.idle.indexOf(w);
    if (i >= 0) this.idle.splice(i, 1);
    this.idle.push(this.spawn());
    this.pump();
  }
}

export function hashPool(): HashPool {
  return singleton("hash-pool", () => new HashPool(poolSize()));
}

/** Tests: a pool of its own shape, to watch admission and the queue. */
export function hashPoolForTests(size: number, maxQueue?: number): HashPool {
  return new HashPool(size, maxQueue);
}

export type { HashPool };
