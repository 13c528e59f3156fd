// Runs before `npm test`: the e2e suite drives the system Chromium (this machine cannot
// download Playwright's own browser). Installs Debian's chromium when none is found and
// we are root; otherwise says exactly what to do.
import { execSync } from "node:child_process";
import fs from "node:fs";

const wanted = process.env.CHROMIUM_PATH || "/usr/bin/chromium";
if (fs.existsSync(wanted)) process.exit(0);

if (process.env.CHROMIUM_PATH) {
  console.error(`CHROMIUM_PATH=${wanted} does not exist. Point it at a Chromium binary, or unset it.`);
  process.exit(1);
}
const isRoot = typeof process.getuid === "function" && process.getuid() === 0;
if (!isRoot) {
  console.error("No Chromium at /usr/bin/chromium. Install it (sudo apt-get install -y chromium) or set CHROMIUM_PATH.");
  process.exit(1);
}
console.log("[authlab] installing Debian's chromium for the e2e tests…");
execSync("apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium", { stdio: "inherit" });
