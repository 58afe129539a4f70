"use client";
/**
 * For end-to-end tests and manual checks without the run panel: under browser automation
 * (`navigator.webdriver`, which Playwright sets and a person's browser does not), the open
 * design's live metrics store is `window.__archsimLiveMetrics`, to publish a hand-made
 * snapshot and clear it. Nowhere else is it exposed.
 */
import { useEffect } from "react";
import type { RunSnapshot } from "../../simulator";
import { useLiveMetricsStore } from "../store/live-metrics-context";

export type LiveMetricsTestHook = {
  publish(snapshot: RunSnapshot): void;
  clear(): void;
  getSnapshot(): RunSnapshot | null;
  /** The snapshots of the run so far, in simulated order. */
  getHistory(): readonly RunSnapshot[];
};

declare global {
  interface Window {
    __archsimLiveMetrics?: LiveMetricsTestHook;
  }
}

export function useLiveMetricsTestHook(): void {
  const store = useLiveMetricsStore();
  useEffect(() => {
    if (typeof navigator === "undefined" || !navigator.webdriver) return;
    const hook: LiveMetricsTestHook = {
      publish: (snapshot) => store.getState().publish(snapshot),
      clear: () => store.getState().clear(),
      getSnapshot: () => store.getState().snapshot,
      getHistory: () => store.getState().history,
    };
    window.__archsimLiveMetrics = hook;
    return () => {
      if (window.__archsimLiveMetrics === hook) delete window.__archsimLiveMetrics;
    };
  }, [store]);
}
