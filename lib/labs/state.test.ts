import { beforeEach, describe, expect, it, vi } from "vitest";
import { POST as attack } from "@/app/api/lab/replay/attack/route";
import { POST as steal } from "@/app/api/lab/replay/steal/route";
import { sessionMode } from "@/lib/auth/session/mode";
import { createUser, toUserDTO } from "@/lib/auth/users";
import { resetSingletonForTests } from "@/lib/singleton";
import { MemoryBrowser } from "@/lib/test/memory-context";
import { request } from "@/lib/test/next-headers";
import { findLabState, LAB_COOKIE, labState, labStateCounts } from "./state";

// Lab state (OWASP: bound what a client can make the server store): only a signed-in
// reader creates it, at most three per reader, evicting only their own oldest; a state
// belongs to the reader who created it, and another reader presenting its id finds nothing.

vi.mock("next/headers", () => import("@/lib/test/next-headers"));

function incoming(cookies: Record<string, string>): void {
  request.cookies = new Map(Object.entries(cookies));
  const line = Object.entries(cookies)
    .map(([k, v]) => `${k}=${v}`)
    .join("; ");
  request.headers = new Headers({ "user-agent": "vitest", ...(line ? { cookie: line } : {}) });
}

const labId = () => request.cookies.get(LAB_COOKIE);
const post = (path: string) => new Request(`http://localhost:3000${path}`, { method: "POST" });

async function signedIn(name: string): Promise<{ id: string; jar: Record<string, string> }> {
  const user = await createUser(name, `${name}-password`);
  const browser = new MemoryBrowser();
  await sessionMode.signIn(toUserDTO(user), browser.context());
  return { id: user.id, jar: Object.fromEntries(browser.jar) };
}

beforeEach(() => {
  resetSingletonForTests("lab-states");
  incoming({});
});

describe("lab state is bounded per reader and tied to its owner", () => {
  it("a reader keeps at most three states; their own oldest goes, never another reader's", async () => {
    incoming({});
    await labState("bob");
    const bobsId = labId();
    for (let i = 0; i < 10; i++) {
      incoming({}); // a browser that dropped its cookie asks again: a new state each time
      await labState("alice");
    }
    expect(labStateCounts("alice")).toEqual({ all: 4, mine: 3 });
    expect(labStateCounts("bob").mine).toBe(1);
    incoming({ [LAB_COOKIE]: bobsId ?? "" });
    expect(await findLabState("bob")).not.toBeNull();
  });

  it("another reader's state id is not found: they get a state of their own", async () => {
    const alices = await labState("alice");
    alices.userId = "alice";
    const id = labId() ?? "";
    incoming({ [LAB_COOKIE]: id });
    expect(await findLabState("bob")).toBeNull();
    expect(await findLabState("alice")).toBe(alices);
    expect(await findLabState(null)).toBe(alices); // signed out: the browser's own cookie still finds it
    const bobs = await labState("bob");
    expect(bobs).not.toBe(alices);
    expect(labId()).not.toBe(id);
    expect(alices.userId).toBe("alice");
  });
});

describe("over the lab routes", () => {
  it("an anonymous call creates no state and sets no lab cookie", async () => {
    incoming({});
    const res = await steal(post("/api/lab/replay/steal"), undefined);
    expect(res.status).toBe(401);
    expect(res.headers.getSetCookie().join("\n")).not.toContain(LAB_COOKIE);
    const replay = await attack(post("/api/lab/replay/attack"), undefined);
    expect(replay.status).toBe(409);
    expect(labStateCounts("anyone")).toEqual({ all: 0, mine: 0 });
    expect(labId()).toBeUndefined();
  });

  it("a reader's stolen jar is not replayed for another signed-in reader who presents its id", async () => {
    const alice = await signedIn("alice");
    incoming(alice.jar);
    expect((await steal(post("/api/lab/replay/steal"), undefined)).status).toBe(200);
    const id = labId() ?? "";
    expect(id).not.toBe("");
    expect(labStateCounts(alice.id).mine).toBe(1);

    const bob = await signedIn("bob");
    incoming({ ...bob.jar, [LAB_COOKIE]: id });
    const res = await attack(post("/api/lab/replay/attack"), undefined);
    expect(res.status).toBe(409);
    expect(await res.json()).toMatchObject({ error: { code: "nothing_stolen" } });
  });
});
