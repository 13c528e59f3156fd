import http from "node:http";
import type { AddressInfo } from "node:net";
import { decodeProtectedHeader } from "jose";
import { describe, expect, it } from "vitest";
import { MAX_TOKEN_LENGTH, signAccessToken, verifyAccessToken } from "@/lib/auth/jwt/access-token";
import { cookieSizeReport } from "./cookiesize";
import { INSTANCE_CHALLENGE_HEADER, INSTANCE_PROOF_HEADER, instanceProof, isProofValid, proofFor } from "./instance-proof";
import { LAB_AUDIENCE, LAB_BEARER_AUDIENCE, signLabToken, verifyLabToken } from "./lab-jwt";
import { portTaken, provesItself, startChild } from "./scale";

const user = { id: "00000000-0000-4000-8000-000000000001", username: "pat", role: "user" as const };

describe("one key per purpose (RFC 8725 §3.12)", () => {
  it("a lab token is refused as an access token by its key, even with the access token's audience and typ", async () => {
    const lab = await signLabToken("authlab:api", { sub: user.id, name: "pat", role: "user", fid: "f" }, 300, Date.now());
    const verdict = await verifyAccessToken(lab, Date.now());
    expect(verdict).toMatchObject({ ok: false, code: "token_invalid", detail: { code: "jwt_unknown_kid" } });
  });

  it("the lab key's kid can never name an access-token key; under an access kid its signature does not match", async () => {
    const { token } = await signAccessToken(user, "family", Date.now());
    const accessKid = String(decodeProtectedHeader(token).kid);
    const lab = await signLabToken("authlab:api", { sub: user.id, name: "pat", role: "user", fid: "f" }, 300, Date.now());
    const labKid = String(decodeProtectedHeader(lab).kid);
    expect(accessKid).toMatch(/^[0-9a-f]{8}$/);
    expect(labKid).toMatch(/^lab-[0-9a-f]{8}$/);
    // The same lab signature relabelled with the access kid: verified under the access key, it fails.
    const [, payload, signature] = lab.split(".");
    const header = Buffer.from(JSON.stringify({ alg: "HS256", typ: "at+jwt", kid: accessKid })).toString("base64url");
    const relabelled = `${header}.${payload}.${signature}`;
    expect(await verifyAccessToken(relabelled, Date.now())).toMatchObject({
      ok: false,
      code: "token_invalid",
      detail: { code: "jwt_bad_signature" },
    });
  });

  it("the cookie-size lab's 'accepted by server?' is the length cap, not the key", async () => {
    const { growth } = await cookieSizeReport(user);
    for (const step of growth) expect(step.acceptedByServer).toBe(step.tokenBytes <= MAX_TOKEN_LENGTH);
    expect(growth.some((s) => s.acceptedByServer)).toBe(true);
    expect(growth.some((s) => !s.acceptedByServer)).toBe(true);
  });

  it("an access token is not a lab token either, and lab tokens verify with the lab key", async () => {
    const { token } = await signAccessToken(user, "family", Date.now());
    expect(await verifyLabToken(token, LAB_BEARER_AUDIENCE, Date.now())).toMatchObject({ ok: false, reason: "invalid" });
    const lab = await signLabToken(LAB_AUDIENCE, { sub: user.id }, 300, Date.now());
    expect(await verifyLabToken(lab, LAB_AUDIENCE, Date.now())).toMatchObject({ ok: true });
  });
});

describe("the scale-out lab talks only to processes it started", () => {
  it("a proof is an HMAC of the challenge under the per-start secret", () => {
    expect(instanceProof("c", undefined)).toBeNull();
    expect(isProofValid("secret", "c", proofFor("secret", "c"))).toBe(true);
    expect(isProofValid("secret", "c", proofFor("other", "c"))).toBe(false);
    expect(isProofValid("secret", "c", null)).toBe(false);
  });

  it("a stranger listening on the port (200 to /api/health, no proof) is not taken for our child", async () => {
    const stranger = http.createServer((_req, res) => {
      res.writeHead(200, { "content-type": "application/json" });
      res.end('{"ok":true}');
    });
    await new Promise<void>((resolve) => stranger.listen(0, "127.0.0.1", resolve));
    const { port } = stranger.address() as AddressInfo;
    try {
      expect(await provesItself(port, "the-real-secret")).toBe(false);
    } finally {
      stranger.close();
    }
  });

  it("a port a stranger took first is reported as taken: nothing is spawned there, no secret is handed out", async () => {
    const stranger = http.createServer((_req, res) => {
      res.writeHead(200, { "content-type": "application/json" });
      res.end('{"ok":true}');
    });
    await new Promise<void>((resolve) => stranger.listen(0, "127.0.0.1", resolve));
    const { port } = stranger.address() as AddressInfo;
    try {
      expect(await portTaken(port)).toBe(true);
      const child = startChild(port, {});
      expect(await child.ready).toBe(false);
      expect(child.problem).toBe("port_taken");
      expect(child.proc).toBeUndefined();
    } finally {
      await new Promise((resolve) => stranger.close(resolve));
    }
    expect(await portTaken(port)).toBe(false);
  });

  it("one that echoes a proof for another secret is refused too; the right secret passes", async () => {
    const impostor = (secret: string) =>
      http.createServer((req, res) => {
        const challenge = String(req.headers[INSTANCE_CHALLENGE_HEADER] ?? "");
        res.writeHead(200, { [INSTANCE_PROOF_HEADER]: proofFor(secret, challenge) });
        res.end("{}");
      });
    for (const [secret, expected] of [
      ["guessed", false],
      ["the-real-secret", true],
    ] as const) {
      const server = impostor(secret);
      await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
      try {
        expect(await provesItself((server.address() as AddressInfo).port, "the-real-secret")).toBe(expected);
      } finally {
        server.close();
      }
    }
  });
});
