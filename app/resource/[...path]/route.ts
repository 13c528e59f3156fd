import { NextResponse } from "next/server";
import { json, route } from "@/lib/http";
import { resourceServerOrigin } from "@/lib/labs/resource-server";

// /resource/* on this site is another service: the resource server (resource-server/),
// reached through this small reverse proxy so it is same-site and the browser's access
// cookie (Path=/) arrives with the request. The proxy decides nothing about who you are:
// it forwards the Cookie and Authorization headers as any reverse proxy would, and the
// resource server, holding no secret and no database, checks the token against the JWKS.
// Only GET; the query string is not forwarded (nothing there is read).

const FORWARDED = ["cookie", "authorization", "accept"] as const;

async function forward(req: Request, { params }: { params: Promise<{ path: string[] }> }): Promise<Response> {
  const { path } = await params;
  const origin = await resourceServerOrigin();
  if (!origin) {
    return json(
      {
        error: {
          code: "resource_server_unavailable",
          message:
            "No resource server is running: open the resource-server lab (demo mode), or start one by hand and set RESOURCE_SERVER_URL.",
        },
      },
      503,
      { "Retry-After": "5" },
    );
  }
  const headers: Record<string, string> = {};
  for (const name of FORWARDED) {
    const v = req.headers.get(name);
    if (v) headers[name] = v;
  }
  const target = `${origin}/resource/${path.map(encodeURIComponent).join("/")}`;
  let res: Response;
  try {
    res = await fetch(target, { method: req.method, headers, redirect: "manual", signal: AbortSignal.timeout(8000) });
  } catch {
    return json({ error: { code: "resource_server_unavailable", message: "The resource server did not answer." } }, 503, {
      "Retry-After": "5",
    });
  }
  const out = new Headers({ "Cache-Control": "no-store" });
  for (const name of ["content-type", "www-authenticate", "allow"]) {
    const v = res.headers.get(name);
    if (v) out.set(name, v);
  }
  return new NextResponse(req.method === "HEAD" ? null : await res.arrayBuffer(), { status: res.status, headers: out });
}

export const GET = route(forward);
export const HEAD = route(forward);
export const dynamic = "force-dynamic";
