// AuthLab on a PostgreSQL of its own: a throwaway cluster (db/pg/throwaway.mjs), then
// `node lib/serve.mjs` with DATABASE_URL pointing at it. `npm run demo:pg` and the e2e
// servers on PostgreSQL (E2E_STORE=postgres, playwright.config.ts) use it. SIGTERM or
// Ctrl-C stops the server first, then the cluster, and deletes its folder.
// Usage: node db/pg/serve.mjs [-p PORT]   (for your own server: DATABASE_URL=… npm start)
import { spawn } from "node:child_process";
import { startThrowawayPostgres } from "./throwaway.mjs";

const pg = await startThrowawayPostgres({ signals: false });
console.log("[authlab] PostgreSQL: a throwaway cluster on 127.0.0.1, deleted when this stops");
const server = spawn(process.execPath, ["lib/serve.mjs", ...process.argv.slice(2)], {
  stdio: "inherit",
  env: { ...process.env, DATABASE_URL: pg.url },
});

let stopping = false;
async function stop(code) {
  if (stopping) return;
  stopping = true;
  if (server.exitCode === null && server.signalCode === null) {
    server.kill("SIGTERM");
    await new Promise((resolve) => {
      server.once("exit", resolve);
      setTimeout(() => {
        server.kill("SIGKILL");
        resolve();
      }, 5_000).unref();
    });
  }
  await pg.stop();
  process.exit(code);
}

process.on("SIGTERM", () => stop(0));
process.on("SIGINT", () => stop(0));
server.on("exit", (code) => stop(code ?? 1));
