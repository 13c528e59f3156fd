import "server-only";
import { createHmac, randomBytes, timingSafeEqual } from "node:crypto";
import type { AuthContext } from "./context";
import type { CookieSpec } from "./cookies";
import { derivedKey } from "./keys";

// "This browser has logged in to this account before" (OWASP Authentication cheat sheet,
// device cookies): set after a successful login, MACed with its own derived key, bound
// to the account's (normalised) username. A browser that holds one is throttled on its
// own bucket, so a stranger's failures can never lock the owner's known devices out.
// It is not a credential: it logs nobody in, it only earns an allowance of attempts.

export const DEVICE_COOKIE: CookieSpec = { name: "authlab_device", path: "/api/auth", httpOnly: true, sameSite: "lax" };
const MAX_AGE_SECONDS = 180 * 86_400;

export interface KnownDevice {
  deviceId: string;
  username: string;
}

function mac(payload: string): string {
  return createHmac("sha256", derivedKey("device-cookie")).update(payload).digest("base64url");
}

export function issueDeviceCookie(username: string, ctx: AuthContext, existing?: KnownDevice | null): void {
  const deviceId = existing?.deviceId ?? randomBytes(16).toString("base64url");
  const payload = Buffer.from(JSON.stringify({ d: deviceId, u: username })).toString("base64url");
  ctx.setCookie(DEVICE_COOKIE, `${payload}.${mac(payload)}`, MAX_AGE_SECONDS);
}

/** The device this browser proved to be, or null (absent, forged, tampered, malformed). */
export function readDeviceCookie(ctx: Pick<AuthContext, "getCookie">): KnownDevice | null {
  const raw = ctx.getCookie(DEVICE_COOKIE.name);
  if (!raw || raw.length > 512) return null;
  const [payload = "", sig = ""] = raw.split(".");
  const expected = Buffer.from(mac(payload));
  const given = Buffer.from(sig);
  if (given.length !== expected.length || !timingSafeEqual(given, expected)) return null;
  try {
    const { d, u } = JSON.parse(Buffer.from(payload, "base64url").toString("utf8")) as { d?: unknown; u?: unknown };
    return typeof d === "string" && typeof u === "string" ? { deviceId: d, username: u } : null;
  } catch {
    return null;
  }
}
