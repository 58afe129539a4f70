"use client";
/**
 * The run panel: choose a scenario, seed, duration and speed; run, pause, resume, stop and
 * restart the simulation (an xstate machine says which buttons apply); watch its progress and
 * a small readout per route and topic. The engine runs in a Web Worker behind the simulation
 * client; every snapshot is published into the open design's live metrics store for the canvas
 * and charts.
 */
import "./run-panel.css";
import { useMachine } from "@xstate/react";
import { useEffect, useMemo, useState, useSyncExternalStore } from "react";
import { useStore } from "zustand";
import type { RunSnapshot, SimulationResult } from "../../simulator";
import { RUN_SPEEDS, type RunSpeed } from "../../simulator/protocol";
import type { DesignDocumentStore } from "../store/design-document";
import { useLiveMetricsStore } from "../store/live-metrics-context";
import { getRunControls, runMachine, type RunMachineEvent } from "../store/run-machine";
import type { Design, Scenario } from "../../model";
import { scopeFromParam, toChartRegions, type ChartRegion } from "../charts/chart-data";
import { getFaultLabel } from "../../model/scenario-faults";
import { RunCharts } from "../charts/run-charts";
import { toFileName } from "../designer/export-files";
import { FaultControls } from "./fault-controls";
import { resultJson, timeseriesCsv } from "./run-export";
import { formatSeconds, getReadoutRows, getRunStatusLine } from "./run-status";
import { createSimulationClient, createWorker, type SimulationClient } from "./simulation-client";
import { downloadBlob } from "../ui/download";
import { RunTabs, type RunTab } from "./run-tabs";
import { TracesView } from "./trace-waterfall";
import { RunFaults, useRunFaultSpans } from "./run-faults";
import { ScenarioEditor } from "./scenario-editor";
import { getRunHistoryStore } from "../store/run-history";
import { RunCompare } from "./run-compare";
import { getSloBadge, SloPanel, useSloReports } from "./slo-panel";
import { getJudgedRun } from "./slo-edit";
import { getLastRunStore, toLastRun } from "../store/last-run";
import { findRouteSlo } from "../../simulator/slo";

const SPEED_LABELS: Record<string, string> = { max: "As fast as possible", 1: "Real time ×1", 10: "×10", 100: "×100" };

// Test hook: how many simulation workers this page has alive (the e2e checks none is left).
declare global {
  interface Window {
    __archsimSimulationWorkers?: () => number;
  }
}

