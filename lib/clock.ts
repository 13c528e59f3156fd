// One clock for every expiry decision, so tests (and, later, the demo's time travel)
// can move time without touching Date.now() in twenty places.
let offsetMs = 0;

export function now(): number {
  return Date.now() + offsetMs;
}

export function nowSeconds(): number {
  return Math.floor(now() / 1000);
}

export function advanceClockForTests(ms: number): void {
  offsetMs += ms;
}

export function resetClockForTests(): void {
  offsetMs = 0;
}
