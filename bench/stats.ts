// Small helpers the benchmark scripts share: timing loops and percentiles.

export interface Timing {
  /** Median of the per-call durations, microseconds: the figure the targets use. */
  medianUs: number;
  p90Us: number;
  p99Us: number;
  meanUs: number;
  n: number;
}

export function summarize(samplesMs: Float64Array | number[]): Timing {
  const a = Float64Array.from(samplesMs).sort();
  const at = (q: number): number => (a[Math.min(a.length - 1, Math.floor(q * a.length))] ?? 0) * 1000;
  let sum = 0;
  for (const v of a) sum += v;
  const round = (v: number): number => Math.round(v * 100) / 100;
  return { medianUs: round(at(0.5)), p90Us: round(at(0.9)), p99Us: round(at(0.99)), meanUs: round((sum / a.length) * 1000), n: a.length };
}

/** Times `fn` n times after `warm` untimed calls. Each call is timed on its own. */
export function timeSync(fn: (i: number) => unknown, n: number, warm = Math.min(2000, n)): Timing {
  for (let i = 0; i < warm; i++) fn(i);
  const samples = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    const t0 = performance.now();
    fn(i);
    samples[i] = performance.now() - t0;
  }
  return summarize(samples);
}

export async function timeAsync(fn: (i: number) => Promise<unknown>, n: number, warm = Math.min(2000, n)): Promise<Timing> {
  for (let i = 0; i < warm; i++) await fn(i);
  const samples = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    const t0 = performance.now();
    await fn(i);
    samples[i] = performance.now() - t0;
  }
  return summarize(samples);
}

export function ratio(a: number | null | undefined, b: number | null | undefined): number | null {
  if (a == null || b == null || b === 0) return null;
  return Math.round((a / b) * 100) / 100;
}
