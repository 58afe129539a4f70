/**
 * What a run reports, read from its state in the result's shape: the figures of the
 * window, one simulated second, and the latency histograms. The API (run.ts) reads a run
 * only through this interface.
 */
import { Kind } from "../compile";
import type { HistogramData } from "../metrics/histogram";
import {
  emptyCauses,
  FAILURE_CAUSES,
  type CircuitState,
  type ComponentResult,
  type SimulationResult,
  type TimeseriesEntry,
} from "../result";
import { BreakerState, type ComponentState } from "./entities";
import { touch, type SimState } from "./state";

/** Latency histograms of a run, in the shape of the result. */
export interface ResultHistograms {
  requests: HistogramData;
  routes: Record<string, HistogramData>;
  components: Record<string, HistogramData>;
  topics: Record<string, HistogramData>;
}

/** The result's figures; the caller adds what a run alone does not know (scenario, seed, wall time, stop). */
export type RunFigures = Pick<
  SimulationResult,
  "simulatedSeconds" | "events" | "requests" | "latency" | "routes" | "components" | "topics"
>;

export interface RunMetrics {
  /** The figures of the measurement window, up to now. */
  getFigures(): RunFigures;
  /** The simulated second `t` (whole seconds), which has just ended or is in progress. */
  getSecond(t: number): TimeseriesEntry;
  getHistograms(): ResultHistograms;
}

export function createRunMetrics(sim: SimState): RunMetrics {
  return {
    getFigures: () => figuresOf(sim),
    getSecond: (t) => secondOf(sim, t),
    getHistograms: () => histogramsOf(sim),
  };
}

/** Each route of the workload's mix, by key, with its index. */
function eachRoute(sim: SimState, f: (key: string, i: number) => void): void {
  const w = sim.workload.spec;
  w.routeKeys.forEach((key, i) => {
    if (w.mixOps.includes(i)) f(key, i);
  });
}

function histogramsOf(sim: SimState): ResultHistograms {
  const routes: Record<string, HistogramData> = {};
  eachRoute(sim, (key, i) => (routes[key] = sim.routes[i]!.latency.toData()));
  const components: Record<string, HistogramData> = {};
  for (const c of sim.components) if (c.spec.kind !== Kind.Client) components[c.spec.id] = c.latency.toData();
  const topics: Record<string, HistogramData> = {};
  sim.design.topics.forEach((name, i) => (topics[name] = sim.topics[i]!.latency.toData()));
  return { requests: sim.latency.toData(), routes, components, topics };
}

/** The aggregated circuit state from a component to a callee: the worst over its replicas. */
function circuitState(sim: SimState, comp: ComponentState, callee: number): CircuitState {
  let worst = BreakerState.Closed;
  for (const rep of comp.replicas) {
    const br = rep.breakers?.get(callee);
    if (!br) continue;
    let s = br.state;
    if (s === BreakerState.Open && sim.now >= br.openUntil) s = BreakerState.HalfOpen;
    if (s === BreakerState.Open) return "open";
    if (s === BreakerState.HalfOpen) worst = BreakerState.HalfOpen;
  }
  return worst === BreakerState.HalfOpen ? "halfOpen" : "closed";
}

