import { NextResponse } from "next/server";

// Readiness, and the benchmark's baseline: no auth, no DB write, nothing to render.
export function GET(): Response {
  return NextResponse.json({ ok: true }, { headers: { "Cache-Control": "no-store" } });
}

export const dynamic = "force-dynamic";
