/**
 * The figures of a run, exactly: utilization, CPU utilization, throughput, queue length,
 * replicas and latency percentiles, in the result and per simulated second. Tiny designs with
 * constant times and constant arrivals; every answer is worked out by hand in the comments.
 * A percentile reports the middle of its histogram bucket (never above the maximum, never below
 * the minimum): between 2^e and 2^(e+1) a bucket is 2^e/128 wide.
 */
import { describe, expect, it } from "vitest";
import { createRun, round, roundAll, simulate } from "./run";
import { design } from "./testing/exact";

/**
 * A gateway (4 slots, 1 ms overhead) routes GET /x to b.op: 10 ms of work, then a 5 ms query
 * on a one-connection database. A request every 20 ms, from 20 ms. Each request holds a gateway
 * slot for 1 + 10 + 5 = 16 ms, a slot of b for 15 ms (10 of them working) and the connection for
 * 5 ms. GET /y and b.other are never sent; the client is drawn only.
 */
const chain = design(`archsim: 1
components:
  web: { kind: client }
  gw: { kind: gateway, concurrency: 4, overhead: 1ms, routes: { GET /x: b.op, GET /y: b.other } }
  b:
    kind: service
    concurrency: 2
    operations:
      op: { http: GET /x, work: 10ms, steps: [ { query: db } ] }
      other: { http: GET /y, work: 1ms }
  db: { kind: database, pool: 1, queryTime: 5ms }
workloads:
  w: { source: web, entry: gw, rate: 50, arrivals: constant, mix: { GET /x: 1 } }
scenarios:
  s: { workload: w, duration: 2s }
  warm: { workload: w, duration: 2s, warmup: 1s }
`);

const noCauses = {
  timeout: 0,
  rejected: 0,
  rateLimited: 0,
  circuitOpen: 0,
  bulkhead: 0,
  crashed: 0,
  partitioned: 0,
  error: 0,
  brokerDown: 0,
};
const flat = (v: number) => ({ mean: v, p50: v, p90: v, p95: v, p99: v, p999: v, max: v });
const zero = flat(0);

describe("the result's component figures", () => {
  it("a gateway, a service and a database: slot time, work time and completions over the run", () => {
    // 99 requests (sent at 20 … 1980 ms, done by 1996 ms) over 2 s.
    const r = simulate(chain, { scenario: "s" });
    expect(r.simulatedSeconds).toBe(2);
    expect(r.requests).toMatchObject({ total: 99, succeeded: 99, failed: 0, rejected: 0, inFlight: 0 });
    // The client is not a component of the result, and only the mix's routes are reported.
    expect(Object.keys(r.components)).toEqual(["gw", "b", "db"]);
    expect(Object.keys(r.routes)).toEqual(["GET /x"]);
    expect(r.routes["GET /x"]).toEqual({
      count: 99,
      succeeded: 99,
      failed: 0,
      rejected: 0,
      inFlight: 0,
      latency: flat(16),
    });
    expect(r.latency).toEqual(flat(16));
    expect(r.components.gw).toEqual({
      utilization: 0.198, // 99 × 16 / (4 slots × 2000 ms)
      cpuUtilization: 0.012375, // 99 × 1 / 8000
      throughput: 49.5, // 99 / 2 s
      meanQueueLength: 0,
      failed: 0,
      latency: flat(16),
      replicas: { min: 1, max: 1, mean: 1 },
    });
    expect(r.components.b).toEqual({
      utilization: 0.37125, // 99 × 15 / (2 slots × 2000 ms)
      cpuUtilization: 0.2475, // 99 × 10 / 4000
      throughput: 49.5,
      meanQueueLength: 0,
      failed: 0,
      latency: flat(15),
      replicas: { min: 1, max: 1, mean: 1 },
    });
    // A database: connections in use over the pool; no CPU share, no replicas.
    expect(r.components.db).toEqual({
      utilization: 0.2475, // 99 × 5 / 2000
      cpuUtilization: 0,
      throughput: 49.5,
      meanQueueLength: 0,
      failed: 0,
      latency: flat(5),
      replicas: { min: 0, max: 0, mean: 0 },
    });
  });

  it("a warm-up of 1 s leaves the 50 requests of [1000, 2000) ms and divides by 1 s", () => {
    const r = simulate(chain, { scenario: "warm" });
    expect(r.simulatedSeconds).toBe(2);
    expect(r.requests).toMatchObject({ total: 50, succeeded: 50 });
    expect(r.components.gw).toMatchObject({ utilization: 0.2, cpuUtilization: 0.0125, throughput: 50 }); // 50 × 16 / 4000
    expect(r.components.b).toMatchObject({ utilization: 0.375, cpuUtilization: 0.25, throughput: 50 });
    expect(r.components.db).toMatchObject({ utilization: 0.25, throughput: 50 });
  });

  it("a run that ends with its warm-up has no window: zeros, and the replica count at the end", () => {
    // The duration (1 s) cuts the scenario's 1 s warm-up to 1 s: nothing is counted.
    const r = simulate(chain, { scenario: "warm", durationMs: 1000 });
    expect(r.simulatedSeconds).toBe(1);
    expect(r.requests).toMatchObject({ total: 0, succeeded: 0, inFlight: 0 });
    expect(r.latency).toEqual(zero);
    expect(r.components.gw).toEqual({
      utilization: 0,
      cpuUtilization: 0,
      throughput: 0,
      meanQueueLength: 0,
      failed: 0,
      latency: zero,
      replicas: { min: 1, max: 1, mean: 1 },
    });
    expect(r.components.db!.replicas).toEqual({ min: 0, max: 0, mean: 0 });
  });
});

