import "server-only";
import { cookies, headers } from "next/headers";
import { ACCESS_COOKIE, SESSION_COOKIE } from "@/lib/auth/cookies";
import { now } from "@/lib/clock";
import { labUser } from "./guard";
import { LAB_BEARER_AUDIENCE, signLabToken, verifyLabToken } from "./lab-jwt";
import { type Jar, loopback } from "./loopback";
import type { LabRequest } from "./types";

// Where to keep a token (XSS). The lab page plays a page of this site with an injected
// script. Two designs are compared: a token in localStorage sent as a Bearer header (the
// lab hands one out, with an audience only /api/lab/xss/bearer accepts), and this app's
// HttpOnly cookie. Whatever the script reads it "sends home": the attacker then replays
// it from their own machine.

export const LOCAL_TOKEN_TTL = 120;

export async function issueLocalToken(): Promise<{ token: string; expiresIn: number }> {
  const { auth, ctx } = await labUser();
  const token = await signLabToken(
    LAB_BEARER_AUDIENCE,
    { sub: auth.user.id, name: auth.user.username, role: auth.user.role },
    LOCAL_TOKEN_TTL,
    ctx.now(),
  );
  return { token, expiresIn: LOCAL_TOKEN_TTL };
}

/** The "API" of the localStorage design: trusts any valid Bearer token. */
export async function bearerMe(): Promise<{ ok: true; user: { username: string } } | { ok: false; reason: string }> {
  const raw = (await headers()).get("authorization") ?? "";
  const token = /^Bearer ([A-Za-z0-9._-]{1,4096})$/.exec(raw)?.[1];
  if (!token) return { ok: false, reason: "no_token" };
  const v = await verifyLabToken(token, LAB_BEARER_AUDIENCE, now());
  if (!v.ok) return { ok: false, reason: v.reason };
  return { ok: true, user: { username: String(v.claims?.name ?? "") } };
}

/**
 * The attacker's server received what the script could read: a token from localStorage
 * and the text of document.cookie. It replays both from its own machine.
 */
export async function replayExfiltrated(loot: { localToken: string | null; documentCookie: string }): Promise<LabRequest[]> {
  // A lab step like the others: for a signed-in reader only, never an anonymous relay.
  await labUser();
  const requests: LabRequest[] = [];
  if (loot.localToken) {
    const r = await loopback("attacker", "/api/lab/xss/bearer", { headers: { authorization: `Bearer ${loot.localToken}` } });
    requests.push(r.request);
  }
  const jar: Jar = {};
  for (const part of loot.documentCookie.split(";")) {
    const eq = part.indexOf("=");
    if (eq > 0) jar[part.slice(0, eq).trim()] = part.slice(eq + 1).trim();
  }
  requests.push((await loopback("attacker", "/api/me", { jar })).request);
  return requests;
}

/**
 * What SameSite and the Origin check stop, as the server receives it. A cross-site
 * fetch from another site's page arrives without the cookie (SameSite=Lax: the browser
 * does not attach it); a cross-site form POST that did carry it is refused by the
 * Origin check before it changes anything.
 */
export async function crossSiteRequests(): Promise<LabRequest[]> {
  const { auth } = await labUser();
  const jar = await cookies();
  const name = auth.mode === "session" ? SESSION_COOKIE.name : ACCESS_COOKIE.name;
  const credential = jar.get(name)?.value;
  const evil = { origin: "https://evil.example", "sec-fetch-site": "cross-site" };
  const withoutCookie = await loopback("attacker", "/api/me", { headers: evil });
  const forged = await loopback("attacker", "/api/auth/logout", {
    method: "POST",
    headers: evil,
    jar: credential ? { [name]: credential } : {},
  });
  return [withoutCookie.request, forged.request];
}
