// The request inspector's list: every apiFetch request (lib/client/api.ts reports them
// with the server's X-AuthLab-Trace header decoded) plus the requests a lab made on the
// server side. A tiny external store for useSyncExternalStore; nothing is recomputed:
// each entry is what the server said about that request.
import type { AuthTrace, ModeName } from "@/lib/auth/types";
import { type ApiRequestRecord, onApiRequest } from "@/lib/client/api";
import type { LabActor, LabRequest } from "@/lib/labs/types";

export const MAX_ENTRIES = 50;

export interface InspectorEntry {
  key: string;
  source: "browser" | LabActor;
  method: string;
  path: string;
  port: number | null; // set for server-side requests to another process
  status: number;
  ms: number;
  at: number;
  omitted: boolean; // sent with credentials: "omit"
  cookies: Array<{ name: string; size: number }>;
  mode: ModeName | null;
  trace: AuthTrace | null;
  errorCode: string | null;
  /** The AuthLab instance that answered (X-AuthLab-Instance), when known. */
  instance: string | null;
  /** Polling or an automatic refresh: hidden unless the reader asks (edge 6 of issue 11). */
  background: boolean;
}

let entries: InspectorEntry[] = [];
const listeners = new Set<() => void>();
let seq = 0;

function emit(): void {
  for (const l of listeners) l();
}

function add(entry: InspectorEntry): void {
  entries = [entry, ...entries].slice(0, MAX_ENTRIES);
  emit();
}

export function fromApiRecord(r: ApiRequestRecord): InspectorEntry {
  return {
    key: `b${r.id}`,
    source: "browser",
    method: r.method,
    path: r.path,
    port: null,
    status: r.status,
    ms: r.ms,
    at: r.at,
    omitted: r.credentials === "omit",
    cookies: r.server?.cookies ?? [],
    mode: r.server?.mode ?? null,
    trace: r.server?.trace ?? null,
    errorCode: r.errorCode,
    instance: r.instance,
    background: r.background,
  };
}

export function fromLabRequest(r: LabRequest): InspectorEntry {
  return {
    key: `l${++seq}`,
    source: r.actor,
    method: r.method,
    path: r.path,
    port: r.port,
    status: r.status,
    ms: r.ms,
    at: r.at,
    omitted: false,
    cookies: r.cookies,
    mode: r.trace?.mode ?? null,
    trace: r.trace,
    errorCode: r.code,
    instance: r.instance ?? null,
    background: false,
  };
}

/** A lab's server-side requests join the list, in the order they were made. */
export function reportLabRequests(requests: LabRequest[]): void {
  for (const r of requests) add(fromLabRequest(r));
}

export function clearInspector(): void {
  entries = [];
  emit();
}

export function subscribeInspector(listener: () => void): () => void {
  listeners.add(listener);
  return () => listeners.delete(listener);
}

export function inspectorSnapshot(): InspectorEntry[] {
  return entries;
}

const EMPTY: InspectorEntry[] = [];
export function inspectorServerSnapshot(): InspectorEntry[] {
  return EMPTY;
}

// Listening starts when this module is first loaded (the layout's Inspector imports it).
if (typeof window !== "undefined") onApiRequest((r) => add(fromApiRecord(r)));
