/**
 * The simulator's API: `simulate` runs a scenario to its end; `createRun` gives a
 * steppable run that advances by simulated time, emits a snapshot per simulated
 * second, takes faults while it runs and can be cancelled.
 */
import type { Design, Fault } from "../model";
import { compileDesign, compileWorkload, Kind } from "./compile";
import type { SimulateOptions } from "./options";
import {
  emptyCauses,
  FAILURE_CAUSES,
  type ComponentResult,
  type SimulationResult,
  type StopReason,
  type TimeseriesEntry,
} from "./result";
import { Simulation } from "./runtime/simulation";
import type { HistogramData } from "./metrics/histogram";

/** Latency histograms of a run, in the shape of the result. */
export interface ResultHistograms {
  requests: HistogramData;
  routes: Record<string, HistogramData>;
  components: Record<string, HistogramData>;
  topics: Record<string, HistogramData>;
}

export const DEFAULT_MAX_EVENTS = 500_000_000;
export const DEFAULT_MAX_IN_FLIGHT = 1_000_000;

/** A design or option the simulator cannot run, with a message fit for a user. */
export class SimulationError extends Error {
  override name = "SimulationError";
}

export type RunSnapshot = TimeseriesEntry & { simulatedMs: number; done: boolean };

export interface SimulationRun {
  /** Advances the run by `ms` of simulated time (or to its end); returns false once it has ended. */
  advance(ms: number): boolean;
  /** Runs to the end (or a limit) and returns the result. */
  finish(): SimulationResult;
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
 * Creates a steppable run of a scenario.
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
    throw new SimulationError(
      names.length === 0
        ? `the design has no scenarios: add one under \`scenarios\` to simulate it`
        : `there is no scenario "${options.scenario}"; the design has: ${names.join(", ")}`,
    );
  }
  const durationMs = options.durationMs ?? scenario.duration;
  if (!(durationMs > 0) || !Number.isFinite(durationMs))
    throw new SimulationError(`the duration must be a positive number of milliseconds (got ${durationMs})`);
  const seed = options.seed ?? 1;
  if (!Number.isInteger(seed)) throw new SimulationError(`the seed must be an integer (got ${seed})`);
  const cd = compileDesign(design);
  const sim = new Simulation({
    cd,
    workload: compileWorkload(design, cd, scenario.workload),
    faults: scenario.faults,
    durationMs,
    warmupMs: Math.min(scenario.warmup, durationMs),
    seed,
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
    const entry = snapshotOf(sim, t);
    if (keepSeries) series.push(entry);
    latest = { ...entry, simulatedMs: sim.now, done: sim.now >= durationMs };
    for (const l of listeners) l(latest);
    options.onProgress?.(Math.min(1, sim.now / durationMs));
  };
  sim.onSecond = emit;
  sim.onRequestDone = options.onRequestDone ?? null;
  sim.trackSeconds = keepSeries || options.onProgress !== undefined;

  const check = (): boolean => {
    if (cancelled || options.signal?.aborted) {
      stopReason = "cancelled";
      return true;
    }
    if (clock && clock.now() - wallStart > maxWall) {
      stopReason = "wallTime";
      return true;
    }
    if (sim.live > maxInFlight) {
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
      if (check()) {
        complete();
        return false;
      }
      const ok = sim.runUntil(sim.now + ms, maxEvents, check);
      if (!ok) {
        stopReason ??= "events";
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
      return resultOf(sim, options.scenario, seed, durationMs, wall, stopReason, keepSeries ? series : undefined);
    },
    histograms: () => histogramsOf(sim),
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

function histogramsOf(sim: Simulation): ResultHistograms {
  const routes: Record<string, HistogramData> = {};
  sim.wl.w.routeKeys.forEach((key, i) => {
    if (sim.wl.w.mixOps.includes(i)) routes[key] = sim.routes[i]!.hist.toData();
  });
  const components: Record<string, HistogramData> = {};
  for (const c of sim.comps) if (c.c.kind !== Kind.Client) components[c.c.id] = c.hist.toData();
  const topics: Record<string, HistogramData> = {};
  sim.cd.topics.forEach((name, i) => (topics[name] = sim.topics[i]!.hist.toData()));
  return { requests: sim.hist.toData(), routes, components, topics };
}

function snapshotOf(sim: Simulation, t: number): TimeseriesEntry {
  const routes: TimeseriesEntry["routes"] = {};
  sim.wl.w.routeKeys.forEach((key, i) => {
    const r = sim.routes[i]!;
    if (!sim.wl.w.mixOps.includes(i)) return;
    routes[key] = {
      count: r.secCount,
      failed: r.secFailed,
      p50: round(r.secHist.quantile(0.5)),
      p99: round(r.secHist.quantile(0.99)),
    };
  });
  const components: TimeseriesEntry["components"] = {};
  for (const c of sim.comps) {
    if (c.c.kind === Kind.Client) continue;
    sim.touch(c);
    const dCap = c.rCap - c.secCap;
    const circuits: Record<string, "closed" | "open" | "halfOpen"> = {};
    for (const callee of c.c.breakerCallees) circuits[sim.comps[callee]!.c.id] = sim.circuitState(c, callee);
    const span = Math.max(1, Math.min(1000, sim.now - t * 1000));
    components[c.c.id] = {
      throughput: c.secCompletions,
      utilization: round(dCap > 0 ? (c.rBusy - c.secBusy) / dCap : 0),
      queue: round((c.rQueue - c.secQueue) / span),
      replicas: c.nRep,
      failed: c.secFailed,
      circuits,
    };
  }
  const topics: TimeseriesEntry["topics"] = {};
  sim.cd.topics.forEach((name, i) => (topics[name] = { depth: sim.topics[i]!.live }));
  return {
    t,
    requests: { succeeded: sim.secOk, failed: sim.secFailed, rejected: sim.secRejected },
    latency: { p50: round(sim.secHist.quantile(0.5)), p99: round(sim.secHist.quantile(0.99)) },
    routes,
    components,
    topics,
  };
}

function resultOf(
  sim: Simulation,
  scenario: string,
  seed: number,
  durationMs: number,
  wallSeconds: number,
  stopReason: StopReason | undefined,
  timeseries: TimeseriesEntry[] | undefined,
): SimulationResult {
  const end = sim.now;
  const windowMs = Math.max(0, end - sim.W);
  const causes = emptyCauses();
  FAILURE_CAUSES.forEach((name, i) => (causes[name] = sim.causes[i + 1]!));
  const routes: SimulationResult["routes"] = {};
  sim.wl.w.routeKeys.forEach((key, i) => {
    if (!sim.wl.w.mixOps.includes(i)) return;
    const r = sim.routes[i]!;
    routes[key] = {
      count: r.count,
      succeeded: r.succeeded,
      failed: r.failed,
      rejected: r.rejected,
      latency: roundAll(r.hist.summary()),
    };
  });
  const components: Record<string, ComponentResult> = {};
  for (const c of sim.comps) {
    if (c.c.kind === Kind.Client) continue;
    sim.touch(c);
    const hasSlots = c.c.kind === Kind.Service || c.c.kind === Kind.Gateway || c.c.kind === Kind.Database;
    const rep = c.c.kind === Kind.Service || c.c.kind === Kind.Gateway;
    components[c.c.id] = {
      utilization: round(hasSlots && c.wCap > 0 ? c.wBusy / c.wCap : 0),
      cpuUtilization: round(rep && c.wCap > 0 ? c.wCpu / c.wCap : 0),
      throughput: round(windowMs > 0 ? c.completions / (windowMs / 1000) : 0),
      meanQueueLength: round(windowMs > 0 ? c.wQueue / windowMs : 0),
      failed: c.failed,
      latency: roundAll(c.hist.summary()),
      // Before the window opens (a run shorter than its warm-up) there are no extremes yet: the count at the end stands for them.
      replicas: rep
        ? c.repMin === Infinity
          ? { min: c.nRep, max: c.nRep, mean: c.nRep }
          : { min: c.repMin, max: c.repMax, mean: round(windowMs > 0 ? c.wRep / windowMs : c.nRep) }
        : { min: 0, max: 0, mean: 0 },
    };
  }
  const topics: SimulationResult["topics"] = {};
  sim.cd.topics.forEach((name, i) => {
    const t = sim.topics[i]!;
    topics[name] = {
      published: t.published,
      delivered: t.delivered,
      deadLettered: t.deadLettered,
      lost: t.lost,
      depth: t.pendingCounted,
      maxDepth: t.maxDepth,
      latency: roundAll(t.hist.summary()),
    };
  });
  const inFlight = sim.total - sim.succeeded - sim.failed - sim.rejected;
  const result: SimulationResult = {
    scenario,
    seed,
    simulatedSeconds: round(end / 1000),
    wallSeconds: round(wallSeconds),
    events: sim.events,
    eventsPerSecond: wallSeconds > 0 ? Math.round(sim.events / wallSeconds) : 0,
    partial: stopReason !== undefined,
    ...(stopReason ? { stopReason } : {}),
    requests: {
      total: sim.total,
      succeeded: sim.succeeded,
      failed: sim.failed,
      rejected: sim.rejected,
      timedOut: causes.timeout,
      inFlight,
      causes,
    },
    latency: roundAll(sim.hist.summary()),
    routes,
    components,
    topics,
  };
  if (timeseries) result.timeseries = timeseries;
  void durationMs;
  return result;
}

/** Six significant decimals keep the JSON readable and stable. */
export function round(x: number): number {
  return Number.isFinite(x) ? Math.round(x * 1e6) / 1e6 : 0;
}

export function roundAll<T extends object>(o: T): T {
  const out: Record<string, number> = {};
  for (const [k, v] of Object.entries(o)) out[k] = round(v as number);
  return out as T;
}
