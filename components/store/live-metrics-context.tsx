"use client";
/** The live metrics store of the open design, for the components under its provider. */
import { createContext, useContext, useState, type ReactNode } from "react";
import { useStore } from "zustand";
import { createLiveMetricsStore, type LiveMetricsState, type LiveMetricsStore } from "./live-metrics";

const LiveMetricsContext = createContext<LiveMetricsStore | null>(null);

export function LiveMetricsProvider({ children }: { children: ReactNode }) {
  const [store] = useState(createLiveMetricsStore);
  return <LiveMetricsContext.Provider value={store}>{children}</LiveMetricsContext.Provider>;
}

/** The store itself (to publish, or to read outside React's render). */
export function useLiveMetricsStore(): LiveMetricsStore {
  const store = useContext(LiveMetricsContext);
  if (!store) throw new Error("useLiveMetricsStore needs a LiveMetricsProvider above it");
  return store;
}

/** A slice of the live metrics; the component renders again only when the slice changes. */
export function useLiveMetrics<T>(selector: (s: LiveMetricsState) => T): T {
  return useStore(useLiveMetricsStore(), selector);
}
