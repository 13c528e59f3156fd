// A resource server: a separate service that trusts AuthLab's access tokens without holding
// any secret and without a database. It knows three things: where the public keys are
// (JWKS_URL), who issues tokens (ISSUER) and its own name (AUDIENCE). It checks every token
// with the same rules as the app (lib/auth/jwt/claims.mjs) against the published keys
// (RFC 7517), so it can read logins but never mint one (docs/decisions/043).
//
//   JWKS_URL=http://127.0.0.1:3000/.well-known/jwks.json RS_PORT=3052 node resource-server/server.mjs
//
// GET /resource/me      the token's verified claims, or 401 with a code (RFC 6750 WWW-Authenticate)
// GET /resource/health  {ok:true}: no auth
// The token comes from `Authorization: Bearer …` or the `authlab_access` cookie (the app
// proxies /resource/ here, so the browser's cookie arrives as it would at any same-site service).

import { createHmac } from "node:crypto";
import http from "node:http";
import { createRemoteJWKSet, errors, jwtVerify } from "jose";
import {
  ASYMMETRIC_ALGS,
  CLAIM_PROBLEM_MESSAGES,
  claimsProblem,
  ISSUER,
  MAX_TOKEN_LENGTH,
  RESOURCE_AUDIENCE,
  verifyOptions,
} from "../lib/auth/jwt/claims.mjs";

const ACCESS_COOKIE = "authlab_access";

function config(source = process.env) {
  const port = Number(source.RS_PORT ?? 3052);
  if (!Number.isInteger(port) || port < 1 || port > 65535) throw new Error("RS_PORT must be a port number");
  if (!source.JWKS_URL) throw new Error("JWKS_URL is required, e.g. http://127.0.0.1:3000/.well-known/jwks.json");
  const jwksUrl = new URL(source.JWKS_URL);
  const alg = source.JWT_ALG ?? "EdDSA";
  // HS256 cannot be checked here: it needs the very secret that mints tokens.
  if (!ASYMMETRIC_ALGS.includes(alg))
    throw new Error(`JWT_ALG must be one of ${ASYMMETRIC_ALGS.join(", ")}: a resource server holds no secret`);
  return {
    port,
    host: source.RS_HOST ?? "127.0.0.1",
    jwksUrl,
    alg,
    issuer: source.ISSUER ?? ISSUER,
    audience: source.AUDIENCE ?? RESOURCE_AUDIENCE,
    instanceToken: source.RS_INSTANCE_TOKEN ?? "",
  };
}

function cookieValue(header, name) {
  for (const part of (header ?? "").split(";")) {
    const eq = part.indexOf("=");
    if (eq > 0 && part.slice(0, eq).trim() === name) return part.slice(eq + 1).trim();
  }
  return undefined;
}

function cookieNames(header) {
  return (header ?? "")
    .split(";")
    .map((p) => p.slice(0, Math.max(0, p.indexOf("="))).trim())
    .filter(Boolean)
    .slice(0, 20);
}

function send(res, status, body, extra = {}) {
  const text = JSON.stringify(body);
  res.writeHead(status, {
    "Content-Type": "application/json; charset=utf-8",
    "Cache-Control": "no-store",
    "X-Content-Type-Options": "nosniff",
    ...extra,
  });
  res.end(text);
}

function refuse(res, code, message, extra = {}) {
  // RFC 6750 §3: a bearer-token resource says why in WWW-Authenticate.
  const error = code === "no_token" ? "" : ', error="invalid_token"';
  send(res, 401, { error: { code, message }, ...extra }, { "WWW-Authenticate": `Bearer realm="authlab-resource"${error}` });
}

/** Why jose refused, as a code the lab and curl users can read. */
function reasonOf(err) {
  if (err instanceof errors.JWTExpired) return ["token_expired", "exp has passed"];
  if (err instanceof errors.JWKSNoMatchingKey) return ["key_unknown", "no key in the published set has this kid"];
  if (err instanceof errors.JOSEAlgNotAllowed) return ["token_invalid", "algorithm not allowed"];
  if (err instanceof errors.JWSSignatureVerificationFailed) return ["token_invalid", "signature does not match"];
  if (err instanceof errors.JWTClaimValidationFailed) return ["token_invalid", `claim check failed: ${err.claim} (${err.reason})`];
  if (
    err instanceof errors.JWKSTimeout ||
    err instanceof errors.JWKSInvalid ||
    err?.code === "ERR_JOSE_GENERIC" ||
    err?.name === "TypeError"
  )
    return ["jwks_unavailable", "the issuer's key set could not be fetched (is JWT_ALG asymmetric on the app?)"];
  return ["token_invalid", "not a well-formed JWT"];
}

