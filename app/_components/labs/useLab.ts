"use client";

import { useCallback, useState } from "react";
import { type ApiInit, type ApiResult, apiFetch } from "@/lib/client/api";
import type { LabRequest } from "@/lib/labs/types";
import { reportLabRequests } from "../inspector/store";

/** Calls a lab endpoint; server-side requests it reports join the inspector's list. */
export async function labFetch<T>(path: string, init: ApiInit = {}): Promise<ApiResult<T>> {
  const result = await apiFetch<T>(path, init);
  if (result.ok) {
    const body = result.body as { requests?: LabRequest[]; request?: LabRequest } | null;
    if (Array.isArray(body?.requests)) reportLabRequests(body.requests);
    else if (body?.request) reportLabRequests([body.request]);
  }
  return result;
}

/** Busy flag and the last failure, around one lab action at a time. */
export function useLabRun() {
  const [busy, setBusy] = useState<string | null>(null);
  const [error, setError] = useState<{ status: number; code: string; message: string } | null>(null);
  const run = useCallback(async (name: string, work: () => Promise<void>) => {
    setBusy(name);
    setError(null);
    try {
      await work();
    } finally {
      setBusy(null);
    }
  }, []);
  const fail = useCallback((r: Extract<ApiResult, { ok: false }>) => {
    setError({ status: r.status, code: r.error.code, message: r.error.message });
  }, []);
  return { busy, error, run, fail };
}
