// A stand-in for `next/headers` in unit tests: one request's cookies and headers, which a
// test sets before calling code that reads them through cookies() / headers().
// Use: vi.mock("next/headers", () => import("@/lib/test/next-headers"));

export const request = { cookies: new Map<string, string>(), headers: new Headers() };

export async function cookies() {
  return {
    get: (name: string) => (request.cookies.has(name) ? { name, value: request.cookies.get(name) } : undefined),
    set: (name: string, value: string, opts: { maxAge?: number } = {}) => {
      if (value === "" || opts.maxAge === 0) request.cookies.delete(name);
      else request.cookies.set(name, value);
    },
  };
}

export async function headers(): Promise<Headers> {
  return request.headers;
}
