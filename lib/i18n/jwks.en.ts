// The resource-server lab (JWKS, key rotation, a server with no secret). Kept in its own
// namespace file like labs.en.ts; jwks.ko.ts has exactly these keys.
export const jwksEn = {
  title: "A server with no secret (JWKS)",
  summary:
    "A resource server checks access tokens with published public keys: it can read logins but never mint one, and it cannot see a logout.",
  goal: "Watch the published keys and a key rotation, then send one login per mode to the app and to a resource server that holds no secret and no database; end the login and send it again.",
  hs256Note:
    "This server signs with HS256: one shared secret both mints and checks tokens, so a resource server could check them only by holding the secret that forges them. It publishes no keys (the JWKS answers 404) and the resource server refuses every token. Start the app with JWT_ALG=EdDSA to see the rest.",
  keysHeading: "1. The published keys",
  keysStd: "RFC 7517: JSON Web Key Set",
  keysLoad: "Fetch /.well-known/jwks.json",
  keysNote:
    "Only public members: kty, crv, x (and y for ES256), kid, alg and use. A private key (d) or an HMAC secret (k) never appears. Cache-Control: {cache}.",
  keysNone: "The JWKS answered {status} {code}: nothing is published.",
  keySigning: "signs new tokens",
  keyCreated: "added {time}",
  keyRetired: "retired {time}; published until {until}, when its last token has expired",
  rotate: "Rotate the signing key",
  rotated:
    "A new key signs from now. The old one stays in the set until the last token it signed has expired (retired + {ttl} s + 5 s of clock skew), then disappears.",
  runHeading: "2. The app and the resource server, side by side",
  runStd: "RFC 9068: access tokens are at+jwt; RFC 8725: the verifier pins the algorithm and checks iss, aud and typ",
  run: "Run: log in, call both, end the login, call both again",
  starting: "Starting the resource server as its own process…",
  rsPort:
    "The resource server is its own process on port {port}, reached at /resource/ on this site. It knows the JWKS URL, the issuer and its audience, and nothing else.",
  rsProblem: "The resource server could not start on port {port}.",
  modeHeading: "{mode} mode",
  appCol: "The app · GET /api/me",
  rsCol: "The resource server · GET /resource/me",
  beforeEnd: "Before the login ends",
  afterEnd: "After the login ended",
  accepted: "accepted",
  verified: "verified {sub} ({name}) with key {kid} ({alg}); {s} s until exp",
  refused: "refused: {code}",
  cookiesSeen: "cookies it received: {list}",
  none: "none",
  sessionMeaningless:
    "A session cookie means nothing to the resource server: it is an opaque reference to a row in the app's database, which the resource server cannot read. Only a self-contained, signed token crosses services.",
  gap: "The login ended, yet the resource server still accepts its access token: it has no database to ask. Only exp ends it.",
  gapDenylist:
    "The app refuses the token now (its denylist is on), but the resource server still accepts it: the denylist lives in the app's database, out of its reach.",
  againHeading: "3. Wait for exp",
  againStd: "RFC 8725 §3.10 and RFC 9068: keep access tokens short-lived, since a verifier that holds no state cannot see a revocation",
  again: "Send the ended login's token again",
  againLeft: "{s} s until exp ({time}).",
  againExpired: "exp has passed: the resource server refuses it too (token_expired). The gap closes only here.",
  browserHeading: "From this browser",
  browserRun: "Call both with this browser's cookies",
  browserNote:
    "Your access cookie has Path=/, so it reaches /resource/ too; the refresh cookie (Path=/api/auth) never does, and a session cookie reaches it but proves nothing there.",
  why1: "With HS256 the key that checks a token is the key that mints it: every service that verifies could also forge. With EdDSA the app keeps the private key and publishes only the public half as a JWK Set; any service can verify, none can sign.",
  why2: "The verifier decides the algorithm, never the token's header: a token that says alg HS256 and was signed with the public key as an HMAC secret, alg none, an unknown kid, or a key offered inside the header (jwk, jku, x5u) is refused.",
  why3: "A rotated key signs at once; the retired one stays published exactly as long as a token it signed can still be valid. The price of a verifier with no state is the revocation gap: it accepts an ended login until exp.",
  stdJwk: "RFC 7517: JSON Web Key (JWK)",
  stdBcp: "RFC 8725: JSON Web Token Best Current Practices",
  stdAtJwt: "RFC 9068: JWT Profile for OAuth 2.0 Access Tokens",
};

export type JwksDict = typeof jwksEn;
