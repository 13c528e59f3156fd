// What the labs' API returns. Plain data, safe for client components: a lab reports
// each request it made (who made it, what the server saw, what came back), never a
// credential's value.
import type { AuthTrace } from "@/lib/auth/types";

/** Who sent a request a lab made on the server side. */
export type LabActor =
  | "browser" // this browser's own request (shown beside the server-side ones)
  | "attacker" // a separate cookie jar holding a copy of this browser's credential
  | "thief" // holds a copy of the database file
  | "tab_a"
  | "tab_b"
  | "lab_session" // a throwaway login the lab made for you, session mode
  | "lab_jwt" // … JWT mode
  | "server_a" // this process
  | "server_b" // a second process, same database
  | "server_c"; // a third process, its own database

export interface LabRequest {
  actor: LabActor;
  method: "GET" | "POST" | "PUT";
  path: string;
  port: number;
  status: number; // 0: the server could not be reached
  code: string | null; // the error code of a 4xx
  /** Credential cookies the server saw (names and sizes) and how it authenticated. */
  cookies: Array<{ name: string; size: number }>;
  trace: AuthTrace | null;
  /** The username GET /api/me recognised, when it answered 200. */
  user: string | null;
  /** Extra request headers that matter to the lesson (e.g. Origin), by name. */
  sent: Record<string, string>;
  ms: number;
  at: number;
  /** The instance that answered (X-AuthLab-Instance), when it said. */
  instance?: string | null;
}

export interface LabRun {
  requests: LabRequest[];
}

export interface ClockState {
  demo: boolean;
  offsetSeconds: number;
  maxOffsetSeconds: number;
  serverTime: number; // the clock as the lab login's requests see it
  realTime: number;
  /** The lab's throwaway login that follows this clock (null: none yet). */
  loginMode: "session" | "jwt" | null;
}

export interface CookieSizeReport {
  limit: number;
  modes: Array<{ mode: "session" | "jwt"; cookies: Array<{ name: string; size: number; line: number }> }>;
  growth: Array<{ permissions: number; tokenBytes: number; cookieLine: number; fits: boolean; acceptedByServer: boolean }>;
}

export interface DbLeakReport extends LabRun {
  rows: {
    sessions: Array<{ id: string; tokenHash: string }>;
    refreshTokens: Array<{ id: string; tokenHash: string }>;
    passwordHashPrefix: string | null;
  };
  naive: { table: string; column: string; tokenPreview: string };
}

export interface ScaleReport extends LabRun {
  /** `problem` when not ready: its port was held by another program, or what answered did not prove itself. */
  servers: Array<{ actor: LabActor; port: number; database: "shared" | "separate"; ready: boolean; problem?: "port_taken" | "not_ours" }>;
  startedNow: boolean; // B and C were started by this run (the first one takes a few seconds)
  /** What A and B share: a PostgreSQL database (DATABASE_URL), or one SQLite file on this machine. */
  sharedStore: "postgres" | "sqlite-file";
}