export function createResourceServer(cfg) {
  // Fetched when first needed and kept a minute; an unknown kid fetches again (at most once
  // a second), so a key rotated in on the app is picked up on its first token.
  const jwks = createRemoteJWKSet(cfg.jwksUrl, { cacheMaxAge: 60_000, cooldownDuration: 1_000, timeoutDuration: 3_000 });

  async function me(req, res) {
    const auth = req.headers.authorization;
    const bearer = typeof auth === "string" && /^Bearer /i.test(auth) ? auth.slice(7).trim() : undefined;
    const token = bearer ?? cookieValue(req.headers.cookie, ACCESS_COOKIE);
    const seen = cookieNames(req.headers.cookie);
    if (!token) {
      return refuse(
        res,
        "no_token",
        "No access token: send one as a Bearer token or the authlab_access cookie. Other cookies mean nothing here.",
        {
          cookiesSeen: seen,
        },
      );
    }
    if (token.length > MAX_TOKEN_LENGTH) return refuse(res, "token_invalid", "token too long");
    const nowMs = Date.now();
    try {
      const rules = { ...verifyOptions({ alg: cfg.alg, audience: cfg.audience, nowMs }), issuer: cfg.issuer };
      const { payload, protectedHeader } = await jwtVerify(token, jwks, rules);
      const problem = claimsProblem(payload, nowMs);
      if (problem) return refuse(res, "token_invalid", CLAIM_PROBLEM_MESSAGES[problem]);
      return send(res, 200, {
        verified: {
          sub: payload.sub,
          name: payload.name,
          role: payload.role,
          kid: protectedHeader.kid ?? null,
          alg: protectedHeader.alg,
          iss: payload.iss,
          aud: payload.aud,
          exp: payload.exp,
          secondsLeft: Math.max(0, Number(payload.exp) - Math.floor(nowMs / 1000)),
        },
        how: "signature checked against the published JWKS; no database, no secret",
        cookiesSeen: seen,
      });
    } catch (err) {
      const [code, message] = reasonOf(err);
      return refuse(res, code, message, { cookiesSeen: seen });
    }
  }

  return http.createServer((req, res) => {
    const url = new URL(req.url ?? "/", "http://resource.invalid");
    if (req.method !== "GET" && req.method !== "HEAD") {
      return send(res, 405, { error: { code: "method_not_allowed", message: "Only GET is served here." } }, { Allow: "GET, HEAD" });
    }
    if (url.pathname === "/resource/health") {
      const challenge = req.headers["x-authlab-instance-challenge"];
      const proof =
        cfg.instanceToken && typeof challenge === "string" && challenge.length <= 128
          ? { "x-authlab-instance-proof": createHmac("sha256", cfg.instanceToken).update(challenge).digest("base64url") }
          : {};
      return send(res, 200, { ok: true, audience: cfg.audience, issuer: cfg.issuer, alg: cfg.alg }, proof);
    }
    if (url.pathname === "/resource/me") {
      me(req, res).catch(() => send(res, 400, { error: { code: "bad_request", message: "The request could not be read." } }));
      return;
    }
    send(res, 404, { error: { code: "not_found", message: "Try GET /resource/me." } });
  });
}

// Run directly: node resource-server/server.mjs [parent pid]
if (import.meta.url === `file://${process.argv[1]}`) {
  let cfg;
  try {
    cfg = config();
  } catch (err) {
    console.error(`resource server cannot start: ${err.message}`);
    process.exit(1);
  }
  const server = createResourceServer(cfg);
  server.on("error", (err) => {
    console.error(`resource server cannot listen on ${cfg.host}:${cfg.port}: ${err.code}`);
    process.exit(1);
  });
  server.listen(cfg.port, cfg.host, () => {
    console.log(`resource server on http://${cfg.host}:${cfg.port}/resource/me (keys: ${cfg.jwksUrl}, audience ${cfg.audience})`);
  });
  // Started by the lab: end with the app that started us.
  const parent = Number(process.argv[2]);
  if (Number.isInteger(parent) && parent > 0) {
    setInterval(() => {
      try {
        process.kill(parent, 0);
      } catch {
        process.exit(0);
      }
    }, 2000).unref();
  }
}
