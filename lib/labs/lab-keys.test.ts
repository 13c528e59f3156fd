import http from "node:http";
import type { AddressInfo } from "node:net";
import { describe, expect, it } from "vitest";
import { signAccessToken, verifyAccessToken } from "@/lib/auth/jwt";
import { INSTANCE_CHALLENGE_HEADER, INSTANCE_PROOF_HEADER, instanceProof, isProofValid, proofFor } from "./instance-proof";
import { LAB_AUDIENCE, LAB_BEARER_AUDIENCE, signLabToken, verifyLabToken } from "./lab-jwt";
import { provesItself } from "./scale";

const user = { id: "00000000-0000-4000-8000-000000000001", username: "pat", role: "user" as const };

describe("one key per purpose (RFC 8725 §3.12)", () => {
  it("a lab token is refused as an access token by its key, even with the access token's audience and typ", async () => {
    const lab = await signLabToken("authlab:api", { sub: user.id, name: "pat", role: "user", fid: "f" }, 300, Date.now());
    const verdict = await verifyAccessToken(lab, Date.now());
    expect(verdict).toMatchObject({ ok: false, code: "token_invalid", reason: "unknown key id (kid)" });
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
