import { execFileSync } from "node:child_process";
import http from "node:http";
import { launch, nextStartArgv, type RunningServer, type ServerOptions } from "../load/server";

// Helpers for the fault suite: servers that are meant to fail to start, and servers whose
// data folder is a small tmpfs in a mount namespace of their own (so the disk can be
// filled, or mounted read-only, without touching the machine's filesystems). Mounting
// needs root, which the CI container has; `unshare -m` keeps the mount private to the
// server process and gone when it exits.

export const FULL = process.env.FAULTS_PROFILE === "full";

export function isRoot(): boolean {
  return typeof process.getuid === "function" && process.getuid() === 0;
}

/** The server's data folder is a fresh tmpfs of `sizeMb`, seeded from `seedFrom` when given, read-only when asked. */
export function inPrivateTmpfs(dir: string, sizeMb: number, opts: { seedFrom?: string; readOnly?: boolean } = {}): ServerOptions["wrap"] {
  const steps = [`mount -t tmpfs -o size=${sizeMb}m,mode=0755 tmpfs "$1"`];
  if (opts.seedFrom) steps.push(`cp -a "$2"/. "$1"/`);
  if (opts.readOnly) steps.push(`mount -o remount,ro "$1"`);
  return (argv) => [
    "unshare",
    "-m",
    "--propagation",
    "private",
    "--",
    "sh",
    "-c",
    `${steps.join(" && ")} && shift 2 && exec "$@"`,
    "sh",
    dir,
    opts.seedFrom ?? "-",
    ...argv,
  ];
}

/** A path inside the server's own mount namespace, seen from outside it. */
export function seenBy(server: RunningServer, p: string): string {
  return `/proc/${server.proc.pid}/root${p}`;
}

/** Runs a server that must refuse to start; resolves with its exit code and everything it printed. */
export async function expectStartFailure(opts: ServerOptions, timeoutMs = 60_000): Promise<{ code: number | null; output: string }> {
  const server = launch(opts);
  const timer = setTimeout(() => server.proc.kill("SIGKILL"), timeoutMs);
  const code = await server.exited;
  clearTimeout(timer);
  // The message is the process's last write: wait until its pipes are drained, not just until it exited.
  await server.outputClosed;
  return { code, output: server.output() };
}

/** Drops the capabilities that let root read any file, so file permissions apply to it too. */
export function withoutDacOverride(argv: string[]): string[] {
  return isRoot()
    ? ["setpriv", "--bounding-set=-dac_override,-dac_read_search", "--inh-caps=-dac_override,-dac_read_search", "--", ...argv]
    : argv;
}

export function chattr(flag: "+i" | "-i", ...files: string[]): void {
  execFileSync("chattr", [flag, ...files], { stdio: "pipe" });
}

export interface Answer {
  status: number;
  headers: http.IncomingHttpHeaders;
  setCookies: string[];
  body: { error?: { code?: string; message?: string } } & Record<string, unknown>;
  text: string;
}

/** One request, own connection. */
export function send(
  base: string,
  path: string,
  opts: { method?: string; json?: unknown; cookies?: Record<string, string> } = {},
): Promise<Answer> {
  const body = opts.json === undefined ? undefined : JSON.stringify(opts.json);
  const headers: Record<string, string> = { accept: "application/json" };
  if (body !== undefined) {
    headers["content-type"] = "application/json";
    headers["content-length"] = String(Buffer.byteLength(body));
  }
  if (opts.cookies) {
    headers.cookie = Object.entries(opts.cookies)
      .map(([k, v]) => `${k}=${v}`)
      .join("; ");
  }
  return new Promise((resolve, reject) => {
    const req = http.request(`${base}${path}`, { method: opts.method ?? (body ? "POST" : "GET"), headers, agent: false }, (res) => {
      let text = "";
      res.setEncoding("utf8");
      res.on("data", (d: string) => {
        text += d;
      });
      res.on("end", () => {
        let parsed: Answer["body"] = {};
        try {
          parsed = JSON.parse(text);
        } catch {
          parsed = {};
        }
        resolve({ status: res.statusCode ?? 0, headers: res.headers, setCookies: res.headers["set-cookie"] ?? [], body: parsed, text });
      });
    });
    req.on("error", reject);
    req.end(body);
  });
}

/** name → value of the credential cookies a response issued (cleared ones left out). */
export function credentials(a: Pick<Answer, "setCookies">): Record<string, string> {
  const out: Record<string, string> = {};
  for (const line of a.setCookies) {
    const [pair = ""] = line.split(";");
    const eq = pair.indexOf("=");
    const name = pair.slice(0, eq).trim();
    const value = pair.slice(eq + 1).trim();
    if (value !== "" && ["authlab_session", "authlab_access", "authlab_refresh"].includes(name)) out[name] = value;
  }
  return out;
}

export { nextStartArgv };