export function RunPanel({ doc }: { doc: DesignDocumentStore }) {
  const design = useStore(doc, (s) => s.design);
  const valid = useStore(doc, (s) => s.valid);
  const diagnostics = useStore(doc, (s) => s.diagnostics);
  const selection = useStore(doc, (s) => s.selection);
  const errors = diagnostics.filter((d) => d.severity === "error");
  const metrics = useLiveMetricsStore();
  const [client] = useState<SimulationClient>(() =>
    createSimulationClient(createWorker, {
      onSnapshots: (batch) => metrics.getState().publishBatch(batch),
    }),
  );
  const sim = useSyncExternalStore(client.subscribe, client.getSnapshot, client.getSnapshot);
  const [machine, send] = useMachine(runMachine);
  const controls = getRunControls(machine);

  const scenarios = useMemo(() => Object.keys(design?.scenarios ?? {}), [design]);
  const [scenarioChoice, setScenario] = useState<string | null>(null);
  const scenario = scenarioChoice !== null && scenarios.includes(scenarioChoice) ? scenarioChoice : scenarios[0];
  const [seed, setSeed] = useState("1");
  const [durationChoice, setDuration] = useState<string | null>(null);
  const scenarioSeconds = scenario && design ? design.scenarios[scenario]!.duration / 1000 : 0;
  const duration = durationChoice ?? String(scenarioSeconds);
  const [speed, setSpeed] = useState<RunSpeed>("max");
  const [tab, setTab] = useState("live");
  // Expanded, the panel takes most of the designer's height (the canvas keeps a strip).
  const [expanded, setExpanded] = useState(false);
  // What the current (or last) run was started with: the design text, scenario and seed.
  const [runInputs, setRunInputs] = useState<RunInputs | null>(null);

  // Finished runs are kept for the Compare tab (stopped or failed ones have no result to keep).
  const runHistory = getRunHistoryStore(doc);
  const keptRuns = useStore(runHistory, (s) => s.runs.length);
  useEffect(() => {
    if (sim.status === "done" && sim.result && runInputs)
      runHistory.getState().add({ ...runInputs, result: sim.result }, new Date());
  }, [sim.status, sim.result, runInputs, runHistory]);

  // The last finished run, with its faults, for the inspector to confirm a blast radius.
  useEffect(() => {
    if (sim.status === "done" && sim.result && runInputs)
      getLastRunStore(doc)
        .getState()
        .set(toLastRun(runInputs, sim.result, sim.injected, sim.healedAtMs));
  }, [doc, sim.status, sim.result, sim.injected, sim.healedAtMs, runInputs]);
  // The SLOs badge judges what the SLOs tab shows: the last run only if it ran the chosen scenario.
  const sloReports = useSloReports(design, getJudgedRun(sim.result, scenario));

  useEffect(() => {
    window.__archsimSimulationWorkers = () => (client.getSnapshot().workerAlive ? 1 : 0);
    return () => {
      client.dispose();
      delete window.__archsimSimulationWorkers;
    };
  }, [client]);

  // The worker's own ending (done or failed) moves the machine too.
  useEffect(() => {
    if (sim.status === "done") send({ type: "DONE" });
    else if (sim.status === "failed") send({ type: "FAIL" });
  }, [sim.status, send]);

  const seedNumber = Number(seed);
  const durationSeconds = Number(duration);
  const problem = !valid
    ? `This design has ${errors.length} error${errors.length === 1 ? "" : "s"}; fix ${errors.length === 1 ? "it" : "them"} to run it${errors[0] ? `: ${errors[0].message}` : ""}.`
    : scenarios.length === 0
      ? "This design has no scenarios: add one under `scenarios` to simulate it."
      : !Number.isInteger(seedNumber)
        ? "The seed must be a whole number."
        : !(durationSeconds > 0)
          ? "The duration must be a positive number of seconds."
          : null;

  const start = (event: RunMachineEvent) => {
    if (problem || !scenario) return;
    metrics.getState().clear();
    const current = doc.getState();
    setRunInputs({
      designText: current.text,
      scenario,
      seed: seedNumber,
      durationMs: Math.round(durationSeconds * 1000),
      scenarioSpec: current.design?.scenarios[scenario],
    });
    client.start(
      {
        design: { text: doc.getState().text },
        scenario,
        seed: seedNumber,
        speed,
        durationMs: Math.round(durationSeconds * 1000),
      },
      Math.round(durationSeconds * 1000),
    );
    send(event);
  };

  // The run's faults, shaded on every chart as on the timeline.
  const { spans: faultSpans } = useRunFaultSpans(runInputs, sim);
  // …and hung under their components on the canvas, with what is left of each.
  useEffect(() => {
    metrics.getState().setFaults(
      faultSpans.map((f) => ({
        targets: f.fault.kind === "partition" ? f.fault.between : [f.fault.target],
        label: getFaultLabel(f.fault),
        startMs: f.startMs,
        // A scenario's fault without `for` lasts to the end of the run; an injected one until recovered.
        endMs: f.endMs === Infinity && f.source === "scenario" ? sim.durationMs : f.endMs,
      })),
    );
  }, [faultSpans, metrics, sim.durationMs]);
  const chartRegions = useMemo(
    () =>
      toChartRegions(
        faultSpans.map((f) => ({ ...f, label: getFaultLabel(f.fault) })),
        Math.max(sim.simulatedMs, sim.result ? sim.result.simulatedSeconds * 1000 : 0),
      ),
    [faultSpans, sim.simulatedMs, sim.result],
  );

  // The panel's views, in this order (Live, SLOs, Traces, Compare, Scenario); each lives in its own file.
  const tabs: RunTab[] = [
    {
      id: "live",
      label: "Live",
      render: () => (
        <>
          <Readout snapshots={sim.snapshots} result={sim.result} />
          {sim.status !== "idle" ? (
            <ChartsSection design={design} selection={selection} regions={chartRegions} />
          ) : (
            <p className="as-run-empty">Run the design to see its routes, topics and charts here.</p>
          )}
        </>
      ),
    },
    {
      id: "slos",
      label: "SLOs",
      badge: getSloBadge(sloReports),
      render: () => <SloPanel doc={doc} design={design} scenario={scenario} result={sim.result} />,
    },
    {
      id: "traces",
      label: "Traces",
      badge: sim.traces.length > 0 ? String(sim.traces.length) : undefined,
      render: () => (
        <TracesView
          traces={sim.traces}
          status={sim.status}
          selected={selection.length === 1 && design && selection[0]! in design.components ? selection[0] : null}
        />
      ),
    },
    {
      id: "compare",
      label: "Compare",
      badge: keptRuns > 0 ? `${keptRuns} run${keptRuns === 1 ? "" : "s"}` : undefined,
      render: () => <RunCompare history={runHistory} />,
    },
    { id: "scenario", label: "Scenario", render: () => <ScenarioEditor doc={doc} scenario={scenario} /> },
  ];

  const phase = String(machine.value);
  const running = phase === "running" || phase === "paused";
  const totalSeconds = sim.durationMs / 1000;
  const doneSeconds = Math.min(totalSeconds, sim.simulatedMs / 1000);
  return (
    <section
      className="as-run"
      aria-label="Simulation"
      data-testid="run-panel"
      data-phase={phase}
      data-expanded={expanded ? "true" : undefined}
    >
      <div className="as-run-controls">
        <label>
          Scenario
          <select
            aria-label="Scenario"
            value={scenario ?? ""}
            onChange={(e) => {
              setScenario(e.target.value);
              setDuration(null);
            }}
            disabled={running || scenarios.length === 0}
          >
            {scenarios.map((s) => (
              <option key={s} value={s}>
                {s}
              </option>
            ))}
          </select>
        </label>
        <label>
          Seed
          <input
            inputMode="numeric"
            value={seed}
            onChange={(e) => setSeed(e.target.value)}
            disabled={running}
            size={6}
          />
        </label>
        <label>
          Duration (s)
          <input
            inputMode="decimal"
            value={duration}
            onChange={(e) => setDuration(e.target.value)}
            disabled={running}
            size={6}
          />
        </label>
        <label>
          Speed
          <select
            aria-label="Speed"
            value={String(speed)}
            onChange={(e) => {
              const next = RUN_SPEEDS.find((s) => String(s) === e.target.value) ?? "max";
              setSpeed(next);
              client.setSpeed(next);
            }}
          >
            {RUN_SPEEDS.map((s) => (
              <option key={s} value={String(s)}>
                {SPEED_LABELS[String(s)]}
              </option>
            ))}
          </select>
        </label>
        <div className="as-run-buttons">
          <button
            type="button"
            className="as-primary"
            onClick={() => start({ type: "RUN" })}
            disabled={!controls.run || !!problem}
          >
            Run
          </button>
          <button
            type="button"
            onClick={() => {
              client.pause();
              send({ type: "PAUSE" });
            }}
            disabled={!controls.pause}
          >
            Pause
          </button>
          <button
            type="button"
            onClick={() => {
              client.resume();
              send({ type: "RESUME" });
            }}
            disabled={!controls.resume}
          >
            Resume
          </button>
          <button
            type="button"
            onClick={() => {
              client.stop();
              send({ type: "STOP" });
            }}
            disabled={!controls.stop}
          >
            Stop
          </button>
          <button type="button" onClick={() => start({ type: "RESTART" })} disabled={!controls.restart || !!problem}>
            Restart
          </button>
        </div>
        <button
          type="button"
          className="as-run-expand"
          aria-pressed={expanded}
          title={expanded ? "Give the canvas its room back" : "Let the panel take most of the room (charts, traces)"}
          onClick={() => setExpanded((e) => !e)}
        >
          {expanded ? "Shrink panel" : "Expand panel"}
        </button>
      </div>
      {problem ? (
        <p className="as-run-problem" role="alert" data-testid="run-problem">
          {problem}
        </p>
      ) : null}
      <div className="as-run-progress">
        <progress max={totalSeconds || 1} value={doneSeconds} aria-label="Simulated time" />
        <span data-testid="run-progress">
          {totalSeconds ? `${formatSeconds(doneSeconds)} of ${formatSeconds(totalSeconds)} simulated` : "Not run yet"}
        </span>
        <p className="as-run-status" role="status" data-testid="run-status" data-status={sim.status}>
          {getRunStatusLine(phase, sim.result, sim.error)}
        </p>
        {sim.result ? (
          <div className="as-run-export">
            <button
              type="button"
              onClick={() =>
                downloadBlob(
                  new Blob([resultJson(sim.result!)], { type: "application/json" }),
                  `${exportStem(design, sim.result!)}.json`,
                )
              }
            >
              Export results
            </button>
            <button
              type="button"
              onClick={() =>
                downloadBlob(
                  new Blob([timeseriesCsv(sim.result!.timeseries ?? [])], { type: "text/csv" }),
                  `${exportStem(design, sim.result!)}-timeseries.csv`,
                )
              }
            >
              Export CSV
            </button>
          </div>
        ) : null}
      </div>
      {sim.status !== "idle" ? (
        <RunFaults
          doc={doc}
          run={runInputs}
          sim={sim}
          onSaved={(name) => {
            setScenario(name);
            setDuration(null);
            setTab("scenario");
          }}
        />
      ) : null}
      <FaultControls
        design={design}
        selection={selection}
        active={sim.status === "running" || sim.status === "paused"}
        injected={sim.injected}
        healedAtMs={sim.healedAtMs}
        refusal={sim.faultRefusal}
        inject={(fault) => client.inject(fault)}
        heal={() => client.heal()}
      />
      <RunTabs tabs={tabs} active={tab} onChange={setTab} />
    </section>
  );
}

