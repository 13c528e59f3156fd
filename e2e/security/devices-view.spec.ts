import { expect, test } from "@playwright/test";
import { call, expectRefused, logIn, newClient, signUp } from "./support";

// GET /api/auth/inspect?with=devices — the dashboard's one poll (logins, revocation gaps,
// events) — and the X-AuthLab-Trace header that only a client asking for it gets.

test("a stranger gets 401 with the trace of the check and no devices view", async () => {
  const r = await call("/api/auth/inspect?with=devices", { client: newClient("devices-anon") });
  expectRefused(r, 401, "no_credentials");
  const body = r.body as Record<string, unknown>;
  expect(body.devices).toBeUndefined();
  expect(body.trace).toMatchObject({ failure: "no_credentials" });
});

test("an ended JWT login's access token still reads (the gap), sees only its own account, and its own gap is marked current", async () => {
  const client = newClient("devices-gap");
  const victim = await signUp(client);
  const other = await signUp(newClient("devices-other"));
  await logIn(other, "session", newClient("devices-other"));
  const cookies = await logIn(victim, "jwt", client);
  // The owner logs out; a copy of the access cookie alone is what remains.
  expect((await call("/api/auth/logout", { method: "POST", client, cookies })).status).toBe(200);
  const copy = { authlab_access: cookies.authlab_access as string };

  const r = await call("/api/auth/inspect?with=devices", { client, cookies: copy });
  expect(r.status, r.text).toBe(200);
  const devices = (r.body as { devices: { sessions: unknown[]; exposures: Array<{ current: boolean }>; events: Array<{ type: string }> } })
    .devices;
  expect(devices.sessions).toEqual([]); // the login is over: nothing live to list
  expect(devices.exposures).toEqual([expect.objectContaining({ current: true, closedByDenylist: false })]);
  expect(devices.events.map((e) => e.type)).toContain("logout");
  expect(r.text).not.toContain(other.username);
  expect(r.text).not.toContain(other.id);
  // Reading is not minting: the same copy may not change anything.
  expectRefused(await call("/api/auth/sessions/revoke-others", { method: "POST", client, cookies: copy }), 401, "login_ended");
});

test("X-AuthLab-Trace only when asked; asked, it holds cookie names and sizes, never a value", async () => {
  const client = newClient("trace-ask");
  const cookies = await logIn(await signUp(client), "session", client);
  const plain = await call("/api/me", { client, cookies });
  expect(plain.status).toBe(200);
  expect(plain.headers.get("x-authlab-trace")).toBeNull();
  const asked = await call("/api/me", { client, cookies, headers: { "x-authlab-want-trace": "1" } });
  const header = asked.headers.get("x-authlab-trace");
  expect(header).not.toBeNull();
  const decoded = Buffer.from(header ?? "", "base64url").toString("utf8");
  expect(JSON.parse(decoded)).toMatchObject({ mode: "session", cookies: [{ name: "authlab_session" }] });
  expect(decoded).not.toContain(cookies.authlab_session as string);
});