function secondOf(sim: SimState, t: number): TimeseriesEntry {
  const routes: TimeseriesEntry["routes"] = {};
  eachRoute(sim, (key, i) => {
    const r = sim.routes[i]!;
    routes[key] = {
      count: r.secondCount,
      failed: r.secondFailed,
      rejected: r.secondRejected,
      p50: round(r.secondLatency.quantile(0.5)),
      p95: round(r.secondLatency.quantile(0.95)),
      p99: round(r.secondLatency.quantile(0.99)),
    };
  });
  const components: TimeseriesEntry["components"] = {};
  for (const c of sim.components) {
    if (c.spec.kind === Kind.Client) continue;
    touch(sim, c);
    const dCap = c.capacityTotal - c.secondCapacityMark;
    const circuits: Record<string, CircuitState> = {};
    for (const callee of c.spec.breakerCallees)
      circuits[sim.components[callee]!.spec.id] = circuitState(sim, c, callee);
    const span = Math.max(1, Math.min(1000, sim.now - t * 1000));
    components[c.spec.id] = {
      throughput: c.secondCompletions,
      utilization: round(dCap > 0 ? (c.busyTotal - c.secondBusyMark) / dCap : 0),
      queue: round((c.queuedTotal - c.secondQueuedMark) / span),
      replicas: c.replicaCount,
      failed: c.secondFailed,
      circuits,
    };
  }
  const topics: TimeseriesEntry["topics"] = {};
  sim.design.topics.forEach((name, i) => (topics[name] = { depth: sim.topics[i]!.live }));
  const causes = emptyCauses();
  FAILURE_CAUSES.forEach((name, i) => (causes[name] = sim.secondCauses[i + 1]!));
  const l = sim.secondLatency;
  return {
    t,
    requests: { succeeded: sim.secondOk, failed: sim.secondFailed, rejected: sim.secondRejected },
    latency: { p50: round(l.quantile(0.5)), p95: round(l.quantile(0.95)), p99: round(l.quantile(0.99)) },
    causes,
    routes,
    components,
    topics,
  };
}

function figuresOf(sim: SimState): RunFigures {
  const end = sim.now;
  const windowMs = Math.max(0, end - sim.warmupMs);
  const causes = emptyCauses();
  FAILURE_CAUSES.forEach((name, i) => (causes[name] = sim.causes[i + 1]!));
  const routes: SimulationResult["routes"] = {};
  eachRoute(sim, (key, i) => {
    const r = sim.routes[i]!;
    routes[key] = {
      count: r.count,
      succeeded: r.succeeded,
      failed: r.failed,
      rejected: r.rejected,
      // Sent after the warm-up and not answered by the end, as requests.inFlight counts them.
      inFlight: r.sent - r.count,
      latency: roundAll(r.latency.summary()),
    };
  });
  const components: Record<string, ComponentResult> = {};
  for (const c of sim.components) {
    const kind = c.spec.kind;
    if (kind === Kind.Client) continue;
    touch(sim, c);
    const hasSlots = kind === Kind.Service || kind === Kind.Gateway || kind === Kind.Database;
    const replicated = kind === Kind.Service || kind === Kind.Gateway;
    components[c.spec.id] = {
      utilization: round(hasSlots && c.windowCapacity > 0 ? c.windowBusy / c.windowCapacity : 0),
      cpuUtilization: round(replicated && c.windowCapacity > 0 ? c.windowWorking / c.windowCapacity : 0),
      throughput: round(windowMs > 0 ? c.completions / (windowMs / 1000) : 0),
      meanQueueLength: round(windowMs > 0 ? c.windowQueued / windowMs : 0),
      failed: c.failed,
      latency: roundAll(c.latency.summary()),
      replicas: replicated ? replicaFigures(c, windowMs) : { min: 0, max: 0, mean: 0 },
    };
  }
  const topics: SimulationResult["topics"] = {};
  sim.design.topics.forEach((name, i) => {
    const t = sim.topics[i]!;
    topics[name] = {
      published: t.published,
      delivered: t.delivered,
      deadLettered: t.deadLettered,
      lost: t.lost,
      depth: t.pendingCounted,
      maxDepth: t.maxDepth,
      latency: roundAll(t.latency.summary()),
    };
  });
  const inFlight = sim.total - sim.succeeded - sim.failed - sim.rejected;
  return {
    simulatedSeconds: round(end / 1000),
    events: sim.events,
    requests: {
      total: sim.total,
      succeeded: sim.succeeded,
      failed: sim.failed,
      rejected: sim.rejected,
      timedOut: causes.timeout,
      inFlight,
      causes,
    },
    latency: roundAll(sim.latency.summary()),
    routes,
    components,
    topics,
  };
}

function replicaFigures(c: ComponentState, windowMs: number): ComponentResult["replicas"] {
  // Before the window opens (a run shorter than its warm-up) there are no extremes yet: the count at the end stands for them.
  if (c.replicasMin === Infinity) return { min: c.replicaCount, max: c.replicaCount, mean: c.replicaCount };
  return {
    min: c.replicasMin,
    max: c.replicasMax,
    mean: round(windowMs > 0 ? c.windowReplicas / windowMs : c.replicaCount),
  };
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
