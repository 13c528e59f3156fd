import { NextResponse } from "next/server";
import { INSTANCE_CHALLENGE_HEADER, INSTANCE_PROOF_HEADER, instanceProof } from "@/lib/labs/instance-proof";

// Readiness, and the benchmark's baseline: no auth, no DB write, nothing to render. A
// scale-out lab child also proves it is the process the lab started (lib/labs/scale.ts).
export function GET(req: Request): Response {
  const headers: Record<string, string> = { "Cache-Control": "no-store" };
  const challenge = req.headers.get(INSTANCE_CHALLENGE_HEADER);
  const proof = challenge ? instanceProof(challenge) : null;
  if (proof) headers[INSTANCE_PROOF_HEADER] = proof;
  return NextResponse.json({ ok: true }, { headers });
}

export const dynamic = "force-dynamic";
