// Per-process state that must survive module reloads and be shared by every route
// bundle (Next may load a module once per bundle): one value per name on globalThis.
// One helper instead of a hand-written `globalThis as unknown as {…}` in each module.

const store = globalThis as unknown as { __authlabSingletons?: Map<string, unknown> };

export function singleton<T>(name: string, create: () => T): T {
  store.__authlabSingletons ??= new Map();
  if (!store.__authlabSingletons.has(name)) store.__authlabSingletons.set(name, create());
  return store.__authlabSingletons.get(name) as T;
}

/** Tests: forget one value, so the next call creates it afresh. */
export function resetSingletonForTests(name: string): void {
  store.__authlabSingletons?.delete(name);
}