/**
 * One slot, 14 ms of work, a request every 10 ms (from 10 ms): the queue grows for ever.
 * Request k (sent at 10k) starts at 14k − 4 and ends at 14k + 10: its latency is 4k + 10.
 * At time τ, floor(τ/10) requests have arrived and floor((τ + 4)/14) have started, so the
 * queue holds the difference.
 */
const backlog = design(`archsim: 1
components:
  b: { kind: service, concurrency: 1, operations: { op: { work: 14ms }, idle: { work: 1ms } } }
workloads:
  w: { entry: b.op, rate: 100, arrivals: constant }
scenarios:
  s: { workload: w, duration: 1500ms }
`);

describe("a growing queue", () => {
  // ∫ queue over [0, 1000): arrivals 10 · (0 + 1 + … + 99) = 49,500 minus starts
  // 14 · (1 + … + 70) + 10 · 71 = 35,500: 14,000 request·ms.
  // Over [1000, 1500): arrivals 10 · (100 + … + 149) = 62,250 minus starts 4 · 71 + 14 · (72 + … + 106)
  // + 6 · 107 = 44,536: 17,714 request·ms.
  it("the result: time-average queue, utilization and throughput; percentiles are bucket middles", () => {
    const r = simulate(backlog, { scenario: "s" });
    // k = 1 … 106 end before 1500 ms (106 · 14 + 10 = 1494); 149 were sent (10 … 1490).
    expect(r.requests).toMatchObject({ total: 149, succeeded: 106, inFlight: 43 });
    expect(Object.keys(r.routes)).toEqual(["b.op"]);
    // The 43 still queued or in the slot at the end are the route's too.
    expect(r.routes["b.op"]).toMatchObject({ count: 106, succeeded: 106, inFlight: 43 });
    expect(r.components.b).toMatchObject({
      meanQueueLength: round(31_714 / 1500), // (14,000 + 17,714) / 1500 ms
      utilization: round(1490 / 1500), // busy from 10 ms on
      cpuUtilization: round(1490 / 1500),
      throughput: round(106 / 1.5),
    });
    // Latencies 14, 18, …, 434 (k = 1 … 106). Rank ⌈q·106⌉: p50 → k = 53, 222 ms, in [222, 223)
    // (width 1 in [128, 256)): 222.5. p90 → k = 96, 394 in [394, 396) (width 2 in [256, 512)): 395.
    // p95 → k = 101, 414: 415. p99 → k = 105, 430: 431. p999 → k = 106, 434: the middle 435 is
    // above the maximum, so 434.
    expect(r.latency).toEqual({ mean: 224, p50: 222.5, p90: 395, p95: 415, p99: 431, p999: 434, max: 434 });
    expect(r.routes["b.op"]!.latency).toEqual(r.latency);
  });

  it("per second: the queue averages over the second, or over the part of it the run covers", () => {
    const r = simulate(backlog, { scenario: "s", timeseries: true });
    const ts = r.timeseries!;
    expect(ts.map((e) => e.t)).toEqual([0, 1]);
    // Second 0: k = 1 … 70 end (70 · 14 + 10 = 990), latencies 14 … 290. p50: rank 35, 150 ms in
    // [150, 151): 150.5. p95: rank 67, 278 in [278, 280): 279. p99: rank 70, 290 in [290, 292):
    // the middle 291 is above the maximum: 290.
    expect(ts[0]).toEqual({
      t: 0,
      requests: { succeeded: 70, failed: 0, rejected: 0 },
      latency: { p50: 150.5, p95: 279, p99: 290 },
      causes: noCauses,
      routes: { "b.op": { count: 70, failed: 0, rejected: 0, p50: 150.5, p95: 279, p99: 290 } },
      components: { b: { throughput: 70, utilization: 0.99, queue: 14, replicas: 1, failed: 0, circuits: {} } },
      topics: {},
    });
    // The last, partial second [1000, 1500): k = 71 … 106 end (36), latencies 294 … 434. p50: rank
    // 18, k = 88, 362 in [362, 364): 363. p95: rank 35, k = 105, 430 in [430, 432): 431. p99: rank
    // 36, 434: 434. Queue 17,714 / 500 ms.
    expect(ts[1]).toEqual({
      t: 1,
      requests: { succeeded: 36, failed: 0, rejected: 0 },
      latency: { p50: 363, p95: 431, p99: 434 },
      causes: noCauses,
      routes: { "b.op": { count: 36, failed: 0, rejected: 0, p50: 363, p95: 431, p99: 434 } },
      components: { b: { throughput: 36, utilization: 1, queue: 35.428, replicas: 1, failed: 0, circuits: {} } },
      topics: {},
    });
  });
});

