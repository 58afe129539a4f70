/**
 * The live run's figures, apart from the design: the canvas's nodes and edges, the charts and
 * the run panel each subscribe to their own slice of this store (ux-guide: never put metrics
 * into React Flow's node or edge data). The run client publishes each snapshot it receives;
 * the history is a ring of the latest snapshots for charts and the timeline. One store per
 * open design, made by its provider (live-metrics-context.tsx), never a module global.
 */
import { createStore, type StoreApi } from "zustand/vanilla";
import type { RunSnapshot } from "../../simulator";

/** Snapshots kept for charts and scrubbing: one per simulated second, an hour of them. */
export const LIVE_HISTORY_LIMIT = 3600;

export type LiveMetricsState = {
  /** The snapshot shown (the latest, or the one the timeline points at); null with no run. */
  snapshot: RunSnapshot | null;
  /** The latest snapshots in simulated order, at most LIVE_HISTORY_LIMIT. */
  history: readonly RunSnapshot[];
  /** Adds a snapshot from the running simulation and shows it. */
  publish(snapshot: RunSnapshot): void;
  /** Adds a batch of snapshots in one change (subscribers hear once) and shows the last. */
  publishBatch(snapshots: readonly RunSnapshot[]): void;
  /** Forgets the run (a new run, another design, or none). */
  clear(): void;
};

export type LiveMetricsStore = StoreApi<LiveMetricsState>;

export function createLiveMetricsStore(): LiveMetricsStore {
  return createStore<LiveMetricsState>()((set, get) => ({
    snapshot: null,
    history: [],
    publish: (snapshot) => get().publishBatch([snapshot]),
    publishBatch: (snapshots) => {
      const last = snapshots.at(-1);
      if (!last) return;
      set((s) => ({ snapshot: last, history: [...s.history, ...snapshots].slice(-LIVE_HISTORY_LIMIT) }));
    },
    clear: () => set({ snapshot: null, history: [] }),
  }));
}
