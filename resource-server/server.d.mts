// Types for server.mjs (plain JavaScript, run by Node directly), for the unit test.
import type { Server } from "node:http";

export interface ResourceServerConfig {
  port: number;
  host: string;
  jwksUrl: URL;
  alg: "EdDSA" | "ES256";
  issuer: string;
  audience: string;
  instanceToken: string;
}

export declare function createResourceServer(cfg: ResourceServerConfig): Server;