describe("failures and rejections", () => {
  it("every outcome in its place, in the result and in its second", () => {
    // One slot, one queue place, 25 ms of work, a request every 10 ms; errors until 40 ms. 10 runs
    // to 35 and fails (the work ends in the fault); 20 waits, runs 35 → 60; 30 finds the queue full
    // (503); 40 waits, runs 60 → 85; 50, 70 and 80 are refused; 60 waits and runs from 85; 90 waits.
    const d = design(`archsim: 1
components:
  b: { kind: service, concurrency: 1, queue: 1, operations: { op: { work: 25ms } } }
workloads:
  w: { entry: b.op, rate: 100, arrivals: constant }
scenarios:
  s: { workload: w, duration: 100ms, faults: [ { at: 0s, for: 40ms, kind: errors, target: b, probability: 1 } ] }
`);
    const r = simulate(d, { scenario: "s", timeseries: true });
    expect(r.requests).toEqual({
      total: 9,
      succeeded: 2,
      failed: 1,
      rejected: 4,
      timedOut: 0,
      inFlight: 2,
      causes: {
        timeout: 0,
        rejected: 4,
        rateLimited: 0,
        circuitOpen: 0,
        bulkhead: 0,
        crashed: 0,
        partitioned: 0,
        error: 1,
        brokerDown: 0,
      },
    });
    // Latencies 40 and 45: p50 → 40 in [40, 40.25) (width 1/4 in [32, 64)): 40.125; then 45.
    const latency = { mean: 42.5, p50: 40.125, p90: 45, p95: 45, p99: 45, p999: 45, max: 45 };
    // 60 (running) and 90 (waiting) are unanswered at the end: the route's inFlight, as the run's.
    expect(r.routes["b.op"]).toEqual({ count: 7, succeeded: 2, failed: 1, rejected: 4, inFlight: 2, latency });
    // Waiting: 20 for 15 ms, 40 for 20, 60 for 25 and 90 for the last 10: 70 request·ms in 100.
    // The slot is busy from 10 ms on. Three operations ended; b failed one and refused four.
    expect(r.components.b).toEqual({
      utilization: 0.9,
      cpuUtilization: 0.9,
      throughput: 30,
      meanQueueLength: 0.7,
      failed: 5,
      latency,
      replicas: { min: 1, max: 1, mean: 1 },
    });
    expect(r.timeseries).toEqual([
      {
        t: 0,
        requests: { succeeded: 2, failed: 1, rejected: 4 },
        // p95: rank ⌈0.95 · 2⌉ = 2, 45.
        latency: { p50: 40.125, p95: 45, p99: 45 },
        // The same causes as the result's: no warm-up, every outcome in the one second.
        causes: r.requests.causes,
        // The 4 refused at the entry (503, queue full) are the route's rejected, not its failed.
        routes: { "b.op": { count: 7, failed: 1, rejected: 4, p50: 40.125, p95: 45, p99: 45 } },
        components: { b: { throughput: 3, utilization: 0.9, queue: 0.7, replicas: 1, failed: 5, circuits: {} } },
        topics: {},
      },
    ]);
  });
});

