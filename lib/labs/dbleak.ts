import "server-only";
import { store } from "@/db/store";
import { REFRESH_COOKIE, SESSION_COOKIE } from "@/lib/auth/cookies";
import { labUser } from "./guard";
import { endLabLogin, issueLabLogin } from "./lab-login";
import { applySetCookies, loopback } from "./loopback";
import type { DbLeakReport, LabRequest } from "./types";

// Database leak: someone copies the database file. For a fresh session login and a fresh
// JWT login of the reader, they get the rows as stored (token hashes) and try them as
// cookies: nothing opens. Then the same theft against a design that keeps tokens in
// clear: the raw refresh token works at once.

export async function runDbLeak(): Promise<DbLeakReport> {
  const { auth } = await labUser();
  const session = await issueLabLogin(auth.user, "session");
  const jwt = await issueLabLogin(auth.user, "jwt");
  try {
    // What a copy of the database file holds for these two logins: exactly the stored rows.
    const db = store();
    const sessionRow = await db.sessions.byId(session.login.id);
    const refreshRow = (await db.refreshTokens.listFamily(jwt.login.id))[0];
    if (!sessionRow || !refreshRow) throw new Error("lab rows missing");
    const passwordHash = await db.users.passwordHash(auth.user.id);
    const requests: LabRequest[] = [];

    // 1. The session row's hash as if it were the cookie.
    requests.push((await loopback("thief", "/api/me", { jar: { [SESSION_COOKIE.name]: sessionRow.tokenHash } })).request);
    // 2. The refresh row's hash as if it were the refresh token.
    requests.push(
      (await loopback("thief", "/api/auth/refresh", { method: "POST", jar: { [REFRESH_COOKIE.name]: refreshRow.tokenHash } })).request,
    );
    // 3. A design that stored the refresh token itself: the thief has the real thing.
    const raw = jwt.jar[REFRESH_COOKIE.name] ?? "";
    const used = await loopback("thief", "/api/auth/refresh", { method: "POST", jar: { [REFRESH_COOKIE.name]: raw } });
    requests.push(used.request);
    const thiefJar = applySetCookies({}, used.setCookies);
    requests.push((await loopback("thief", "/api/me", { jar: thiefJar })).request);

    return {
      requests,
      rows: {
        sessions: [{ id: sessionRow.id, tokenHash: sessionRow.tokenHash }],
        refreshTokens: [{ id: refreshRow.id, tokenHash: refreshRow.tokenHash }],
        // The algorithm and its cost only: the salt and key stay on the server.
        passwordHashPrefix: passwordHash ? passwordHash.split("$").slice(0, 4).join("$") : null,
      },
      naive: { table: "refresh_tokens_plain", column: "token", tokenPreview: `${raw.slice(0, 6)}…` },
    };
  } finally {
    await endLabLogin(session);
    await endLabLogin(jwt);
  }
}
