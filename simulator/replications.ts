/**
 * Pooling independent replications (different seeds) of one scenario: the
 * pooled result sums counts and merges histograms; `ci` gives, for every
 * numeric figure, the mean over replications and its 95% half-width
 * (Student's t with N − 1 degrees of freedom).
 */
import { Histogram } from "./metrics/histogram";
import type { ResultHistograms } from "./run";
import { round, roundAll } from "./run";
import type { SimulationResult } from "./result";

export interface Replication {
  result: SimulationResult;
  histograms: ResultHistograms;
}

export interface Interval {
  mean: number;
  halfWidth: number;
}

/** The same shape as a result, every number replaced by its interval. */
export type ConfidenceIntervals = unknown;

export type PooledResult = SimulationResult & { replications: SimulationResult[]; ci: ConfidenceIntervals };

/** Two-sided 95% Student t quantiles for 1..30 degrees of freedom; 1.96 beyond. */
const T95 = [
  12.706, 4.303, 3.182, 2.776, 2.571, 2.447, 2.365, 2.306, 2.262, 2.228, 2.201, 2.179, 2.16, 2.145, 2.131, 2.12, 2.11,
  2.101, 2.093, 2.086, 2.08, 2.074, 2.069, 2.064, 2.06, 2.056, 2.052, 2.048, 2.045, 2.042,
];

export function tQuantile95(df: number): number {
  return df <= 0 ? Infinity : df <= 30 ? T95[df - 1]! : 1.96;
}

/** Mean and 95% half-width of a sample (half-width 0 for a single value). */
export function confidenceInterval(xs: readonly number[]): Interval {
  const n = xs.length;
  const mean = xs.reduce((a, b) => a + b, 0) / n;
  if (n < 2) return { mean: round(mean), halfWidth: 0 };
  const variance = xs.reduce((a, x) => a + (x - mean) ** 2, 0) / (n - 1);
  return { mean: round(mean), halfWidth: round(tQuantile95(n - 1) * Math.sqrt(variance / n)) };
}

/** Pools replications into one result with `replications` and `ci`. */
export function poolReplications(reps: readonly Replication[]): PooledResult {
  if (reps.length === 0) throw new Error("no replications to pool");
  const results = reps.map((r) => r.result);
  const first = results[0]!;
  const merged = (pick: (h: ResultHistograms) => Parameters<typeof Histogram.fromData>[0] | undefined) => {
    const h = new Histogram();
    for (const r of reps) {
      const d = pick(r.histograms);
      if (d) h.merge(Histogram.fromData(d));
    }
    return roundAll(h.summary());
  };
  const sum = (f: (r: SimulationResult) => number) => results.reduce((a, r) => a + f(r), 0);
  const mean = (f: (r: SimulationResult) => number) => round(sum(f) / results.length);

  const causes = Object.fromEntries(
    Object.keys(first.requests.causes).map((k) => [
      k,
      sum((r) => r.requests.causes[k as keyof typeof r.requests.causes]),
    ]),
  ) as SimulationResult["requests"]["causes"];
  const routes: SimulationResult["routes"] = {};
  for (const key of Object.keys(first.routes)) {
    routes[key] = {
      count: sum((r) => r.routes[key]!.count),
      succeeded: sum((r) => r.routes[key]!.succeeded),
      failed: sum((r) => r.routes[key]!.failed),
      rejected: sum((r) => r.routes[key]!.rejected),
      inFlight: sum((r) => r.routes[key]!.inFlight ?? 0),
      latency: merged((h) => h.routes[key]),
    };
  }
  const components: SimulationResult["components"] = {};
  for (const id of Object.keys(first.components)) {
    const c = (r: SimulationResult) => r.components[id]!;
    components[id] = {
      utilization: mean((r) => c(r).utilization),
      cpuUtilization: mean((r) => c(r).cpuUtilization),
      throughput: mean((r) => c(r).throughput),
      meanQueueLength: mean((r) => c(r).meanQueueLength),
      failed: sum((r) => c(r).failed),
      latency: merged((h) => h.components[id]),
      replicas: {
        min: Math.min(...results.map((r) => c(r).replicas.min)),
        max: Math.max(...results.map((r) => c(r).replicas.max)),
        mean: mean((r) => c(r).replicas.mean),
      },
    };
  }
  const topics: SimulationResult["topics"] = {};
  for (const t of Object.keys(first.topics)) {
    const tp = (r: SimulationResult) => r.topics[t]!;
    topics[t] = {
      published: sum((r) => tp(r).published),
      delivered: sum((r) => tp(r).delivered),
      deadLettered: sum((r) => tp(r).deadLettered),
      lost: sum((r) => tp(r).lost),
      depth: sum((r) => tp(r).depth),
      maxDepth: Math.max(...results.map((r) => tp(r).maxDepth)),
      latency: merged((h) => h.topics[t]),
    };
  }
  const wallSeconds = round(sum((r) => r.wallSeconds));
  const events = sum((r) => r.events);
  const partial = results.some((r) => r.partial);
  const stopReason = results.find((r) => r.stopReason)?.stopReason;
  const pooled: SimulationResult = {
    scenario: first.scenario,
    seed: first.seed,
    simulatedSeconds: first.simulatedSeconds,
    wallSeconds,
    events,
    eventsPerSecond: wallSeconds > 0 ? Math.round(events / wallSeconds) : 0,
    partial,
    ...(stopReason ? { stopReason } : {}),
    requests: {
      total: sum((r) => r.requests.total),
      succeeded: sum((r) => r.requests.succeeded),
      failed: sum((r) => r.requests.failed),
      rejected: sum((r) => r.requests.rejected),
      timedOut: sum((r) => r.requests.timedOut),
      inFlight: sum((r) => r.requests.inFlight),
      causes,
    },
    latency: merged((h) => h.requests),
    routes,
    components,
    topics,
  };
  return { ...pooled, replications: results, ci: intervalsOf(results) };
}

/** Walks the numeric leaves of the first result and builds the interval of each across all. */
function intervalsOf(results: readonly SimulationResult[]): ConfidenceIntervals {
  const strip = ({ timeseries: _t, replications: _r, ...rest }: SimulationResult & { replications?: unknown }) => rest;
  const walk = (values: unknown[]): unknown => {
    const v0 = values[0];
    if (typeof v0 === "number") return confidenceInterval(values as number[]);
    if (v0 !== null && typeof v0 === "object" && !Array.isArray(v0)) {
      const out: Record<string, unknown> = {};
      for (const k of Object.keys(v0)) {
        const w = walk(values.map((v) => (v as Record<string, unknown>)[k]));
        if (w !== undefined) out[k] = w;
      }
      return out;
    }
    return undefined;
  };
  return walk(results.map(strip));
}
