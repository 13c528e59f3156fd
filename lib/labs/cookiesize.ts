import "server-only";
import { sealData } from "iron-session";
import { ACCESS_COOKIE, COOKIE_SIZE_LIMIT, REFRESH_COOKIE, SESSION_COOKIE } from "@/lib/auth/cookies";
import { MAX_TOKEN_LENGTH, signAccessToken } from "@/lib/auth/jwt/access-token";
import { sessionPasswords } from "@/lib/auth/keys";
import { generateToken, newId } from "@/lib/auth/tokens";
import type { UserDTO } from "@/lib/auth/types";
import { now } from "@/lib/clock";
import { env } from "@/lib/env";
import { LAB_AUDIENCE, signLabToken } from "./lab-jwt";
import type { CookieSizeReport } from "./types";

// Cookie size: what each mode's cookies weigh against the 4096-byte limit a browser
// enforces per cookie (name, value and attributes), and how a JWT grows with its claims.
// A session cookie stays the same size whatever the server knows about the user.

export const BIG_COOKIE = "authlab_lab_big";
export const BIG_COOKIE_PATH = "/api/lab/cookie-size";
export const GROWTH_STEPS = [0, 20, 60, 100, 140] as const;

/** The Set-Cookie line as this app writes it: what counts toward the browser's limit. */
export function setCookieLine(name: string, value: string, path: string, maxAge: number): string {
  return `${name}=${value}; Path=${path}; Max-Age=${maxAge}; HttpOnly; SameSite=Lax`;
}

function permissions(n: number): string[] {
  return Array.from({ length: n }, (_, i) => `project-${String(i + 1).padStart(3, "0")}:write`);
}

export async function cookieSizeReport(user: UserDTO | null): Promise<CookieSizeReport> {
  const e = env();
  const at = now();
  const who: UserDTO = user ?? { id: newId(), username: "guest", role: "user" };
  const seal = await sealData(
    { t: generateToken(), a: at + e.SESSION_ABSOLUTE_TTL * 1000 },
    { password: sessionPasswords(), ttl: e.SESSION_ABSOLUTE_TTL },
  );
  const { token: access } = await signAccessToken(who, newId(), at);
  const refresh = generateToken();
  const entry = (name: string, value: string, path: string, maxAge: number) => ({
    name,
    size: Buffer.byteLength(`${name}=${value}`),
    line: Buffer.byteLength(setCookieLine(name, value, path, maxAge)),
  });
  const growth = await Promise.all(
    GROWTH_STEPS.map(async (n) => {
      const token = await signLabToken(LAB_AUDIENCE, { sub: who.id, name: who.username, role: who.role, perms: permissions(n) }, 300, at);
      const line = Buffer.byteLength(setCookieLine(ACCESS_COOKIE.name, token, "/", e.REFRESH_TOKEN_TTL));
      // Would this server take an access token this long? It refuses any over its own cap
      // before looking at the signature (these are lab tokens: no key would accept them anyway).
      return {
        permissions: n,
        tokenBytes: Buffer.byteLength(token),
        cookieLine: line,
        fits: line <= COOKIE_SIZE_LIMIT,
        acceptedByServer: token.length <= MAX_TOKEN_LENGTH,
      };
    }),
  );
  return {
    limit: COOKIE_SIZE_LIMIT,
    modes: [
      { mode: "session", cookies: [entry(SESSION_COOKIE.name, seal, SESSION_COOKIE.path, e.SESSION_ABSOLUTE_TTL)] },
      {
        mode: "jwt",
        cookies: [
          entry(ACCESS_COOKIE.name, access, ACCESS_COOKIE.path, e.REFRESH_TOKEN_TTL),
          entry(REFRESH_COOKIE.name, refresh, REFRESH_COOKIE.path, e.REFRESH_TOKEN_TTL),
        ],
      },
    ],
    growth,
  };
}

/** A JWT with `n` permission claims, to send to the browser as a real cookie. */
export async function bigToken(user: UserDTO | null, n: number): Promise<string> {
  const who = user ?? { id: newId(), username: "guest", role: "user" as const };
  return signLabToken(LAB_AUDIENCE, { sub: who.id, name: who.username, role: who.role, perms: permissions(n) }, 300, now());
}