/** What a run was started with. */
export type RunInputs = {
  designText: string;
  scenario: string;
  seed: number;
  durationMs: number;
  /** The scenario as parsed from designText when the run started (no second parse of the text). */
  scenarioSpec?: Scenario;
};

/** The exported files' stem: the design's file name, the scenario and the seed. */
function exportStem(design: Design | null, result: SimulationResult): string {
  return `${toFileName(design?.name, "json").replace(/\.json$/, "")}-${result.scenario}-seed${result.seed}`;
}

/**
 * The run's charts, for the whole system, one route or one component (the selected component
 * is offered first); they follow the live metrics store, so they draw the run as it goes.
 */
function ChartsSection({
  design,
  selection,
  regions,
}: {
  design: Design | null;
  selection: readonly string[];
  regions: readonly ChartRegion[];
}) {
  const [choice, setChoice] = useState<string | null>(null);
  const routes = useMemo(() => {
    const keys = new Set<string>();
    for (const c of Object.values(design?.components ?? {}))
      if (c.kind === "gateway") for (const r of Object.keys(c.routes)) keys.add(r);
    return [...keys].sort();
  }, [design]);
  const components = useMemo(
    () =>
      Object.entries(design?.components ?? {})
        .filter(([, c]) => c.kind !== "client")
        .map(([id]) => id)
        .sort(),
    [design],
  );
  const selected = selection.length === 1 && components.includes(selection[0]!) ? `component:${selection[0]}` : null;
  const value = choice ?? selected ?? "system";
  const scope = scopeFromParam(value);
  return (
    <section className="as-run-charts" aria-label="Charts">
      <label className="as-run-charts-scope">
        Charts for
        <select aria-label="Charts for" value={value} onChange={(e) => setChoice(e.target.value)}>
          <option value="system">the whole system</option>
          <optgroup label="Routes">
            {routes.map((r) => (
              <option key={r} value={`route:${r}`}>
                {r}
              </option>
            ))}
          </optgroup>
          <optgroup label="Components">
            {components.map((id) => (
              <option key={id} value={`component:${id}`}>
                {id}
              </option>
            ))}
          </optgroup>
        </select>
      </label>
      <RunCharts
        scope={scope}
        slo={scope.kind === "route" && design ? findRouteSlo(design, scope.route)?.p99 : undefined}
        height={140}
        regions={regions}
      />
    </section>
  );
}

