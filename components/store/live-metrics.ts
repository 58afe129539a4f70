/**
 * The live run's figures, apart from the design: the canvas's nodes and edges, the charts and
 * the run panel each subscribe to their own slice of this store (ux-guide: never put metrics
 * into React Flow's node or edge data). The run client publishes each snapshot it receives;
 * the history is a ring of the latest snapshots for charts and the timeline. The timeline's
 * cursor picks which second the canvas shows: `snapshot` is always the one shown, so every
 * live consumer reads that one field and a scrubbed-back view does not move while the run
 * goes on. One store per open design, made by its provider (live-metrics-context.tsx), never
 * a module global.
 */
import { createStore, type StoreApi } from "zustand/vanilla";
import type { RunSnapshot } from "../../simulator";

/**
 * Snapshots kept for charts and scrubbing: one per simulated second, an hour of them. Seconds
 * older than the ring's first cannot be scrubbed back to.
 */
export const LIVE_HISTORY_LIMIT = 3600;

export type LiveMetricsState = {
  /** The snapshot shown: the latest, or the one the cursor points at; null with no run. */
  snapshot: RunSnapshot | null;
  /** The latest snapshot of the run, whatever the cursor. */
  latest: RunSnapshot | null;
  /** The simulated second (a snapshot's `t`) the timeline shows; null follows the latest. */
  cursor: number | null;
  /** The latest snapshots in simulated order, at most LIVE_HISTORY_LIMIT. */
  history: readonly RunSnapshot[];
  /** Adds a snapshot from the running simulation and shows it. */
  publish(snapshot: RunSnapshot): void;
  /**
   * Adds a batch of snapshots in one change (subscribers hear once); shows the last, unless the
   * cursor holds an earlier second.
   */
  publishBatch(snapshots: readonly RunSnapshot[]): void;
  /**
   * Shows second `t` (clamped to the seconds the ring still holds), or follows the latest
   * again with null. Before any snapshot it does nothing.
   */
  setCursor(t: number | null): void;
  /**
   * Components lit on the canvas: those of the trace span under the pointer (or focused) in
   * the Traces tab; empty when none. Each node reads only whether it is lit (isHighlighted).
   */
  highlight: readonly string[];
  /** Lights these components (a span's caller and callee, at most a few), or none with []. */
  setHighlight(components: readonly string[]): void;
  /** The run's faults (the scenario's and those injected), for the badges on their components. */
  faults: readonly LiveFault[];
  /** Replaces the run's faults (the run panel, whenever they change). */
  setFaults(faults: readonly LiveFault[]): void;
  /** Forgets the run (a new run, another design, or none). */
  clear(): void;
};

export type LiveMetricsStore = StoreApi<LiveMetricsState>;

/** A fault of the run as the canvas shows it: on which components, in words, and when (simulated ms). */
export type LiveFault = { targets: readonly string[]; label: string; startMs: number; endMs: number };

/**
 * The faults on component `id` during the shown second, each as its label and what is left of it
 * (`crash payment · 42 s left`, `… · until recovered`); empty with no run or none active then.
 * Strings, so a node's selector compares them shallowly and re-renders only when one changes.
 */
export function getNodeFaultBadges(s: LiveMetricsState, id: string): string[] {
  const shown = s.snapshot;
  if (!shown || s.faults.length === 0) return [];
  const from = shown.t * 1000;
  const to = from + 1000;
  const out: string[] = [];
  for (const f of s.faults) {
    if (!f.targets.includes(id) || f.startMs >= to || f.endMs <= from) continue;
    const seconds = Math.ceil((f.endMs - to) / 1000);
    const left = f.endMs === Infinity ? "until recovered" : seconds > 0 ? `${seconds} s left` : "ends this second";
    out.push(`${f.label} · ${left}`);
  }
  return out;
}

/** The snapshot every live view draws (the canvas's nodes, edges and topic depths). */
export function selectShownSnapshot(s: LiveMetricsState): RunSnapshot | null {
  return s.snapshot;
}

/** Whether component `id` is lit on the canvas (a trace span under the pointer runs on it). */
export function isHighlighted(s: LiveMetricsState, id: string): boolean {
  return s.highlight.includes(id);
}

/** Whether the view is held on an earlier second than the latest. */
export function isScrubbed(s: LiveMetricsState): boolean {
  return s.cursor !== null;
}

/** The snapshot of second `t` in a history in simulated order, or undefined when the ring no longer (or not yet) holds it. */
export function findSnapshot(history: readonly RunSnapshot[], t: number): RunSnapshot | undefined {
  const first = history[0];
  if (!first) return undefined;
  // One snapshot a second, in order: the index is usually t - first.t; search when it is not.
  const guess = history[t - first.t];
  if (guess?.t === t) return guess;
  let lo = 0;
  let hi = history.length - 1;
  while (lo <= hi) {
    const mid = (lo + hi) >> 1;
    const m = history[mid]!.t;
    if (m === t) return history[mid];
    if (m < t) lo = mid + 1;
    else hi = mid - 1;
  }
  return undefined;
}

export function createLiveMetricsStore(): LiveMetricsStore {
  return createStore<LiveMetricsState>()((set, get) => ({
    snapshot: null,
    latest: null,
    cursor: null,
    history: [],
    highlight: [],
    faults: [],
    publish: (snapshot) => get().publishBatch([snapshot]),
    publishBatch: (snapshots) => {
      const last = snapshots.at(-1);
      if (!last) return;
      // Scrubbed back, the shown snapshot stays the same object: no live selector's result changes.
      set((s) => ({
        latest: last,
        snapshot: s.cursor === null ? last : s.snapshot,
        history: [...s.history, ...snapshots].slice(-LIVE_HISTORY_LIMIT),
      }));
    },
    setCursor: (t) => {
      const { history, latest, cursor } = get();
      if (!latest) return;
      if (t === null) {
        if (cursor !== null) set({ cursor: null, snapshot: latest });
        return;
      }
      const first = history[0]?.t ?? latest.t;
      const at = Math.min(latest.t, Math.max(first, Math.round(t)));
      const shown = findSnapshot(history, at) ?? latest;
      if (at === cursor && shown === get().snapshot) return;
      set({ cursor: at, snapshot: shown });
    },
    setHighlight: (components) => {
      const now = get().highlight;
      if (components.length === now.length && components.every((c, i) => c === now[i])) return;
      set({ highlight: [...components] });
    },
    setFaults: (faults) => set({ faults }),
    clear: () => set({ snapshot: null, latest: null, cursor: null, history: [], faults: [] }),
  }));
}