describe("failures per second, by cause", () => {
  // A request every 100 ms (100 … 2900 ms) to b.op, 10 ms of work. Errors on b over [500, 1500):
  // a request fails when its work ends inside the fault, so those sent at 500 … 1400 fail (error).
  // b crashes over [2250, 2750) (cold start 0): those sent at 2300 … 2700 find no replica and fail
  // at once (crashed). The warm-up is 1 s.
  const faulty = design(`archsim: 1
components:
  b: { kind: service, concurrency: 1, operations: { op: { work: 10ms } } }
workloads:
  w: { entry: b.op, rate: 10, arrivals: constant }
scenarios:
  s:
    workload: w
    duration: 3s
    warmup: 1s
    faults:
      - { at: 500ms, for: 1s, kind: errors, target: b, probability: 1 }
      - { at: 2250ms, for: 500ms, kind: crash, target: b }
`);

  it("counts each second's failures by cause, warm-up included, summing to failed + rejected", () => {
    const r = simulate(faulty, { scenario: "s", timeseries: true });
    const ts = r.timeseries!;
    // Second 0: 100 … 900 end; 500 … 900 fail. Second 1: 1000 … 1900; 1000 … 1400 fail.
    // Second 2: 2000 … 2900; 2300 … 2700 crashed.
    expect(ts.map((e) => e.requests)).toEqual([
      { succeeded: 4, failed: 5, rejected: 0 },
      { succeeded: 5, failed: 5, rejected: 0 },
      { succeeded: 5, failed: 5, rejected: 0 },
    ]);
    expect(ts.map((e) => e.causes)).toEqual([
      { ...noCauses, error: 5 },
      { ...noCauses, error: 5 },
      { ...noCauses, crashed: 5 },
    ]);
    expect(ts.map((e) => e.routes["b.op"]!.failed)).toEqual([5, 5, 5]);
    // The result counts by arrival after the warm-up: second 0's five errors are not in it.
    expect(r.requests.causes).toEqual({ ...noCauses, error: 5, crashed: 5 });
  });

  it("a snapshot's causes are its own second's, not a running total", () => {
    const run = createRun(faulty, { scenario: "s" });
    const seen: Array<Record<string, number> | undefined> = [];
    run.subscribe((snap) => seen.push(snap.causes));
    run.finish();
    expect(seen).toEqual([
      { ...noCauses, error: 5 },
      { ...noCauses, error: 5 },
      { ...noCauses, crashed: 5 },
    ]);
  });
});

describe("per-second figures of a chain", () => {
  it("slot shares per second, and quantiles at the maximum when every latency is the same", () => {
    const r = simulate(chain, { scenario: "s", timeseries: true });
    const ts = r.timeseries!;
    // Second 0 holds the 49 requests sent at 20 … 980 ms; second 1 the 50 sent at 1000 … 1980.
    expect(ts.map((e) => e.requests)).toEqual([
      { succeeded: 49, failed: 0, rejected: 0 },
      { succeeded: 50, failed: 0, rejected: 0 },
    ]);
    // 16 ms is the low end of [16, 16.125): its middle is above the maximum, 16.
    expect(ts.map((e) => e.latency)).toEqual([
      { p50: 16, p95: 16, p99: 16 },
      { p50: 16, p95: 16, p99: 16 },
    ]);
    expect(ts.map((e) => Object.keys(e.routes))).toEqual([["GET /x"], ["GET /x"]]);
    const c = (i: number) => ts[i]!.components;
    expect(Object.keys(c(0))).toEqual(["gw", "b", "db"]);
    // 49 × 16 / 4000, 49 × 15 / 2000, 49 × 5 / 1000; then 50 of each.
    expect([c(0).gw!.utilization, c(0).b!.utilization, c(0).db!.utilization]).toEqual([0.196, 0.3675, 0.245]);
    expect([c(1).gw!.utilization, c(1).b!.utilization, c(1).db!.utilization]).toEqual([0.2, 0.375, 0.25]);
    expect([c(0).gw!.throughput, c(0).b!.throughput, c(0).db!.throughput]).toEqual([49, 49, 49]);
    expect([c(1).gw!.replicas, c(1).b!.replicas, c(1).db!.replicas]).toEqual([1, 1, 0]);
  });
});

