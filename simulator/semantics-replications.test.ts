/**
 * Pooling replications, exactly: sums of counts, means of time averages, extremes of extremes,
 * percentiles from the merged histograms, and the 95% intervals (Student's t). Two hand-made
 * results whose every figure differs, so each one is checked; then a real run.
 */
import { describe, expect, it } from "vitest";
import { Histogram, type HistogramData } from "./metrics/histogram";
import { confidenceInterval, poolReplications, tQuantile95, type Replication } from "./replications";
import { emptyCauses, type SimulationResult } from "./result";
import { createRun } from "./run";
import { design } from "./testing/exact";

const hist = (...values: number[]): HistogramData => {
  const h = new Histogram();
  for (const v of values) h.record(v);
  return h.toData();
};
/** A latency summary the pool must not read: it pools the histograms. */
const ignored = { mean: -1, p50: -1, p90: -1, p95: -1, p99: -1, p999: -1, max: -1 };

const r1: SimulationResult = {
  scenario: "s",
  seed: 1,
  simulatedSeconds: 10,
  wallSeconds: 0.1,
  events: 1000,
  eventsPerSecond: 10_000,
  partial: false,
  requests: {
    total: 10,
    succeeded: 6,
    failed: 2,
    rejected: 1,
    timedOut: 1,
    inFlight: 1,
    causes: { ...emptyCauses(), timeout: 1, error: 1, rateLimited: 1 },
  },
  latency: ignored,
  routes: { "GET /x": { count: 9, succeeded: 6, failed: 2, rejected: 1, inFlight: 1, latency: ignored } },
  components: {
    b: {
      utilization: 0.1,
      cpuUtilization: 0.05,
      throughput: 3,
      meanQueueLength: 1,
      failed: 2,
      latency: ignored,
      replicas: { min: 1, max: 3, mean: 2 },
    },
  },
  topics: {
    ev: { published: 5, delivered: 3, deadLettered: 1, lost: 0, depth: 1, maxDepth: 4, latency: ignored },
  },
  timeseries: [],
};
const r2: SimulationResult = {
  scenario: "s",
  seed: 2,
  simulatedSeconds: 8,
  wallSeconds: 0.2,
  events: 2000,
  eventsPerSecond: 10_000,
  partial: true,
  stopReason: "events",
  requests: {
    total: 20,
    succeeded: 15,
    failed: 3,
    rejected: 2,
    timedOut: 2,
    inFlight: 0,
    causes: { ...emptyCauses(), timeout: 2, error: 1, rejected: 2 },
  },
  latency: ignored,
  routes: { "GET /x": { count: 20, succeeded: 15, failed: 3, rejected: 2, inFlight: 0, latency: ignored } },
  components: {
    b: {
      utilization: 0.2,
      cpuUtilization: 0.15,
      throughput: 5,
      meanQueueLength: 3,
      failed: 3,
      latency: ignored,
      replicas: { min: 2, max: 5, mean: 3 },
    },
  },
  topics: {
    ev: { published: 7, delivered: 6, deadLettered: 0, lost: 1, depth: 0, maxDepth: 2, latency: ignored },
  },
};
const reps: Replication[] = [
  {
    result: r1,
    histograms: {
      requests: hist(10, 20),
      routes: { "GET /x": hist(10) },
      components: { b: hist(5) },
      topics: { ev: hist(100) },
    },
  },
  // The second has no histogram for the topic: it adds nothing there.
  {
    result: r2,
    histograms: { requests: hist(30), routes: { "GET /x": hist(12) }, components: { b: hist(7) }, topics: {} },
  },
];

describe("Student's t and intervals", () => {
  it("tQuantile95: the table for 1 … 30 degrees of freedom, 1.96 beyond, no interval without one", () => {
    expect([1, 2, 3, 10, 29, 30].map(tQuantile95)).toEqual([12.706, 4.303, 3.182, 2.228, 2.045, 2.042]);
    expect(tQuantile95(31)).toBe(1.96);
    expect(tQuantile95(1000)).toBe(1.96);
    expect(tQuantile95(0)).toBe(Infinity);
    expect(tQuantile95(-1)).toBe(Infinity);
  });

  it("confidenceInterval: mean ± t · s/√n, rounded to six decimals", () => {
    // [2, 4]: s² = 2, s/√2 = 1: 12.706. [1, 2, 3]: s² = 1: 4.303/√3 = 2.4843382….
    expect(confidenceInterval([2, 4])).toEqual({ mean: 3, halfWidth: 12.706 });
    expect(confidenceInterval([1, 2, 3])).toEqual({ mean: 2, halfWidth: 2.484338 });
    expect(confidenceInterval([0, 10])).toEqual({ mean: 5, halfWidth: 63.53 });
    expect(confidenceInterval([7, 7, 7])).toEqual({ mean: 7, halfWidth: 0 });
    expect(confidenceInterval([0.1, 0.2])).toEqual({ mean: 0.15, halfWidth: 0.6353 });
    expect(confidenceInterval([5])).toEqual({ mean: 5, halfWidth: 0 });
    expect(confidenceInterval([1 / 3])).toEqual({ mean: 0.333333, halfWidth: 0 });
  });
});

