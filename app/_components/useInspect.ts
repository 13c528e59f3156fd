"use client";

import { useCallback, useEffect, useRef, useState } from "react";
import type { InspectResponse } from "@/lib/auth/types";
import { type ApiFailure, apiFetch, INSTANCE_HEADER } from "@/lib/client/api";

export interface InspectState {
  data: InspectResponse | null;
  /** serverTime minus this browser's clock, measured at the last successful load. */
  offsetMs: number;
  updatedAt: number | null;
  /** The AuthLab instance that answered the last successful load (behind a balancer it varies). */
  instance: string | null;
  problem: { kind: "signed-out" | "failed"; error: ApiFailure } | null;
}

/**
 * Loads GET /api/auth/inspect now, every `pollMs` while the tab is visible, and on
 * demand. While an action runs, polling pauses and in-flight loads are ignored, so a
 * request sent with credentials the action is replacing cannot paint stale state.
 */
export function useInspect(pollMs = 5000, path = "/api/auth/inspect") {
  const [state, setState] = useState<InspectState>({ data: null, offsetMs: 0, updatedAt: null, instance: null, problem: null });
  const generation = useRef(0); // bumped to make in-flight loads obsolete
  const pauses = useRef(0);
  const stopped = useRef(false);

  const reload = useCallback(async () => {
    if (stopped.current || pauses.current > 0) return;
    const mine = ++generation.current;
    const sentAt = Date.now();
    const result = await apiFetch<InspectResponse>(path, { background: true }); // the page polls, the person did nothing
    const receivedAt = Date.now();
    if (mine !== generation.current || stopped.current) return;
    if (result.ok) {
      // Assume the server stamped serverTime halfway through the round trip.
      const offsetMs = result.body.serverTime - (sentAt + receivedAt) / 2;
      setState({ data: result.body, offsetMs, updatedAt: receivedAt, instance: result.headers.get(INSTANCE_HEADER), problem: null });
    } else {
      // Keep the last good data on screen; the banner says what changed.
      const kind = result.status === 401 ? "signed-out" : "failed";
      setState((prev) => ({ ...prev, problem: { kind, error: result.error } }));
    }
  }, [path]);

  useEffect(() => {
    void reload();
    const whenVisible = () => {
      if (document.visibilityState === "visible") void reload();
    };
    const timer = setInterval(whenVisible, pollMs);
    document.addEventListener("visibilitychange", whenVisible);
    return () => {
      clearInterval(timer);
      document.removeEventListener("visibilitychange", whenVisible);
    };
  }, [reload, pollMs]);

  const pause = useCallback(() => {
    pauses.current += 1;
    generation.current += 1;
  }, []);

  const resume = useCallback(() => {
    pauses.current = Math.max(0, pauses.current - 1);
    void reload();
  }, [reload]);

  /** For leaving the page (logout): no more loads, ever. */
  const stop = useCallback(() => {
    stopped.current = true;
    generation.current += 1;
  }, []);

  return { ...state, reload, pause, resume, stop };
}