/** Per route: requests, success and p99; per topic: depth now, and its peak over the run. */
function Readout({ snapshots, result }: { snapshots: readonly RunSnapshot[]; result: SimulationResult | null }) {
  // Scrubbed back on the timeline, the readout is of that second too: sums up to it, depths at it.
  const cursor = useStore(useLiveMetricsStore(), (s) => s.cursor);
  const rows = useMemo(() => getReadoutRows(snapshots, result, cursor), [snapshots, result, cursor]);
  if (rows.routes.length === 0 && rows.topics.length === 0) return null;
  const final = result && cursor === null;
  return (
    <div className="as-run-readout">
      <table data-testid="run-routes">
        <caption>Routes{cursor !== null ? ` up to ${cursor} s` : final ? "" : " (so far)"}</caption>
        <thead>
          <tr>
            <th scope="col">Route</th>
            <th scope="col">Requests</th>
            <th scope="col">Success</th>
            <th scope="col">p99</th>
          </tr>
        </thead>
        <tbody>
          {rows.routes.map(([k, r]) => (
            <tr key={k} data-testid={`run-route-${k}`}>
              <th scope="row">{k}</th>
              <td data-testid="requests">{r.count.toLocaleString("en-US")}</td>
              <td data-testid="success" data-value={r.count ? (r.count - r.failed) / r.count : ""}>
                {r.count ? `${formatPercent((r.count - r.failed) / r.count)}` : "–"}
              </td>
              <td>{`${r.p99.toFixed(1)} ms`}</td>
            </tr>
          ))}
        </tbody>
      </table>
      <table data-testid="run-topics">
        <caption>Topics{cursor !== null ? ` at ${cursor} s` : ""}</caption>
        <thead>
          <tr>
            <th scope="col">Topic</th>
            <th scope="col">{cursor !== null ? `Depth at ${cursor} s` : "Depth now"}</th>
            <th scope="col">{cursor !== null ? "Peak so far" : "Peak depth"}</th>
          </tr>
        </thead>
        <tbody>
          {rows.topics.map(([k, t]) => (
            <tr key={k} data-testid={`run-topic-${k}`}>
              <th scope="row">{k}</th>
              <td data-testid="depth">{t.depth.toLocaleString("en-US")}</td>
              <td data-testid="peak">{t.peak.toLocaleString("en-US")}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

function formatPercent(x: number): string {
  return x === 1 ? "100%" : `${(Math.floor(x * 10000) / 100).toFixed(2)}%`;
}
