// No "server-only" marker: the benchmark (plain Node) reads LOOP_STATS_LINE from here.
import { monitorEventLoopDelay } from "node:perf_hooks";
import { singleton } from "./singleton";

// For the benchmark (AUTHLAB_LOOP_STATS=1): once a second, the longest the event loop was
// held in that second, as a log line the bench reads back (docs/performance.md). Off by
// default: a histogram sample every 10 ms is cheap, but not free.

export const LOOP_STATS_LINE = /\[authlab\] event loop: longest stall ([\d.]+) ms/;

export function startLoopStats(): void {
  singleton("loop-stats", () => {
    const h = monitorEventLoopDelay({ resolution: 10 });
    h.enable();
    setInterval(() => {
      if (h.count > 0) console.log(`[authlab] event loop: longest stall ${(h.max / 1e6).toFixed(1)} ms`);
      h.reset();
    }, 1000).unref();
    return h;
  });
}
