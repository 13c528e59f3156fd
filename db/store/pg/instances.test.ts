import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { store } from "@/db/store";
import { syncExposures } from "@/lib/auth/jwt/exposure";
import { jwtMode } from "@/lib/auth/jwt/mode";
import { sessionMode } from "@/lib/auth/session/mode";
import { hashToken } from "@/lib/auth/tokens";
import { createUser, toUserDTO } from "@/lib/auth/users";
import { now } from "@/lib/clock";
import { env, resetEnvForTests } from "@/lib/env";
import { MemoryBrowser } from "@/lib/test/memory-context";
import type { Store } from "../types";
import { createPgStore } from "./index";

// Two AuthLab instances on one PostgreSQL server are two processes, each with its own
// pool: here, two store handles with separate pools on the test's database. What one of
// them does, the other must see on its very next statement (docs/decisions/038, 039).

type Handle = Store & { close(): Promise<void> };
let a: Handle;
let b: Handle;

beforeEach(() => {
  const url = process.env.DATABASE_URL ?? "";
  a = createPgStore(url, { max: 4 });
  b = createPgStore(url, { max: 4 });
});

afterEach(async () => {
  await a.close();
  await b.close();
  delete process.env.JWT_DENYLIST;
  resetEnvForTests();
});

const user = (name: string) => ({
  id: crypto.randomUUID(),
  username: name,
  passwordHash: "scrypt$not-a-real-hash",
  role: "user" as const,
  preferredMode: "jwt" as const,
  concurrentLogins: "many" as const,
  createdAt: 1,
});

const token = (userId: string, familyId: string, id: string, parentId: string | null, at: number) => ({
  id,
  tokenHash: hashToken(`raw-${id}`),
  familyId,
  parentId,
  userId,
  issuedAt: at,
  expiresAt: at + 3_600_000,
  familyExpiresAt: at + 3_600_000,
  usedAt: null,
  revokedAt: null,
  revokedReason: null,
  accessIssuedAt: at,
  userAgent: null,
  ip: null,
});

const familyLock = (familyId: string) => `login:jwt:${familyId}`;

/** The steps of lib/auth/jwt/refresh-tokens.ts rotateRefreshToken, on one instance's store. */
async function rotate(
  s: Store,
  tokenHash: string,
  at: number,
  graceMs: number,
): Promise<"rotated" | "grace" | "reused" | "revoked" | "unknown"> {
  const seen = await s.refreshTokens.findByTokenHash(tokenHash);
  if (!seen) return "unknown";
  return s.transaction(
    async (tx) => {
      const found = await tx.refreshTokens.findByTokenHash(tokenHash);
      if (!found) return "unknown";
      const { row } = found;
      if (row.revokedAt !== null) return "revoked";
      if (row.usedAt !== null) {
        if (at - row.usedAt <= graceMs) return "grace";
        await tx.refreshTokens.revokeFamily(row.familyId, "reuse_detected", at);
        return "reused";
      }
      if (!(await tx.refreshTokens.claim(row.id, at))) return "grace";
      await tx.refreshTokens.insert(token(row.userId, row.familyId, crypto.randomUUID(), row.id, at));
      return "rotated";
    },
    { locks: [familyLock(seen.row.familyId)] },
  );
}

/** The steps of lib/auth/end-login.ts for a JWT login, on one instance's store. */
function endFamily(s: Store, familyId: string, at: number): Promise<number> {
  return s.transaction((tx) => tx.refreshTokens.revokeFamily(familyId, "forced_logout", at), { locks: [familyLock(familyId)] });
}

/** A promise and the function that settles it: to hold a transaction open on purpose. */
function latch(): { wait: Promise<void>; open: () => void } {
  let open = () => {};
  const wait = new Promise<void>((resolve) => (open = resolve));
  return { wait, open };
}

