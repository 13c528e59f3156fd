import { createPrivateKey } from "node:crypto";
import { describe, expect, it } from "vitest";
// @ts-expect-error plain ESM without types (the launcher npm run demo:cluster runs)
import { clusterSecrets, haproxyConfig } from "./cluster.mjs";

const instances = [
  { name: "a", port: 3001 },
  { name: "b", port: 3003 },
  { name: "c", port: 3005 },
];

describe("the balancer's configuration (lib/cluster/haproxy.cfg.template)", () => {
  const demo: string = haproxyConfig({ host: "127.0.0.1", port: 3000, siteHost: "localhost:3000", instances });

  it("fills every placeholder: loopback bind, three servers in each backend, health checks under the site's Host", () => {
    expect(demo).not.toMatch(/\{\{[A-Z_]+\}\}/);
    expect(demo).toContain("bind 127.0.0.1:3000");
    for (const i of instances) expect(demo).toContain(`server ${i.name} 127.0.0.1:${i.port} check\n`);
    for (const i of instances) expect(demo).toContain(`server ${i.name} 127.0.0.1:${i.port} check cookie ${i.name}`);
    expect(demo.match(/hdr Host localhost:3000/g)).toHaveLength(2);
  });

  it("keeps the labs on one instance by a cookie, and spreads the rest round robin", () => {
    expect(demo).toMatch(/acl lab path_beg \/labs \/api\/lab\/\n\s+use_backend labs if lab\n\s+default_backend app/);
    expect(demo).toMatch(/backend labs\n\s+balance roundrobin\n\s+cookie authlab_lab_instance insert indirect nocache httponly/);
  });

  it("facing browsers, drops every client-sent forwarding header before writing its own", () => {
    for (const h of ["X-Forwarded-For", "X-Forwarded-Host", "X-Forwarded-Proto", "X-Forwarded-Port", "X-Real-IP", "Forwarded"])
      expect(demo).toContain(`http-request del-header ${h}\n`);
    expect(demo).toContain("option forwardfor");
    expect(demo).toContain("http-request set-header X-Forwarded-Proto http");
  });

  it("behind the load engine (one more proxy), keeps the client's X-Forwarded-For only", () => {
    const load: string = haproxyConfig({
      host: "127.0.0.1",
      port: 3000,
      siteHost: "127.0.0.1:3000",
      instances,
      keepClientForwardedFor: true,
    });
    expect(load).not.toContain("del-header X-Forwarded-For");
    expect(load).toContain("del-header X-Forwarded-Host");
  });

  it("resends only what never reached an instance", () => {
    expect(demo).toContain("retry-on conn-failure\n");
    expect(demo).toContain("option redispatch 1");
  });
});

describe("the cluster's secrets", () => {
  it("are fresh each time, long enough for iron-session and HS256", () => {
    const a = clusterSecrets();
    const b = clusterSecrets();
    expect(a.SESSION_PASSWORD).not.toBe(b.SESSION_PASSWORD);
    expect(a.JWT_SECRET).not.toBe(a.SESSION_PASSWORD);
    expect(a.SESSION_PASSWORD.length).toBeGreaterThanOrEqual(32);
    expect(a.JWT_SECRET.length).toBeGreaterThanOrEqual(32);
    expect(clusterSecrets("HS256").JWT_PRIVATE_KEY).toBeUndefined();
  });

  it("with an asymmetric JWT_ALG, one signing key for every instance, in the form JWT_PRIVATE_KEY takes", () => {
    for (const [alg, type] of [
      ["EdDSA", "ed25519"],
      ["ES256", "ec"],
    ] as const) {
      const key = clusterSecrets(alg).JWT_PRIVATE_KEY ?? "";
      const parsed = createPrivateKey({ key: Buffer.from(key, "base64url"), format: "der", type: "pkcs8" });
      expect(parsed.asymmetricKeyType).toBe(type);
    }
  });
});
