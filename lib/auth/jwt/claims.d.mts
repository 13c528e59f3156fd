// Types for claims.mjs (shared with the resource server, which is plain JavaScript).
import type { JWTVerifyOptions } from "jose";

export type AccessAlg = "HS256" | "EdDSA" | "ES256";
export declare const ISSUER: "authlab";
export declare const APP_AUDIENCE: "authlab:api";
export declare const RESOURCE_AUDIENCE: "authlab:resource";
export declare const ACCESS_AUDIENCES: string[];
export declare const TOKEN_TYP: "at+jwt";
export declare const REQUIRED_CLAIMS: string[];
export declare const CLOCK_SKEW_SECONDS: number;
export declare const MAX_TOKEN_LENGTH: number;
export declare const ASYMMETRIC_ALGS: AccessAlg[];
export declare const ALGS: AccessAlg[];
export declare function verifyOptions(opts: {
  alg: AccessAlg;
  audience: string;
  nowMs: number;
  allowExpired?: boolean;
  maxAgeSeconds?: number;
}): JWTVerifyOptions & { algorithms: string[] };
export type ClaimProblem = "jwt_iat_future" | "jwt_missing_claims";
export declare const CLAIM_PROBLEM_MESSAGES: Record<ClaimProblem, string>;
export declare function claimsProblem(
  payload: Record<string, unknown>,
  nowMs: number,
  opts?: { allowExpired?: boolean },
): ClaimProblem | null;
