// A second (or third) AuthLab process for the scale-out lab, started by lib/labs/scale.ts.
// It runs the production server (lib/serve.mjs) on loopback and exits with it, and it stops the server as soon as
// the process that started it is gone, so a crashed or killed parent leaves nothing behind.
// Usage: node lib/labs/scale-child.mjs <parent pid> <port>
import { spawn } from "node:child_process";

const [parentPid, port] = process.argv.slice(2);
const server = spawn(process.execPath, ["lib/serve.mjs", "-p", String(port), "-H", "127.0.0.1"], {
  stdio: ["ignore", "ignore", "inherit"],
  env: process.env,
});

let stopping = false;
function stop() {
  if (stopping) return;
  stopping = true;
  server.kill("SIGTERM");
  setTimeout(() => {
    server.kill("SIGKILL");
    process.exit(0);
  }, 3000).unref();
}

setInterval(() => {
  try {
    process.kill(Number(parentPid), 0);
  } catch {
    stop();
  }
}, 1000);
server.on("exit", (code) => process.exit(code ?? 0));
process.on("SIGTERM", stop);
process.on("SIGINT", stop);