describe("rounding", () => {
  it("keeps six decimals, half away from zero upwards, and turns non-finite values into 0", () => {
    expect(round(1 / 3)).toBe(0.333333);
    expect(round(2 / 3)).toBe(0.666667);
    expect(round(0.0000005)).toBe(0.000001);
    expect(round(0.0000004)).toBe(0);
    expect(round(1234.5)).toBe(1234.5);
    expect(round(-2 / 3)).toBe(-0.666667);
    expect(round(Infinity)).toBe(0);
    expect(round(-Infinity)).toBe(0);
    expect(round(NaN)).toBe(0);
    expect(roundAll({ a: 1 / 3, b: 2, c: NaN })).toEqual({ a: 0.333333, b: 2, c: 0 });
    expect(roundAll({})).toEqual({});
  });
});

describe("snapshots", () => {
  it("a run's histograms: the mix's routes, every component but clients", () => {
    const run = createRun(chain, { scenario: "s" });
    run.finish();
    const h = run.histograms();
    expect(Object.keys(h.routes)).toEqual(["GET /x"]);
    expect(Object.keys(h.components)).toEqual(["gw", "b", "db"]);
    expect(h.topics).toEqual({});
    // 16 = 2^4: bucket (4 + 10) · 128 = 1792.
    expect(h.requests).toEqual({ buckets: [1792, 99], zeros: 0, count: 99, sum: 99 * 16, min: 16, max: 16 });
    expect(h.routes["GET /x"]).toEqual(h.requests);
    // 5 = 2^2 · 1.25: bucket 12 · 128 + 32.
    expect(h.components.db).toEqual({ buckets: [1568, 99], zeros: 0, count: 99, sum: 495, min: 5, max: 5 });
  });
});

/**
 * a publishes ev at 100, 200, … ms; c handles each copy for 145 ms, one at a time. Copy k waits
 * until 145k − 45 and is acknowledged at 145k + 100 (no time is a multiple of 100 before k = 20):
 * its latency is 45k + 100. At time τ, floor(τ/100) copies are published and floor((τ − 100)/145)
 * acknowledged.
 */
const topic = design(`archsim: 1
components:
  mq: { kind: broker }
  a: { kind: service, operations: { op: { steps: [ { publish: ev } ] } } }
  c: { kind: service, concurrency: 1, operations: { h: { work: 145ms } }, subscribes: { ev: h } }
workloads:
  w: { entry: a.op, rate: 10, arrivals: constant }
scenarios:
  s: { workload: w, duration: 2s }
  warm: { workload: w, duration: 2s, warmup: 1s }
`);

describe("topics", () => {
  it("published, delivered, depth and maxDepth, and the latency from publish to handled", () => {
    const r = simulate(topic, { scenario: "s", timeseries: true });
    // 19 published (100 … 1900); k = 1 … 13 acknowledged (13 · 145 + 100 = 1985). The most at once:
    // 7, just after the publishes at 1800 (18 − 11) and 1900 (19 − 12).
    // Latencies 145, 190, …, 685: p50 rank 7 → 415 in [414, 416): 415; p90 rank 12 → 640 in
    // [640, 644) (width 4 in [512, 1024)): 642; p95 and above rank 13 → 685, middle 686: 685.
    expect(r.topics).toEqual({
      ev: {
        published: 19,
        delivered: 13,
        deadLettered: 0,
        lost: 0,
        depth: 6,
        maxDepth: 7,
        latency: { mean: 415, p50: 415, p90: 642, p95: 685, p99: 685, p999: 685, max: 685 },
      },
    });
    // The handler's latency runs from the start of its work; c is busy from 100 ms on.
    expect(r.components.c).toMatchObject({
      utilization: 0.95,
      throughput: 6.5,
      meanQueueLength: 0,
      latency: flat(145),
    });
    // a's publish takes no time: 19 operations of 0 ms.
    expect(r.components.a).toMatchObject({ utilization: 0, throughput: 9.5, latency: zero });
    // Unacknowledged copies at the end of each second: 9 − 6 at 1000 ms (the second ends before the
    // publish at 1000 ms: the tick was scheduled first), 19 − 13 at 2000 ms.
    expect(r.timeseries!.map((e) => e.topics)).toEqual([{ ev: { depth: 3 } }, { ev: { depth: 6 } }]);
    expect(Object.keys(createRun(topic, { scenario: "s" }).histograms().topics)).toEqual(["ev"]);
  });

  it("after a warm-up: copies counted by publish time, maxDepth from the window's start", () => {
    const r = simulate(topic, { scenario: "warm" });
    // Published from 1000 ms: k = 10 … 19; acknowledged among them: k = 10 … 13. The window's
    // maxDepth starts from the 3 copies unacknowledged when it opens; the most is 7 as before.
    expect(r.topics.ev).toEqual({
      published: 10,
      delivered: 4,
      deadLettered: 0,
      lost: 0,
      depth: 6,
      maxDepth: 7,
      // 550, 595, 640, 685: p50 rank 2 → 595 in [592, 596): 594; p90 … rank 4 → 685.
      latency: { mean: 617.5, p50: 594, p90: 685, p95: 685, p99: 685, p999: 685, max: 685 },
    });
  });
});

