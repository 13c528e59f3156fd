// The cluster (docs/decisions/040): one PostgreSQL, three AuthLab instances and HAProxy in
// front, all on loopback. `npm run demo:cluster` (lib/cluster/demo.mjs) and the cluster
// load test (e2e/load/cluster.spec.ts) both start it through startCluster().
//
// Ports, from `port` (the balancer): instances on port+1, +3, +5 (odd steps, so each
// instance's scale-out lab children on its own PORT+50/+51 never meet another's), and
// PostgreSQL on a free port unless `pgPort` is given.
//
// The secrets are generated here, once, and handed to every instance in its environment:
// a session sealed or a token signed by one instance must open on the others, so no
// instance may make its own (lib/secrets.ts would write a secrets.json per data folder).
import { execFileSync, spawn } from "node:child_process";
import { generateKeyPairSync, randomBytes } from "node:crypto";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { startThrowawayPostgres } from "../../db/pg/throwaway.mjs";

const HERE = path.dirname(new URL(import.meta.url).pathname);
const FORWARDED = ["X-Forwarded-For", "X-Forwarded-Host", "X-Forwarded-Proto", "X-Forwarded-Port", "X-Real-IP", "Forwarded"];
export const INSTANCE_NAMES = ["a", "b", "c"];

/** haproxy's path; installs Debian's package when missing and we are root (as e2e/ensure-browser.mjs does for Chromium). */
export function ensureHaproxy() {
  const known = ["/usr/sbin/haproxy", "/usr/bin/haproxy"].find((p) => fs.existsSync(p));
  if (known) return known;
  if (process.getuid?.() !== 0) throw new Error("HAProxy is not installed. Install it: sudo apt-get install -y haproxy");
  console.log("[cluster] installing Debian's haproxy…");
  execFileSync("sh", ["-c", "apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq haproxy >/dev/null"], {
    stdio: "inherit",
  });
  const after = ["/usr/sbin/haproxy", "/usr/bin/haproxy"].find((p) => fs.existsSync(p));
  if (!after) throw new Error("apt-get install haproxy did not provide haproxy");
  return after;
}

/**
 * The balancer's configuration, from lib/cluster/haproxy.cfg.template.
 * `keepClientForwardedFor`: the load test stands in for a proxy in front of the balancer
 * (one address per simulated client); the demo faces browsers, so it drops what they send.
 */
export function haproxyConfig({ host, port, siteHost, instances, keepClientForwardedFor = false }) {
  const template = fs.readFileSync(path.join(HERE, "haproxy.cfg.template"), "utf8");
  const rules = [
    ...(keepClientForwardedFor ? FORWARDED.filter((h) => h !== "X-Forwarded-For") : FORWARDED).map((h) => `http-request del-header ${h}`),
    // What the instances believe with TRUST_PROXY: the client's address (appended), the
    // scheme and the host the browser asked for.
    "option forwardfor",
    "http-request set-header X-Forwarded-Proto http",
    "http-request set-header X-Forwarded-Host %[req.hdr(host)]",
  ].join("\n  ");
  const servers = (withCookie) =>
    instances.map((i) => `  server ${i.name} 127.0.0.1:${i.port} check${withCookie ? ` cookie ${i.name}` : ""}`).join("\n");
  return template
    .replaceAll("{{HOST}}", host)
    .replaceAll("{{PORT}}", String(port))
    .replaceAll("{{SITE_HOST}}", siteHost)
    .replace("{{FORWARDED_RULES}}", rules)
    .replace("{{SERVERS}}", servers(false))
    .replace("{{LAB_SERVERS}}", servers(true));
}

/**
 * Fresh secrets for the whole cluster, never written anywhere. With an asymmetric JWT_ALG
 * the signing key is one of them: left to itself, each instance would make its own key in
 * its own data folder, and a token signed by one would be refused by the other two.
 */
export function clusterSecrets(alg = process.env.JWT_ALG) {
  const secrets = { SESSION_PASSWORD: randomBytes(48).toString("base64url"), JWT_SECRET: randomBytes(48).toString("base64url") };
  if (alg === "EdDSA" || alg === "ES256") {
    const { privateKey } = alg === "EdDSA" ? generateKeyPairSync("ed25519") : generateKeyPairSync("ec", { namedCurve: "P-256" });
    secrets.JWT_PRIVATE_KEY = privateKey.export({ format: "der", type: "pkcs8" }).toString("base64url");
  }
  return secrets;
}

function prefixLines(stream, prefix, sink) {
  let rest = "";
  stream.setEncoding("utf8");
  stream.on("data", (d) => {
    const lines = (rest + d).split("\n");
    rest = lines.pop() ?? "";
    for (const line of lines) sink(`${prefix} ${line}`);
  });
}

async function waitFor(check, what, timeoutMs, proc) {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (proc && (proc.exitCode !== null || proc.signalCode !== null)) throw new Error(`${what} exited before it was ready`);
    try {
      if (await check()) return;
    } catch {
      // not listening yet
    }
    await new Promise((r) => setTimeout(r, 200));
  }
  throw new Error(`${what} not ready after ${timeoutMs} ms`);
}

