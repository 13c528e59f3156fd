import type { AuthContext } from "@/lib/auth/context";
import type { CookieSpec } from "@/lib/auth/cookies";
import { now } from "@/lib/clock";
import { REAL_CLOCK } from "@/lib/demo-clock";

export interface SetCookieRecord {
  name: string;
  value: string;
  path: string;
  httpOnly: boolean;
  sameSite: string;
  secure: boolean;
  maxAge: number;
}

/** A browser's cookie jar for unit tests: what a mode sets is sent on the next request. */
export class MemoryBrowser {
  readonly jar = new Map<string, string>();
  readonly log: SetCookieRecord[] = [];

  constructor(
    readonly meta: { userAgent: string | null; ip: string | null; secure: boolean } = {
      userAgent: "vitest",
      ip: "127.0.0.1",
      secure: false,
    },
  ) {}

  context(): AuthContext {
    return {
      ...this.meta,
      now,
      clock: REAL_CLOCK,
      getCookie: (name) => this.jar.get(name),
      setCookie: (spec: CookieSpec, value: string, maxAge: number) => {
        this.log.push({
          name: spec.name,
          value,
          path: spec.path,
          httpOnly: spec.httpOnly,
          sameSite: spec.sameSite,
          secure: this.meta.secure,
          maxAge,
        });
        if (maxAge > 0) this.jar.set(spec.name, value);
        else this.jar.delete(spec.name);
      },
      clearCookie: (spec: CookieSpec) => {
        this.log.push({
          name: spec.name,
          value: "",
          path: spec.path,
          httpOnly: spec.httpOnly,
          sameSite: spec.sameSite,
          secure: this.meta.secure,
          maxAge: 0,
        });
        this.jar.delete(spec.name);
      },
    };
  }

  /** A copy of this browser's cookies: an attacker's jar, or a second tab. */
  clone(): MemoryBrowser {
    const b = new MemoryBrowser(this.meta);
    for (const [k, v] of this.jar) b.jar.set(k, v);
    return b;
  }
}
