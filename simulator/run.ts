/**
 * The simulator's API: `simulate` runs a scenario to its end; `createRun` gives a
 * steppable run that advances by simulated time, emits a snapshot per simulated
 * second, takes faults while it runs and can be cancelled.
 */
import { LIMITS, type Design, type Fault } from "../model";
import { compileDesign, compileWorkload, type CompiledDesign } from "./compile";
import type { SimulateOptions } from "./options";
import type { SimulationResult, StopReason, TimeseriesEntry } from "./result";
import { RunStop, Simulation } from "./runtime/simulation";
import { RUN_LIMITS } from "./runtime/limits";
import type { ResultHistograms } from "./runtime/metrics";
import type { Trace } from "./runtime/trace";

export type { ResultHistograms } from "./runtime/metrics";
export { round, roundAll } from "./runtime/metrics";
import { round } from "./runtime/metrics";

export const DEFAULT_MAX_EVENTS = 500_000_000;
export const DEFAULT_MAX_IN_FLIGHT = 1_000_000;
/** `advance` returns after at most this many events, even when simulated time stands still. */
export const ADVANCE_BATCH_EVENTS = 1 << 20;
/** With a clock, `advance` returns after about this much wall time (ms), so a caller can yield. */
export const ADVANCE_SLICE_MS = 100;

/**
 * Compiled designs by design object: runs never change a compiled design, so replications of
 * one design (a worker runs many seeds) compile it once; a 10,000-component design takes
 * about half a second to compile.
 */
const compiledDesigns = new WeakMap<Design, CompiledDesign>();

/** A design or option the simulator cannot run, with a message fit for a user. */
export function simulationError(message: string): Error {
  const e = new Error(message);
  e.name = "SimulationError";
  return e;
}

/** Whether `e` is a design or option the simulator cannot run (its message is for the user). */
export function isSimulationError(e: unknown): e is Error {
  return e instanceof Error && e.name === "SimulationError";
}

export type RunSnapshot = TimeseriesEntry & { simulatedMs: number; done: boolean };

export interface SimulationRun {
  /**
   * Advances the run by up to `ms` of simulated time (or to its end); returns false once it
   * has ended. It returns early, true, after ADVANCE_BATCH_EVENTS events or (with a clock)
   * ADVANCE_SLICE_MS of wall time, so a caller can yield even when simulated time stands still.
   */
  advance(ms: number): boolean;
  /** Runs to the end (or a limit) and returns the result. */
  finish(): SimulationResult;
  /**
   * The sampled request traces kept so far, ordered by start (empty unless the run was created
   * with `traces`); a span still open now ends now, as "unfinished".
   */
  traces(): Trace[];
  /** The latency histograms behind the result, keyed like its paths, for pooling replications. */
  histograms(): ResultHistograms;
  /** Adds a fault now (its `at` is ignored when already past). */
  inject(fault: Fault): void;
  /** Ends every active fault now. */
  healAll(): void;
  cancel(): void;
  /** The latest per-second snapshot (undefined before the first second completes). */
  getSnapshot(): RunSnapshot | undefined;
  /** Called once per simulated second; returns an unsubscribe function. */
  subscribe(listener: (s: RunSnapshot) => void): () => void;
  readonly simulatedMs: number;
  readonly durationMs: number;
  readonly done: boolean;
}

/**
 * Creates a steppable run of a scenario. The design is compiled once per design object and
 * must not be changed afterwards (an edit makes a new design).
 * @example
 * const run = createRun(design, { scenario: "payment-outage", seed: 7 });
 * run.subscribe((s) => console.log(s.t, s.latency.p99));
 * while (run.advance(1000)) {}
 * const result = run.finish();
 */