function stopProcess(proc, graceMs = 5000) {
  if (!proc || proc.exitCode !== null || proc.signalCode !== null) return Promise.resolve();
  return new Promise((resolve) => {
    const timer = setTimeout(() => proc.kill("SIGKILL"), graceMs);
    proc.once("exit", () => {
      clearTimeout(timer);
      resolve();
    });
    proc.kill("SIGTERM");
  });
}

/**
 * Starts PostgreSQL (unless `databaseUrl` is given), three instances and the balancer.
 * Returns { url, instances: [{ name, id, port, proc, kill9() }], databaseUrl, stop() }.
 * `databaseUrl` stays inside this process and the instances' environment: never printed.
 */
export async function startCluster(opts = {}) {
  const host = "127.0.0.1";
  const port = Number(opts.port ?? 3000);
  const log = opts.log ?? ((line) => console.log(line));
  // The name browsers use; the load test uses 127.0.0.1 (node:http may try ::1 for localhost).
  const siteHost = `${opts.siteName ?? "localhost"}:${port}`;
  const origin = `http://${siteHost}`;
  const haproxyBin = ensureHaproxy();
  const work = fs.mkdtempSync(path.join(os.tmpdir(), `authlab-cluster-${port}-`));
  const procs = [];
  let pg = null;
  const stop = async () => {
    await Promise.all(procs.map((p) => stopProcess(p)));
    await pg?.stop();
    fs.rmSync(work, { recursive: true, force: true });
  };
  try {
    let databaseUrl = opts.databaseUrl;
    if (!databaseUrl) {
      pg = await startThrowawayPostgres({ port: opts.pgPort });
      databaseUrl = pg.url;
      log(`[cluster] PostgreSQL on 127.0.0.1:${pg.port} (throwaway: deleted when the cluster stops)`);
    }
    const secrets = opts.secrets ?? clusterSecrets(opts.env?.JWT_ALG ?? process.env.JWT_ALG);
    const instances = INSTANCE_NAMES.map((name, i) => ({ name, id: `${opts.idPrefix ?? "authlab"}-${name}`, port: port + 1 + 2 * i }));
    const startInstance = (inst) => {
      const dataDir = path.join(work, inst.name);
      fs.mkdirSync(dataDir, { recursive: true });
      const env = {
        ...process.env,
        NODE_ENV: "production",
        PORT: String(inst.port),
        DATABASE_URL: databaseUrl,
        // Unused with DATABASE_URL for the tables; keeps anything file-based out of data/.
        DATABASE_PATH: path.join(dataDir, "authlab.db"),
        ...secrets,
        TRUST_PROXY: String(opts.trustProxy ?? 1),
        APP_ORIGIN: origin,
        AUTHLAB_INSTANCE: inst.id,
        ...opts.env,
      };
      for (const [k, v] of Object.entries(env)) if (v === undefined) delete env[k];
      const proc = spawn(process.execPath, ["lib/serve.mjs", "-p", String(inst.port), "-H", host], {
        env,
        stdio: ["ignore", "pipe", "pipe"],
      });
      procs.push(proc);
      prefixLines(proc.stdout, `[${inst.name}]`, log);
      prefixLines(proc.stderr, `[${inst.name}]`, log);
      inst.proc = proc;
      inst.kill9 = () =>
        new Promise((resolve) => {
          if (proc.exitCode !== null || proc.signalCode !== null) return resolve();
          proc.once("exit", () => resolve());
          proc.kill("SIGKILL");
        });
      return waitFor(
        async () => {
          const res = await fetch(`http://${host}:${inst.port}/api/health`, { signal: AbortSignal.timeout(2000) });
          return res.status === 200 && res.headers.get("x-authlab-instance") === inst.id;
        },
        `instance ${inst.name} on :${inst.port}`,
        90_000,
        proc,
      );
    };
    // The first instance applies the migrations alone; the others start once it is up.
    await startInstance(instances[0]);
    await Promise.all(instances.slice(1).map(startInstance));

    const cfg = path.join(work, "haproxy.cfg");
    fs.writeFileSync(cfg, haproxyConfig({ host, port, siteHost, instances, keepClientForwardedFor: opts.keepClientForwardedFor }));
    const balancer = spawn(haproxyBin, ["-db", "-f", cfg], { stdio: ["ignore", "pipe", "pipe"] });
    procs.push(balancer);
    prefixLines(balancer.stdout, "[haproxy]", log);
    prefixLines(balancer.stderr, "[haproxy]", log);
    // Ready when every instance has answered through it (its health checks passed).
    const seen = new Set();
    await waitFor(
      async () => {
        const res = await fetch(`http://${host}:${port}/api/health`, { headers: { host: siteHost }, signal: AbortSignal.timeout(2000) });
        if (res.status === 200) seen.add(res.headers.get("x-authlab-instance"));
        return seen.size === instances.length;
      },
      `the balancer on :${port}`,
      30_000,
      balancer,
    );
    return { url: origin, port, instances, balancer, databaseUrl, secrets, stop };
  } catch (err) {
    await stop();
    throw err;
  }
}