describe("two instances on one PostgreSQL", () => {
  it("rotating the same refresh token at the same instant on both yields exactly one child, every time", async () => {
    const u = user("racer");
    await a.users.insert(u);
    for (let round = 0; round < 25; round++) {
      const family = crypto.randomUUID();
      const parent = token(u.id, family, crypto.randomUUID(), null, 1_000);
      await a.refreshTokens.insert(parent);
      const outcomes = await Promise.all([rotate(a, parent.tokenHash, 2_000, 5_000), rotate(b, parent.tokenHash, 2_000, 5_000)]);
      expect(outcomes.sort()).toEqual(["grace", "rotated"]);
      const rows = await b.refreshTokens.listFamily(family);
      expect(rows).toHaveLength(2);
      expect(rows.filter((r) => r.usedAt === null && r.revokedAt === null)).toHaveLength(1);
    }
  });

  it("a refresh on A racing the login's end on B never leaves a live child in the ended family", async () => {
    const u = user("ender");
    await a.users.insert(u);
    for (let round = 0; round < 25; round++) {
      const family = crypto.randomUUID();
      const parent = token(u.id, family, crypto.randomUUID(), null, 1_000);
      await a.refreshTokens.insert(parent);
      await Promise.all([rotate(a, parent.tokenHash, 2_000, 5_000), endFamily(b, family, 2_000)]);
      const rows = await b.refreshTokens.listFamily(family);
      expect(rows.filter((r) => r.revokedAt === null)).toEqual([]);
    }
  });

  it("named locks: transactions on other names run at once, the same name waits, an unnamed one waits for all", async () => {
    const held = latch();
    const started = latch();
    const order: string[] = [];
    const holder = a.transaction(
      async () => {
        started.open();
        await held.wait;
        order.push("x on A commits");
      },
      { locks: ["x"] },
    );
    await started.wait;
    await b.transaction(async () => order.push("y on B"), { locks: ["y"] });
    const sameName = b.transaction(async () => order.push("x on B"), { locks: ["x"] });
    const unnamed = b.transaction(async () => order.push("unnamed on B"));
    await new Promise((resolve) => setTimeout(resolve, 200));
    expect(order).toEqual(["y on B"]); // both still wait for A
    held.open();
    await Promise.all([holder, sameName, unnamed]);
    expect(order.slice(0, 2)).toEqual(["y on B", "x on A commits"]);
    expect(order.slice(2).sort()).toEqual(["unnamed on B", "x on B"]);
  });

  it("the bare conditional claim has one winner across two pools", async () => {
    const u = user("claimer");
    await a.users.insert(u);
    for (let round = 0; round < 25; round++) {
      const t = token(u.id, crypto.randomUUID(), crypto.randomUUID(), null, 1_000);
      await a.refreshTokens.insert(t);
      const wins = await Promise.all([a.refreshTokens.claim(t.id, 2_000), b.refreshTokens.claim(t.id, 2_000)]);
      expect(wins.sort()).toEqual([false, true]);
    }
  });

  it("a token rotated on A and replayed on B after the grace window is reuse: B ends the whole family", async () => {
    const u = user("replayer");
    await a.users.insert(u);
    const family = crypto.randomUUID();
    const parent = token(u.id, family, crypto.randomUUID(), null, 1_000);
    await a.refreshTokens.insert(parent);
    expect(await rotate(a, parent.tokenHash, 2_000, 5_000)).toBe("rotated");
    expect(await rotate(b, parent.tokenHash, 4_000, 5_000)).toBe("grace"); // within the grace window
    expect(await rotate(b, parent.tokenHash, 7_001, 5_000)).toBe("reused");
    const rows = await a.refreshTokens.listFamily(family);
    expect(rows.every((r) => r.revokedReason === "reuse_detected")).toBe(true);
    expect(await a.refreshTokens.familyLive(family, 7_002)).toBe(false);
  });

  it("a session ended through instance B is refused by instance A (whose caches have seen it) on its very next request", async () => {
    const owner = await createUser("sharer", "sharer-password");
    const browser = new MemoryBrowser();
    await sessionMode.signIn(toUserDTO(owner), browser.context());
    // Instance A (this process's store) authenticates twice: its credential cache now holds the seal.
    expect((await sessionMode.authenticate(browser.context())).ok).toBe(true);
    expect((await sessionMode.authenticate(browser.context())).ok).toBe(true);
    expect(store().dialect).toBe("postgres");
    const [live] = await b.sessions.listLive(owner.id, now());
    expect(live).toBeDefined();
    expect(await b.sessions.revoke(live?.id ?? "", "forced_logout", now())).toBe(true);
    expect(await sessionMode.authenticate(browser.context())).toMatchObject({ ok: false, code: "session_revoked" });
  });

  it("with JWT_DENYLIST=on, a JWT login denylisted through instance B is refused by instance A on its next request", async () => {
    process.env.JWT_DENYLIST = "on";
    resetEnvForTests();
    expect(env().JWT_DENYLIST).toBe("on");
    const owner = await createUser("jwtsharer", "jwtsharer-password");
    const browser = new MemoryBrowser();
    await jwtMode.signIn(toUserDTO(owner), browser.context());
    const first = await jwtMode.authenticate(browser.context());
    expect(first.ok).toBe(true);
    const [head] = await b.refreshTokens.liveHeads(owner.id, now());
    await b.denylist.add({
      key: `fid:${head?.familyId}`,
      userId: owner.id,
      revokedAt: now(),
      expiresAt: now() + 600_000,
      reason: "forced_logout",
    });
    expect(await jwtMode.authenticate(browser.context())).toMatchObject({ ok: false });
  });

  it("a JWT login revoked through instance B: instance A still accepts its access token (the gap) and logs each such request to the shared timeline", async () => {
    const owner = await createUser("gapper", "gapper-password");
    const browser = new MemoryBrowser();
    await jwtMode.signIn(toUserDTO(owner), browser.context());
    expect((await jwtMode.authenticate(browser.context())).ok).toBe(true);
    // Instance B ends the login the way lib/auth/end-login.ts does: family revoked, family denylisted.
    const [head] = await b.refreshTokens.liveHeads(owner.id, now());
    const familyId = head?.familyId ?? "";
    await b.transaction(async (tx) => {
      await tx.refreshTokens.revokeFamily(familyId, "forced_logout", now());
      await tx.denylist.add({
        key: `fid:${familyId}`,
        userId: owner.id,
        revokedAt: now(),
        expiresAt: now() + 300_000,
        reason: "forced_logout",
      });
    });
    await syncExposures(); // what A's once-a-second sync does
    const r = await jwtMode.authenticate(browser.context());
    expect(r.ok).toBe(true); // JWT_DENYLIST=off: a signature cannot know
    await new Promise((resolve) => setTimeout(resolve, 50)); // the log is written off the request path
    const seen = await b.events.listByUserAndTypes(owner.id, ["revoked_token_used"], { limit: 10 });
    expect(seen).toHaveLength(1);
    expect(JSON.parse(seen[0]?.detail ?? "{}")).toMatchObject({ familyId });
  });
});
