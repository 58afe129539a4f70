/**
 * The finished runs of the open design, kept so two can be compared side by side (the run
 * panel's Compare tab). Each entry holds what the run was started with (the design text,
 * scenario, seed and duration) and its result with the per-second timeseries. At most
 * RUN_HISTORY_LIMIT are kept: a new run drops the oldest unpinned one. A React-free zustand
 * store, like live-metrics.ts.
 */
import { createStore, type StoreApi } from "zustand/vanilla";
import type { SimulationResult } from "../../simulator";

/**
 * Runs kept per open design. A run's result with its timeseries is about 1 kB per simulated
 * second, so ten hour-long runs stay near 40 MB at worst.
 */
export const RUN_HISTORY_LIMIT = 10;

/** Characters of a run's label (longer labels are cut). */
export const RUN_LABEL_LIMIT = 80;

export type RunRecord = {
  designText: string;
  scenario: string;
  seed: number;
  durationMs: number;
  result: SimulationResult;
};

export type RunHistoryEntry = RunRecord & {
  /** "run-1", "run-2", … in the order the runs finished; never reused within a store. */
  id: string;
  /** The N of the id: the run's number in this design's session. */
  number: number;
  label: string;
  /** A pinned run is not dropped to make room while an unpinned one can be. */
  pinned: boolean;
  /** Wall-clock time the run finished (ms since the epoch). */
  finishedAt: number;
};

export type RunHistoryState = {
  /** Oldest first; at most RUN_HISTORY_LIMIT. */
  runs: readonly RunHistoryEntry[];
  /**
   * Keeps a finished run and returns its id; the same result object twice is kept once. Past
   * the limit the oldest unpinned run goes (the oldest run when all are pinned).
   */
  add(run: RunRecord, finishedAt: Date): string;
  /** A new label; blank restores the default one. */
  rename(id: string, label: string): void;
  setPinned(id: string, pinned: boolean): void;
  remove(id: string): void;
  clear(): void;
};

export type RunHistoryStore = StoreApi<RunHistoryState>;

/**
 * "#2 inventory-slow · seed 1 · 14:02" (the run's number, then local time), with "· partial"
 * when the engine ended the run early. The number tells apart runs of one scenario and seed
 * in the same minute (say, before and after an edit of the design).
 */
export function defaultRunLabel(
  number: number,
  run: Pick<RunRecord, "scenario" | "seed" | "result">,
  finishedAt: Date,
): string {
  const hh = String(finishedAt.getHours()).padStart(2, "0");
  const mm = String(finishedAt.getMinutes()).padStart(2, "0");
  return `#${number} ${run.scenario} · seed ${run.seed} · ${hh}:${mm}${run.result.partial ? " · partial" : ""}`;
}

export function createRunHistoryStore(): RunHistoryStore {
  let next = 1;
  return createStore<RunHistoryState>()((set, get) => {
    const update = (id: string, f: (r: RunHistoryEntry) => RunHistoryEntry) => {
      const runs = get().runs;
      const i = runs.findIndex((r) => r.id === id);
      if (i === -1) return;
      const changed = f(runs[i]!);
      if (changed !== runs[i]) set({ runs: runs.map((r, j) => (j === i ? changed : r)) });
    };
    return {
      runs: [],
      add(run, finishedAt) {
        const same = get().runs.find((r) => r.result === run.result);
        if (same) return same.id;
        const number = next++;
        const entry: RunHistoryEntry = {
          ...run,
          id: `run-${number}`,
          number,
          label: defaultRunLabel(number, run, finishedAt),
          pinned: false,
          finishedAt: finishedAt.getTime(),
        };
        const runs = [...get().runs, entry];
        while (runs.length > RUN_HISTORY_LIMIT) {
          // The run just finished stays: it is the one the user is about to look at.
          const drop = runs.slice(0, -1).findIndex((r) => !r.pinned);
          runs.splice(drop === -1 ? 0 : drop, 1);
        }
        set({ runs });
        return entry.id;
      },
      rename(id, label) {
        const text = label.trim().slice(0, RUN_LABEL_LIMIT);
        update(id, (r) => {
          const next = text || defaultRunLabel(r.number, r, new Date(r.finishedAt));
          return next === r.label ? r : { ...r, label: next };
        });
      },
      setPinned(id, pinned) {
        update(id, (r) => (r.pinned === pinned ? r : { ...r, pinned }));
      },
      remove(id) {
        if (get().runs.some((r) => r.id === id)) set({ runs: get().runs.filter((r) => r.id !== id) });
      },
      clear: () => set({ runs: [] }),
    };
  });
}

// The open design's run history, by its document store: it outlives the run panel (closed and
// opened again) and goes with the document. A WeakMap keyed by a store made in the browser,
// so nothing is shared between documents or kept after one is dropped.
const byDocument = new WeakMap<object, RunHistoryStore>();

/** The run history of the document `doc` (made on first use). */
export function getRunHistoryStore(doc: object): RunHistoryStore {
  let store = byDocument.get(doc);
  if (!store) byDocument.set(doc, (store = createRunHistoryStore()));
  return store;
}
