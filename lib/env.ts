import "server-only";
import path from "node:path";
import { z } from "zod";

// Every setting the server reads, validated once. A bad value stops the start with a
// message that says which variable and how to fix it (see lib/secrets.ts for secrets).

const seconds = (name: string, def: number, min: number, max: number) =>
  z.coerce
    .number({ error: `${name} must be a whole number of seconds` })
    .int(`${name} must be a whole number of seconds`)
    .min(min, `${name} must be at least ${min} seconds`)
    .max(max, `${name} must be at most ${max} seconds`)
    .default(def);

const EnvSchema = z.object({
  NODE_ENV: z.enum(["development", "production", "test"]).default("development"),
  PORT: z.coerce.number().int().min(1).max(65535).default(3000),
  DATABASE_PATH: z.string().min(1).default("data/authlab.db"),
  // A shared PostgreSQL server instead of the embedded file. It holds a password: the
  // message below never repeats the value, and no log or error ever shows it.
  DATABASE_URL: z
    .string()
    .optional()
    .transform((v) => (v === "" ? undefined : v))
    .refine((v) => v === undefined || /^postgres(ql)?:\/\/[^\s]+$/.test(v), {
      message: "DATABASE_URL must be a postgres:// or postgresql:// URL (value not shown: it holds a password)",
    }),
  SESSION_PASSWORD: z.string().optional(),
  JWT_SECRET: z.string().optional(),
  ACCESS_TOKEN_TTL: seconds("ACCESS_TOKEN_TTL", 300, 1, 86_400),
  REFRESH_TOKEN_TTL: seconds("REFRESH_TOKEN_TTL", 14 * 86_400, 10, 365 * 86_400),
  SESSION_IDLE_TTL: seconds("SESSION_IDLE_TTL", 30 * 60, 1, 365 * 86_400),
  SESSION_ABSOLUTE_TTL: seconds("SESSION_ABSOLUTE_TTL", 7 * 86_400, 1, 365 * 86_400),
  REFRESH_REUSE_GRACE: seconds("REFRESH_REUSE_GRACE", 5, 0, 60),
  // A JWT login's hard end: rotation never pushes a family past it (30 days, as Auth0's
  // rotation does). Each refresh token still lives at most REFRESH_TOKEN_TTL.
  REFRESH_ABSOLUTE_TTL: seconds("REFRESH_ABSOLUTE_TTL", 30 * 86_400, 10, 5 * 365 * 86_400),
  // HS256 (default): one shared secret signs and verifies. EdDSA/ES256: a private key
  // signs, the public keys are published at /.well-known/jwks.json (docs/decisions/041).
  JWT_ALG: z.enum(["HS256", "EdDSA", "ES256"], { error: "JWT_ALG must be HS256, EdDSA or ES256" }).default("HS256"),
  // Asymmetric private keys from a secret store (PKCS#8, base64url DER, comma-separated,
  // the last one signs). Unset: generated once into the data folder (lib/auth/signing-keys.ts).
  JWT_PRIVATE_KEY: z.string().optional(),
  JWT_DENYLIST: z.enum(["on", "off"], { error: "JWT_DENYLIST must be on or off" }).default("off"),
  // How many proxies in front of this server to believe (X-Forwarded-For/-Proto/-Host):
  // off (default) = the socket address, scheme and Host; N = the last N hops
  // (lib/serve.mjs, lib/client-address.ts, docs/decisions/032).
  TRUST_PROXY: z
    .string()
    .default("off")
    .transform((v, ctx) => {
      if (v === "" || v === "off" || v === "0") return 0;
      if (/^(10|[1-9])$/.test(v)) return Number(v);
      ctx.addIssue({ code: "custom", message: "TRUST_PROXY must be off or a number of proxy hops from 1 to 10" });
      return z.NEVER;
    }),
  // The site's own origin (scheme://host[:port]) for the Origin and Host checks. Unset:
  // the loopback names (localhost, 127.0.0.1, [::1]) on PORT, over http.
  APP_ORIGIN: z
    .string()
    .optional()
    .transform((v, ctx) => {
      if (v === undefined || v === "") return undefined;
      try {
        const u = new URL(v);
        // Normalised as browsers send Origin: lower-case host, no default port.
        const bare = u.pathname === "/" && !u.search && !u.hash && !u.username && !u.password && !/[?#]/.test(v);
        if ((u.protocol === "http:" || u.protocol === "https:") && bare) return u.origin;
      } catch {
        // reported below
      }
      ctx.addIssue({
        code: "custom",
        message: "APP_ORIGIN must be an origin such as https://authlab.example (scheme, host, optional port; no path)",
      });
      return z.NEVER;
    }),
  // A resource server started by hand (resource-server/server.mjs): /resource/ is proxied to
  // this origin. Unset: only the one the resource-server lab starts (demo mode).
  RESOURCE_SERVER_URL: z
    .string()
    .optional()
    .transform((v, ctx) => {
      if (v === undefined || v === "") return undefined;
      try {
        const u = new URL(v);
        if ((u.protocol === "http:" || u.protocol === "https:") && u.pathname === "/" && !u.search && !u.username) return u.origin;
      } catch {
        // reported below
      }
      ctx.addIssue({ code: "custom", message: "RESOURCE_SERVER_URL must be an origin such as http://127.0.0.1:3052 (no path)" });
      return z.NEVER;
    }),
  ADMIN_USERNAME: z.string().optional(),
  ADMIN_PASSWORD: z.string().optional(),
  // Tests only: a cheap password KDF so suites run in seconds (the start logs a warning).
  AUTHLAB_FAST_KDF: z.enum(["0", "1"]).default("0"),
  // "1" (the README's demo command sets it): demo accounts plus the labs that bend the
  // rules (time travel, extra processes). Unset: demo accounts only. "0": neither.
  AUTHLAB_DEMO: z.enum(["0", "1"], { error: "AUTHLAB_DEMO must be 0 or 1" }).optional(),
});

export type Env = z.infer<typeof EnvSchema> & { dataDir: string; databasePath: string };

let cached: Env | undefined;

export function loadEnv(source: Record<string, string | undefined> = process.env): Env {
  const parsed = EnvSchema.safeParse(source);
  if (!parsed.success) {
    const lines = parsed.error.issues.map((i) => `  - ${i.path.join(".")}: ${i.message}`);
    throw new Error(`AuthLab cannot start: invalid configuration\n${lines.join("\n")}`);
  }
  const env = parsed.data;
  if (env.SESSION_ABSOLUTE_TTL < env.SESSION_IDLE_TTL) {
    throw new Error(
      "AuthLab cannot start: SESSION_ABSOLUTE_TTL must be >= SESSION_IDLE_TTL (a session cannot idle longer than it may live)",
    );
  }
  if (env.REFRESH_ABSOLUTE_TTL < env.REFRESH_TOKEN_TTL) {
    throw new Error(
      "AuthLab cannot start: REFRESH_ABSOLUTE_TTL must be >= REFRESH_TOKEN_TTL (a JWT login cannot end before its first refresh token)",
    );
  }
  if ((env.ADMIN_USERNAME && !env.ADMIN_PASSWORD) || (!env.ADMIN_USERNAME && env.ADMIN_PASSWORD)) {
    throw new Error("AuthLab cannot start: set both ADMIN_USERNAME and ADMIN_PASSWORD, or neither");
  }
  const databasePath = path.resolve(env.DATABASE_PATH);
  return { ...env, databasePath, dataDir: path.dirname(databasePath) };
}

export function env(): Env {
  cached ??= loadEnv();
  return cached;
}

/** Tests point the app at a fresh database by resetting the cached env. */
export function resetEnvForTests(): void {
  cached = undefined;
}
