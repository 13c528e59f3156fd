// `npm run demo:cluster`: PostgreSQL, three AuthLab instances and HAProxy on loopback
// (lib/cluster/cluster.mjs, docs/decisions/040). Prints the one URL to open; Ctrl-C stops
// everything: the balancer and the instances, then PostgreSQL (its folder is deleted).
// Usage: node lib/cluster/demo.mjs [-p PORT]   (PORT also from the env; default 3000)
import { startCluster } from "./cluster.mjs";

const i = process.argv.indexOf("-p");
const port = Number(i > 0 ? process.argv[i + 1] : (process.env.PORT ?? 3000));
if (!Number.isInteger(port) || port < 1 || port > 65_000) {
  console.error("demo:cluster: the port must be a number from 1 to 65000");
  process.exit(1);
}

let cluster;
let stopping = false;
async function shutdown() {
  if (stopping) return;
  stopping = true;
  console.log("\n[cluster] stopping the balancer, the instances and PostgreSQL…");
  await cluster?.stop();
  process.exit(0);
}
process.on("SIGINT", shutdown);
process.on("SIGTERM", shutdown);

try {
  cluster = await startCluster({ port, env: { AUTHLAB_DEMO: "1" } });
} catch (err) {
  console.error(`[cluster] could not start: ${err.message}`);
  process.exit(1);
}
const lines = [
  "",
  `  AuthLab cluster: open ${cluster.url}`,
  "",
  ...cluster.instances.map((inst) => `    instance ${inst.id} on 127.0.0.1:${inst.port}`),
  `    HAProxy on 127.0.0.1:${cluster.port}: round robin; /labs and /api/lab/ stay on one instance`,
  "    one PostgreSQL (throwaway) shared by all three; secrets generated once for all three",
  "",
  "  Every answer says which instance gave it (X-AuthLab-Instance). Ctrl-C stops everything.",
  "",
];
console.log(lines.join("\n"));