/**
 * a calls b through a circuit breaker (window 2, opens at one failure in two); b fails while
 * an errors fault lasts. A request every 100 ms; b answers in 2 ms.
 */
function breaker(opts: { replicas: number; openFor: string; probes: number; fault: string }) {
  return design(`archsim: 1
components:
  a:
    kind: service
    replicas: ${opts.replicas}
    resilience:
      circuitBreaker: { failureRate: 0.5, window: 2, openFor: ${opts.openFor}, halfOpenProbes: ${opts.probes} }
    operations:
      op: { steps: [ { call: b.op } ] }
  b: { kind: service, operations: { op: { work: 2ms } } }
workloads:
  w: { entry: a.op, rate: 10, arrivals: constant }
scenarios:
  s: { workload: w, duration: 3s, faults: [ ${opts.fault} ] }
`);
}
const circuits = (d: ReturnType<typeof design>) =>
  simulate(d, { scenario: "s", timeseries: true }).timeseries!.map((e) => e.components.a!.circuits);

describe("circuits per second", () => {
  // The request sent at 200 ms fails at 202: the window [ok, fail] opens the breaker.
  const at200 = "{ at: 150ms, for: 100ms, kind: errors, target: b, probability: 1 }";

  it("open until openFor has passed; then half-open, though no call has probed yet", () => {
    // Open from 202 to 1202 ms: open at 1000. With openFor 750 ms: open until 952; the call at 900 was
    // refused and the one at 1000 comes after the second's end, so at 1000 it is still open, with
    // its time passed: half-open. Either way the calls from 1000 on probe and close it.
    expect(circuits(breaker({ replicas: 1, openFor: "1s", probes: 1, fault: at200 }))).toEqual([
      { b: "open" },
      { b: "closed" },
      { b: "closed" },
    ]);
    expect(circuits(breaker({ replicas: 1, openFor: "750ms", probes: 1, fault: at200 }))).toEqual([
      { b: "halfOpen" },
      { b: "closed" },
      { b: "closed" },
    ]);
  });

  it("half-open from the very time openFor ends", () => {
    // Open from 202 ms for 798 ms: until 1000, the second's end (before the request sent at 1000).
    expect(circuits(breaker({ replicas: 1, openFor: "798ms", probes: 1, fault: at200 }))[0]).toEqual({
      b: "halfOpen",
    });
  });

  it("half-open while its probes run: one of two probes has passed at 1000 ms", () => {
    // Open from 202 to 852 ms; 900 probes (ok at 902); the second probe comes at 1000 and closes it at 1002.
    expect(circuits(breaker({ replicas: 1, openFor: "650ms", probes: 2, fault: at200 }))).toEqual([
      { b: "halfOpen" },
      { b: "closed" },
      { b: "closed" },
    ]);
  });

  it("the worst state over the caller's replicas", () => {
    // Two replicas take the requests in turn: one has the failure at 200 ms and is open until
    // 1202; the other's window holds only successes.
    expect(circuits(breaker({ replicas: 2, openFor: "1s", probes: 1, fault: at200 }))).toEqual([
      { b: "open" },
      { b: "closed" },
      { b: "closed" },
    ]);
  });

  it("a replica without a breaker is passed over", () => {
    // The oldest of a's two replicas is crashed for the whole run and never calls b: only the
    // other one has a breaker, open from 202 to 1202 ms.
    const d = breaker({
      replicas: 2,
      openFor: "1s",
      probes: 1,
      fault: `${at200}, { at: 0s, kind: crash, target: a, replicas: 1 }`,
    });
    expect(circuits(d)[0]).toEqual({ b: "open" });
  });
});