export function createRun(design: Design, options: SimulateOptions): SimulationRun {
  const scenario = Object.hasOwn(design.scenarios, options.scenario) ? design.scenarios[options.scenario] : undefined;
  if (!scenario) {
    const names = Object.keys(design.scenarios);
    throw simulationError(
      names.length === 0
        ? `the design has no scenarios: add one under \`scenarios\` to simulate it`
        : `there is no scenario "${options.scenario}"; the design has: ${names.join(", ")}`,
    );
  }
  const durationMs = options.durationMs ?? scenario.duration;
  if (!(durationMs > 0) || !Number.isFinite(durationMs))
    throw simulationError(`the duration must be a positive number of milliseconds (got ${durationMs})`);
  if (durationMs > LIMITS.scenarioDurationMs)
    throw simulationError(
      `the duration must be at most ${LIMITS.scenarioDurationMs / 3_600_000}h (${LIMITS.scenarioDurationMs / 86_400_000} days; got ${durationMs / 3_600_000}h)`,
    );
  const seed = options.seed ?? 1;
  if (!Number.isInteger(seed)) throw simulationError(`the seed must be an integer (got ${seed})`);
  let cd = compiledDesigns.get(design);
  if (cd === undefined) compiledDesigns.set(design, (cd = compileDesign(design)));
  const sim = new Simulation({
    cd,
    limits: { ...RUN_LIMITS, ...options.limits },
    workload: compileWorkload(design, cd, scenario.workload),
    faults: scenario.faults,
    durationMs,
    warmupMs: Math.min(scenario.warmup, durationMs),
    seed,
    ...(options.traces ? { traces: options.traces } : {}),
  });

  const clock = options.clock;
  const wallStart = clock ? clock.now() : 0;
  const maxEvents = options.maxEvents ?? DEFAULT_MAX_EVENTS;
  const maxWall = options.maxWallMs ?? Infinity;
  const maxInFlight = options.maxInFlight ?? DEFAULT_MAX_IN_FLIGHT;
  let stopReason: StopReason | undefined;
  let cancelled = false;
  let finished = false;
  const listeners = new Set<(s: RunSnapshot) => void>();
  const keepSeries = options.timeseries === true;
  const series: TimeseriesEntry[] = [];
  let latest: RunSnapshot | undefined;

  let lastEmitted = -1;
  const emit = (t: number) => {
    lastEmitted = t;
    if (!keepSeries && listeners.size === 0 && !options.onProgress) return;
    const entry = sim.metrics.getSecond(t);
    if (keepSeries) series.push(entry);
    latest = { ...entry, simulatedMs: sim.now, done: sim.now >= durationMs };
    for (const l of listeners) l(latest);
    options.onProgress?.(Math.min(1, sim.now / durationMs));
  };
  sim.onSecond = emit;
  sim.onRequestDone = options.onRequestDone ?? null;
  sim.trackSeconds = keepSeries || options.onProgress !== undefined;

  let sliceStart = 0;
  let sliceOver = false;
  const check = (): boolean => {
    if (cancelled || options.signal?.aborted) {
      stopReason = "cancelled";
      return true;
    }
    if (clock) {
      const now = clock.now();
      if (now - wallStart > maxWall) {
        stopReason = "wallTime";
        return true;
      }
      // Hand control back to the caller now and then, so it can take Ctrl-C or draw.
      if (now - sliceStart > ADVANCE_SLICE_MS) {
        sliceOver = true;
        return true;
      }
    }
    if (sim.inFlight > maxInFlight) {
      stopReason = "inFlight";
      return true;
    }
    return false;
  };

  const complete = () => {
    if (finished) return;
    finished = true;
    // The last, possibly partial, second: the scenario's last one, or where a limit stopped it.
    const last = Math.ceil(Math.min(sim.now, durationMs) / 1000) - 1;
    if (last > lastEmitted) emit(last);
  };

  const run: SimulationRun = {
    advance(ms: number): boolean {
      if (finished || stopReason) return false;
      sliceStart = clock ? clock.now() : 0;
      sliceOver = false;
      // A slice already over here (a pause between two clock readings) is no stop: the step runs.
      if (check() && !sliceOver) {
        complete();
        return false;
      }
      sliceOver = false;
      const budget = Math.min(maxEvents, sim.events + ADVANCE_BATCH_EVENTS);
      const stop = sim.runUntil(sim.now + ms, budget, check);
      if (stop === RunStop.Checked && sliceOver && stopReason === undefined) return true;
      if (stop === RunStop.EventBudget && budget < maxEvents) return true;
      if (stop !== RunStop.Reached) {
        stopReason ??= stop === RunStop.Limit ? sim.limitReason! : "events";
        complete();
        return false;
      }
      if (sim.now >= durationMs) {
        complete();
        return false;
      }
      return true;
    },
    finish(): SimulationResult {
      while (run.advance(durationMs)) {
        /* runs to the end or a limit */
      }
      complete();
      const wall = clock ? (clock.now() - wallStart) / 1000 : 0;
      const figures = sim.metrics.getFigures();
      const result: SimulationResult = {
        scenario: options.scenario,
        seed,
        simulatedSeconds: figures.simulatedSeconds,
        wallSeconds: round(wall),
        events: figures.events,
        eventsPerSecond: wall > 0 ? Math.round(figures.events / wall) : 0,
        partial: stopReason !== undefined,
        ...(stopReason ? { stopReason } : {}),
        requests: figures.requests,
        latency: figures.latency,
        routes: figures.routes,
        components: figures.components,
        topics: figures.topics,
      };
      if (keepSeries) result.timeseries = series;
      return result;
    },
    histograms: () => sim.metrics.getHistograms(),
    traces: () => sim.traces(),
    inject(fault: Fault): void {
      sim.addFault(fault);
    },
    healAll(): void {
      sim.healAll();
    },
    cancel(): void {
      cancelled = true;
    },
    getSnapshot: () => latest,
    subscribe(listener) {
      listeners.add(listener);
      sim.trackSeconds = true;
      return () => listeners.delete(listener);
    },
    get simulatedMs() {
      return sim.now;
    },
    durationMs,
    get done() {
      return finished;
    },
  };
  return run;
}

/**
 * Runs a scenario of a validated design and returns the result object of the format.
 * @example simulate(parseDesign(text).design!, { scenario: "baseline", seed: 1 }).latency.p99
 */
export function simulate(design: Design, options: SimulateOptions): SimulationResult {
  return createRun(design, options).finish();
}
