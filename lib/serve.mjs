// `npm start`: serves the production build as `next start` does, plus the one thing
// `next start` cannot do. Next fills X-Forwarded-For/-Proto/-Host from the socket only
// when they are absent (node_modules/next/dist/server/base-server.js: `??=`), so a client
// that sends them picks its own address, scheme and host. Here, before Next sees a
// request:
//  - TRUST_PROXY off (default): those headers are deleted, so Next fills them from the
//    socket and the Host header: the client address is the socket address, the scheme is
//    http, the host is Host.
//  - TRUST_PROXY=N: they are kept (the proxy in front wrote them), and the app takes the
//    client from the last N hops (lib/client-address.ts).
//  - Always: `x-authlab-peer` carries the socket address, tagged with a per-process
//    secret so the app never believes a client-sent copy (docs/decisions/032).
//  - Always: every answer carries `X-AuthLab-Instance`, this process's name (AUTHLAB_INSTANCE,
//    default `<port>-<pid>`), so behind a load balancer the dashboard, the inspector and the
//    cluster load test can tell which instance answered (docs/decisions/040).
// Usage: node lib/serve.mjs [-p PORT] [-H HOSTNAME]   (PORT also from the env)
import { randomBytes } from "node:crypto";
import http from "node:http";
import next from "next";

const FORWARDED = ["x-forwarded-for", "x-forwarded-host", "x-forwarded-proto", "x-forwarded-port", "x-real-ip", "forwarded"];

function arg(flag) {
  const i = process.argv.indexOf(flag);
  return i > 0 ? process.argv[i + 1] : undefined;
}

function trustHops(raw) {
  if (raw === undefined || raw === "" || raw === "off" || raw === "0") return 0;
  if (/^(10|[1-9])$/.test(raw)) return Number(raw);
  console.error(`AuthLab cannot start: TRUST_PROXY must be off or a number of proxy hops from 1 to 10 (got ${JSON.stringify(raw)})`);
  process.exit(1);
}

const port = Number(arg("-p") ?? process.env.PORT ?? 3000);
const hostname = arg("-H");
process.env.PORT = String(port);
const hops = trustHops(process.env.TRUST_PROXY);
const token = randomBytes(16).toString("hex");
const instance = process.env.AUTHLAB_INSTANCE || `${port}-${process.pid}`;
if (!/^[A-Za-z0-9._-]{1,40}$/.test(instance)) {
  console.error(
    `AuthLab cannot start: AUTHLAB_INSTANCE must be 1 to 40 letters, digits, dots, dashes or underscores (got ${JSON.stringify(instance)})`,
  );
  process.exit(1);
}
process.env.AUTHLAB_INSTANCE = instance; // children (the scale-out lab) and logs see the name in use
process.env.AUTHLAB_PEER_TOKEN = token;

const app = next({ dev: false, dir: process.cwd(), port, hostname: hostname ?? "localhost" });
// In production, prepare() does not wait for instrumentation's register() (Next awaits it
// only in dev): the start-up checks (a lost secrets file, an unreachable database) would
// run after we listened and said "ready", and a slow start-up (PostgreSQL) showed it.
// lib/startup.ts calls this hook when the start-up succeeded; when it cannot succeed it
// exits the process. Listening waits for one or the other.
const STARTED = Symbol.for("authlab.startup.done");
const started = new Promise((resolve) => {
  globalThis[STARTED] = resolve;
});
const handle = app.getRequestHandler();
await app.prepare();
const waited = await Promise.race([started.then(() => "started"), new Promise((r) => setTimeout(r, 120_000, "timeout").unref())]);
if (waited === "timeout") console.warn("[authlab] start-up has not reported after 120 s; listening anyway");

const server = http.createServer((req, res) => {
  if (hops === 0) for (const h of FORWARDED) delete req.headers[h];
  req.headers["x-authlab-peer"] = `${token} ${req.socket.remoteAddress ?? ""}`;
  res.setHeader("X-AuthLab-Instance", instance);
  handle(req, res).catch((err) => {
    // Next answers its own errors; this is the last resort, never a crashed process.
    console.error(`[authlab] request failed: ${err?.message ?? err}`);
    if (!res.headersSent) res.statusCode = 500;
    res.end();
  });
});
server.keepAliveTimeout = 65_000; // longer than common proxies' idle timeout, as next start advises
server.listen(port, hostname, () => {
  console.log(`[authlab] ready on http://${hostname ?? "localhost"}:${port} (TRUST_PROXY=${hops || "off"}, instance ${instance})`);
});

function stop() {
  server.close(() => process.exit(0));
  setTimeout(() => process.exit(0), 3000).unref();
}
process.on("SIGTERM", stop);
process.on("SIGINT", stop);