describe("poolReplications", () => {
  it("refuses to pool nothing", () => {
    expect(() => poolReplications([])).toThrow("no replications to pool");
  });

  it("sums counts, averages time averages, keeps extremes and merges histograms", () => {
    const p = poolReplications(reps);
    const { replications, ci: _ci, ...pooled } = p;
    expect(replications).toEqual([r1, r2]);
    expect(pooled).toEqual({
      // The first replication's names and length; a partial one makes the pool partial.
      scenario: "s",
      seed: 1,
      simulatedSeconds: 10,
      wallSeconds: 0.3, // 0.1 + 0.2, rounded
      events: 3000,
      eventsPerSecond: 10_000,
      partial: true,
      stopReason: "events",
      requests: {
        total: 30,
        succeeded: 21,
        failed: 5,
        rejected: 3,
        timedOut: 3,
        inFlight: 1,
        causes: { ...emptyCauses(), timeout: 3, error: 2, rateLimited: 1, rejected: 2 },
      },
      // 10, 20, 30: mean 20; p50 rank 2 → 20 in [20, 20.125): 20.0625; above: 30.
      latency: { mean: 20, p50: 20.0625, p90: 30, p95: 30, p99: 30, p999: 30, max: 30 },
      // 10 and 12: p50 rank 1 → [10, 10.0625): 10.03125.
      routes: {
        "GET /x": {
          count: 29,
          succeeded: 21,
          failed: 5,
          rejected: 3,
          inFlight: 1,
          latency: { mean: 11, p50: 10.03125, p90: 12, p95: 12, p99: 12, p999: 12, max: 12 },
        },
      },
      components: {
        b: {
          utilization: 0.15,
          cpuUtilization: 0.1,
          throughput: 4,
          meanQueueLength: 2,
          failed: 5,
          // 5 and 7: p50 → [5, 5.03125): 5.015625.
          latency: { mean: 6, p50: 5.015625, p90: 7, p95: 7, p99: 7, p999: 7, max: 7 },
          replicas: { min: 1, max: 5, mean: 2.5 },
        },
      },
      topics: {
        ev: {
          published: 12,
          delivered: 9,
          deadLettered: 1,
          lost: 1,
          depth: 1,
          maxDepth: 4,
          latency: { mean: 100, p50: 100, p90: 100, p95: 100, p99: 100, p999: 100, max: 100 },
        },
      },
    });
  });

  it("ci: an interval for every number of the result, none for its names, flags and series", () => {
    const ci = poolReplications(reps).ci as Record<string, Record<string, unknown>>;
    expect(Object.keys(ci)).toEqual([
      "seed",
      "simulatedSeconds",
      "wallSeconds",
      "events",
      "eventsPerSecond",
      "requests",
      "latency",
      "routes",
      "components",
      "topics",
    ]);
    expect(ci.seed).toEqual({ mean: 1.5, halfWidth: 6.353 });
    expect(ci.simulatedSeconds).toEqual({ mean: 9, halfWidth: 12.706 });
    // requests.total: 10 and 20: s² = 50, s/√2 = 5.
    expect(ci.requests!.total).toEqual({ mean: 15, halfWidth: 63.53 });
    expect((ci.requests!.causes as Record<string, unknown>).timeout).toEqual({ mean: 1.5, halfWidth: 6.353 });
    expect((ci.requests!.causes as Record<string, unknown>).crashed).toEqual({ mean: 0, halfWidth: 0 });
    const b = (ci.components as Record<string, Record<string, unknown>>).b!;
    expect(b.replicas).toEqual({
      min: { mean: 1.5, halfWidth: 6.353 },
      max: { mean: 4, halfWidth: 12.706 },
      mean: { mean: 2.5, halfWidth: 6.353 },
    });
    // The results' own latency summaries (−1 in both): the interval of what each reported.
    expect(ci.latency!.p50).toEqual({ mean: -1, halfWidth: 0 });
  });

  it("no wall time: no events per second; one replication is its own pool", () => {
    const still = { ...r1, wallSeconds: 0 };
    const p = poolReplications([{ ...reps[0]!, result: still }]);
    expect([p.wallSeconds, p.eventsPerSecond, p.partial, "stopReason" in p]).toEqual([0, 0, false, false]);
    expect(p.requests).toEqual(r1.requests);
    expect(p.components.b).toMatchObject({ utilization: 0.1, replicas: { min: 1, max: 3, mean: 2 } });
    expect(p.ci).toMatchObject({ events: { mean: 1000, halfWidth: 0 } });
  });

  it("pools real runs: two runs of a design, their histograms merged", () => {
    // b: 10 ms per request, a request every 20 ms; 2 s and 1 s runs (99 and 49 requests).
    const d = design(`archsim: 1
components:
  b: { kind: service, concurrency: 1, operations: { op: { work: 10ms } } }
workloads:
  w: { entry: b.op, rate: 50, arrivals: constant }
scenarios:
  s: { workload: w, duration: 2s }
`);
    const run = (durationMs: number): Replication => {
      const r = createRun(d, { scenario: "s", durationMs });
      return { result: r.finish(), histograms: r.histograms() };
    };
    const p = poolReplications([run(2000), run(1000)]);
    expect(p.requests).toMatchObject({ total: 148, succeeded: 148 });
    expect(p.latency).toEqual({ mean: 10, p50: 10, p90: 10, p95: 10, p99: 10, p999: 10, max: 10 });
    // Utilization 990/2000 and 490/1000: mean 0.4925.
    expect(p.components.b!.utilization).toBe(0.4925);
    expect(p.routes["b.op"]!.count).toBe(148);
  });
});

describe("emptyCauses", () => {
  it("every failure cause at 0, a new object each time", () => {
    const a = emptyCauses();
    expect(a).toEqual({
      timeout: 0,
      rejected: 0,
      rateLimited: 0,
      circuitOpen: 0,
      bulkhead: 0,
      crashed: 0,
      partitioned: 0,
      error: 0,
      brokerDown: 0,
    });
    a.timeout = 5;
    expect(emptyCauses().timeout).toBe(0);
  });
});
