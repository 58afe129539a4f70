"use client";
/**
 * The timeline of the current run with its faults (the scenario's and those injected while it
 * ran), and "Save faults as scenario": a new scenario of the design with the run's workload,
 * duration and warm-up and its faults as they happened, added as one undoable command.
 */
import { useMemo, useState } from "react";
import { useStore } from "zustand";
import { parseDesign, type Fault, type Scenario } from "../../model";
import { getFaultSpans, getFreeScenarioName, toRunScenario } from "../../model/scenario-faults";
import type { DesignDocumentStore } from "../store/design-document";
import { RunTimeline } from "./run-timeline";
import type { SimulationClientSnapshot } from "./simulation-client";

export type RunFaultsProps = {
  doc: DesignDocumentStore;
  /** What the run was started with (run-panel's RunInputs); null before the first run. */
  run: { designText: string; scenario: string; seed: number; durationMs: number; scenarioSpec?: Scenario } | null;
  sim: SimulationClientSnapshot;
  /** A scenario was saved under `name`. */
  onSaved(name: string): void;
};

/**
 * The run's scenario as the run had it (the design may have been edited since) and its faults
 * as spans over the whole run: a stopped run's later scenario faults stay (drawn ahead of the
 * stop, and saved). The timeline and the charts draw the same spans.
 */
export function useRunFaultSpans(run: RunFaultsProps["run"], sim: SimulationClientSnapshot) {
  // The run keeps its scenario as parsed when it started; parsing the design text again here
  // (once per user of this hook) held the main thread for tens of ms as a run began.
  const scenario = useMemo(() => {
    if (!run) return undefined;
    if (run.scenarioSpec) return run.scenarioSpec;
    const design = parseDesign(run.designText).design;
    return design && Object.hasOwn(design.scenarios, run.scenario) ? design.scenarios[run.scenario] : undefined;
  }, [run]);
  const spans = useMemo(
    () => getFaultSpans(scenario?.faults ?? ([] as Fault[]), sim.injected, sim.healedAtMs, sim.durationMs),
    [scenario, sim.injected, sim.healedAtMs, sim.durationMs],
  );
  return { scenario, spans };
}

export function RunFaults({ doc, run, sim, onSaved }: RunFaultsProps) {
  const { scenario, spans } = useRunFaultSpans(run, sim);
  const active = sim.status === "running" || sim.status === "paused";
  // The faults last saved (the client's `injected` list, which a new injection or a new run
  // replaces) and the scenario's name: saving the same faults again would only add a copy.
  const [saved, setSaved] = useState<{ injected: SimulationClientSnapshot["injected"]; name: string } | null>(null);
  const scenarios = useStore(doc, (s) => s.design?.scenarios);
  const savedAs =
    saved && saved.injected === sim.injected && scenarios && Object.hasOwn(scenarios, saved.name) ? saved.name : null;

  const save = () => {
    if (!run || !scenario) return;
    const taken = Object.keys(doc.getState().design?.scenarios ?? {});
    const name = getFreeScenarioName(run.scenario, taken);
    const value = toRunScenario(
      scenario,
      spans,
      run.durationMs,
      `Faults of a run of ${run.scenario} (seed ${run.seed}), injected ones included`,
    );
    if (
      doc.getState().apply({
        type: "addEntry",
        path: ["scenarios"],
        key: name,
        value,
        label: `Saved the run's faults as scenario ${name}`,
      })
    ) {
      setSaved({ injected: sim.injected, name });
      onSaved(name);
    }
  };

  return (
    <div className="as-run-faults-timeline">
      <RunTimeline durationMs={sim.durationMs} simulatedMs={sim.simulatedMs} spans={spans} running={active} />
      <button
        type="button"
        onClick={save}
        disabled={sim.injected.length === 0 || !scenario || savedAs !== null}
        title={
          sim.injected.length === 0
            ? "Inject a fault during a run to save the run's faults as a new scenario"
            : savedAs !== null
              ? `Saved as scenario ${savedAs}; inject another fault during a run to save again`
              : "Add a scenario with this run's faults, injected ones included, at the times they took effect"
        }
      >
        Save faults as scenario
      </button>
    </div>
  );
}
