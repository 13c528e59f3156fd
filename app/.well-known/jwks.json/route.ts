import { NextResponse } from "next/server";
import { JWKS_MAX_AGE, publishedJwks } from "@/lib/auth/jwks";
import { json, route } from "@/lib/http";

// GET /.well-known/jwks.json: the public keys that verify access tokens (RFC 7517), for any
// service that wants to check them without holding a secret (resource-server/). Nothing in
// the request is read: no query, header or cookie can add or choose a key.
export const GET = route(async () => {
  const set = publishedJwks();
  if (!set) {
    return json(
      {
        error: {
          code: "jwks_not_published",
          message: "This server signs access tokens with HS256 (a shared secret): there is no public key to publish. Set JWT_ALG=EdDSA.",
        },
      },
      404,
    );
  }
  return NextResponse.json(set, {
    headers: { "Cache-Control": `public, max-age=${JWKS_MAX_AGE}`, "Content-Type": "application/jwk-set+json" },
  });
});

export const dynamic = "force-dynamic";
