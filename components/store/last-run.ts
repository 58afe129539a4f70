/**
 * The open design's last finished run, as the inspector's blast radius needs it to confirm its
 * prediction: the design text it ran, the result (with its per-second timeseries) and the run's faults as they happened
 * (the scenario's own and those injected while it ran, cut short by heals). One run per open
 * design, replaced by the next; kept by the document store, so it outlives the run panel being
 * closed. A React-free zustand store, like live-metrics.ts.
 */
import { createStore, type StoreApi } from "zustand/vanilla";
import { parseDesign, type Scenario } from "../../model";
import { getFaultSpans, type FaultSpan, type InjectedFault } from "../../model/scenario-faults";
import type { SimulationResult } from "../../simulator";

export type LastRun = {
  /** The design text the run started with: the blast radius is predicted from it, not from later edits. */
  designText: string;
  scenario: string;
  seed: number;
  result: SimulationResult;
  /** The run's faults as they happened, in order of start. */
  spans: readonly FaultSpan[];
};

export type LastRunState = {
  run: LastRun | null;
  set(run: LastRun | null): void;
};

export type LastRunStore = StoreApi<LastRunState>;

export function createLastRunStore(): LastRunStore {
  return createStore<LastRunState>()((set) => ({
    run: null,
    set: (run) => set({ run }),
  }));
}

/**
 * The last run of a finished simulation: the faults of its scenario (read from the design text
 * the run started with) and the injected ones, as spans up to the end of the run.
 */
export function toLastRun(
  inputs: { designText: string; scenario: string; seed: number; scenarioSpec?: Scenario },
  result: SimulationResult,
  injected: readonly InjectedFault[],
  healedAtMs: readonly number[],
): LastRun {
  // The scenario as parsed when the run started, when given: no second parse as the run ends.
  const design = inputs.scenarioSpec ? null : parseDesign(inputs.designText).design;
  const scenario =
    inputs.scenarioSpec ??
    (design && Object.hasOwn(design.scenarios, inputs.scenario) ? design.scenarios[inputs.scenario] : undefined);
  const spans = getFaultSpans(scenario?.faults ?? [], injected, healedAtMs, result.simulatedSeconds * 1000);
  return { designText: inputs.designText, scenario: inputs.scenario, seed: inputs.seed, result, spans };
}

// By document store: a WeakMap keyed by a store made in the browser, so nothing is shared between
// documents or kept after one is dropped.
const byDocument = new WeakMap<object, LastRunStore>();

/** The last-run store of the document `doc` (made on first use). */
export function getLastRunStore(doc: object): LastRunStore {
  let store = byDocument.get(doc);
  if (!store) byDocument.set(doc, (store = createLastRunStore()));
  return store;
}
