import "server-only";
import path from "node:path";
import { Worker } from "node:worker_threads";
import { singleton } from "@/lib/singleton";

// WAL checkpoints off the request path (docs/decisions/036-wal-checkpoints.md).
//
// SQLite's automatic checkpoint runs inside whichever commit crosses 1000 pages, on the
// thread that commits: here, the event loop, in the middle of a login. On the large
// benchmark database one took 2.4 s. So the app's connection has wal_autocheckpoint off
// (db/client.ts), and a worker thread with its own connection runs PASSIVE checkpoints
// on a timer and after each purge pass. PASSIVE never takes the write lock: it copies
// what no reader still needs and never makes a request wait. journal_size_limit bounds
// the WAL file: once a checkpoint has caught up, the next writer restarts the log and
// truncates it to that size.

const WORKER_SOURCE = `
const { parentPort, workerData } = require("node:worker_threads");
let Database;
try { Database = require(workerData.driver); } catch { Database = require("better-sqlite3"); }
const db = new Database(workerData.file, { fileMustExist: true });
db.pragma("busy_timeout = 1000");
const checkpoint = () => {
  try {
    const t0 = performance.now();
    const [r] = db.pragma("wal_checkpoint(PASSIVE)");
    parentPort.postMessage({ ok: true, ms: performance.now() - t0, log: r ? r.log : 0, checkpointed: r ? r.checkpointed : 0 });
  } catch (err) {
    parentPort.postMessage({ ok: false, error: String(err && err.message || err) });
  }
};
const timer = setInterval(checkpoint, workerData.intervalMs);
parentPort.on("message", (m) => {
  if (m === "now") checkpoint();
  if (m === "stop") { clearInterval(timer); db.close(); process.exit(0); }
});
`;

export interface CheckpointReport {
  ok: boolean;
  ms?: number;
  log?: number; // frames in the WAL
  checkpointed?: number; // frames copied into the database so far
  error?: string;
}

const state = () =>
  singleton("checkpointer", () => ({ worker: null as Worker | null, last: null as CheckpointReport | null, failing: false }));

/** Starts the background checkpointer for `file` (once per process). */
export function startCheckpointer(file: string, intervalMs = 2_000): void {
  const s = state();
  if (s.worker || file === ":memory:") return;
  const driver = path.join(process.cwd(), "node_modules", "better-sqlite3");
  const w = new Worker(WORKER_SOURCE, { eval: true, workerData: { file, intervalMs, driver } });
  w.unref();
  w.on("message", (r: CheckpointReport) => {
    s.last = r;
    // One line when checkpoints start failing (a full or read-only disk), one when they recover.
    if (!r.ok && !s.failing) console.warn(`[authlab] WAL checkpoint failed, will retry every ${intervalMs} ms: ${r.error}`);
    if (r.ok && s.failing) console.log("[authlab] WAL checkpoints work again");
    s.failing = !r.ok;
  });
  w.on("error", (err) => {
    console.warn(`[authlab] WAL checkpointer stopped: ${err.message}`);
    s.worker = null;
  });
  s.worker = w;
}

/** A checkpoint now (after a purge pass wrote many pages). */
export function checkpointSoon(): void {
  state().worker?.postMessage("now");
}

export function lastCheckpoint(): CheckpointReport | null {
  return state().last;
}

/** Tests: stop the worker and forget it. */
export async function stopCheckpointerForTests(): Promise<void> {
  const s = state();
  await s.worker?.terminate();
  s.worker = null;
  s.last = null;
  s.failing = false;
}
