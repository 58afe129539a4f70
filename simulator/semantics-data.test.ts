/**
 * Databases and caches, exactly: the connection pool's FIFO wait (also for a request's second
 * query), a crash with queries in flight and waiting, partitions, the figures of a database
 * and of a cache, and stale cache answers after a crash. Tiny designs with constant times and
 * constant arrivals; answers worked out by hand in the comments.
 */
import { describe, expect, it } from "vitest";
import { brief, design, runOutcomes } from "./testing/exact";

const byTime = (d: ReturnType<typeof design>, scenario = "s") =>
  runOutcomes(d, { scenario })
    .outcomes.map(brief)
    .sort((x, y) => x[0] - y[0]);
/** Send times from `from` to `to`, every 100 ms. */
const sends = (from: number, to: number) => Array.from({ length: (to - from) / 100 + 1 }, (_, i) => from + i * 100);

describe("database pool", () => {
  const twoQueries = design(`archsim: 1
components:
  db: { kind: database, pool: 1, queryTime: 7ms }
  a: { kind: service, concurrency: 100, operations: { op: { steps: [ { query: db }, { query: db } ] } } }
workloads:
  w: { entry: a.op, rate: 100, arrivals: constant }
scenarios:
  s: { workload: w, duration: 75ms }
`);

  it("a request's second query waits behind the queries already waiting, even when the connection is free", () => {
    // One connection, 7 ms a query, a request every 10 ms (Rk sent at 10k) with two queries (a, b).
    // The connection is busy from 10 ms on, in this order: R1a 10–17, R1b 17–24 (free and nobody
    // waits), R2a 24–31, R3a 31–38 (R2b, asked at 31, queues behind R3a, which waited since 30),
    // R2b 38–45, R3b 45–52, R4a 52–59, R5a 59–66, R4b 66–73. R1 ends at 24, R2 at 45, R3 at 52,
    // R4 at 73.
    expect(byTime(twoQueries)).toEqual([
      [10, 14, "ok"],
      [20, 25, "ok"],
      [30, 22, "ok"],
      [40, 33, "ok"],
    ]);
  });

  it("its figures: connection utilization, queries per second, mean wait queue and query sojourn", () => {
    // Same run. The connection is busy 10 → 75: 65 / 75. Nine queries end (17, 24, …, 73) in 75 ms:
    // 120 a second. Queue length over time: 1 on [20,24) [30,38) [45,50) [52,60), 2 on [40,45)
    // [50,52) [60,70) [73,75), 3 on [70,73): 4 + 8 + 5 + 8 + 2·(5 + 2 + 10 + 2) + 3·3 = 74 → 74/75.
    // Sojourns (wait + 7 ms): R1a 7, R1b 7, R2a 11, R3a 8, R2b 14, R3b 14, R4a 19, R5a 16, R4b 14:
    // sum 110 over 9; max 19.
    const { result } = runOutcomes(twoQueries, { scenario: "s" });
    const db = result.components.db!;
    expect(db.utilization).toBe(0.866667);
    expect(db.throughput).toBe(120);
    expect(db.meanQueueLength).toBe(0.986667);
    expect(db.latency.mean).toBe(12.222222);
    expect(db.latency.max).toBe(19);
    expect(db.failed).toBe(0);
    // A database has no replicas.
    expect(db.replicas).toEqual({ min: 0, max: 0, mean: 0 });
  });

  it("an unbounded pool serves every query at once and reports no utilization", () => {
    const d = design(`archsim: 1
components:
  db: { kind: database, queryTime: 30ms }
  a: { kind: service, concurrency: 100, operations: { op: { steps: [ { query: db } ] } } }
workloads:
  w: { entry: a.op, rate: 100, arrivals: constant }
scenarios:
  s: { workload: w, duration: 100ms }
`);
    const { result, outcomes } = runOutcomes(d, { scenario: "s" });
    // Sent at 10 … 60 ms end 30 ms later, before the end (an event at 100 ms, the end, does not run):
    // 6 queries in 0.1 s, up to three at once.
    expect(outcomes.map(brief)).toEqual([10, 20, 30, 40, 50, 60].map((t) => [t, 30, "ok"]));
    expect(result.components.db!).toMatchObject({ utilization: 0, meanQueueLength: 0, throughput: 60 });
  });

  it("counts queries that end after the warm-up, time-weights from its end, and per second all", () => {
    // Pool 1, 15 ms, a request every 20 ms (20 … 1980) for 2 s, warm-up 1005 ms: no query waits.
    // The window [1005, 2000] holds the ends of those sent at 1000 … 1980 (50) over 0.995 s, and
    // 10 ms of the one sent at 1000 plus 49 whole ones: (10 + 49·15) / 995 of the connection.
    const d = design(`archsim: 1
components:
  db: { kind: database, pool: 1, queryTime: 15ms }
  a: { kind: service, operations: { op: { steps: [ { query: db } ] } } }
workloads:
  w: { entry: a.op, rate: 50, arrivals: constant }
scenarios:
  s: { workload: w, duration: 2s, warmup: 1005ms }
`);
    const { result } = runOutcomes(d, { scenario: "s", timeseries: true });
    expect(result.components.db!.throughput).toBe(50.251256);
    expect(result.components.db!.utilization).toBe(0.748744);
    expect(result.components.db!.latency).toMatchObject({ mean: 15, max: 15 });
    // Per second, warm-up or not: 49 queries (20 … 980) in second 0, 50 (1000 … 1980) in second 1.
    expect(result.timeseries!.map((e) => e.components.db!.throughput)).toEqual([49, 50]);
    expect(result.timeseries!.map((e) => e.components.db!.utilization)).toEqual([0.735, 0.75]);
  });
});

describe("database crash", () => {
  it("fails the queries holding a connection and those waiting for one, then every query while down", () => {
    // Pool 2, 100 ms, a request every 10 ms. R10 holds 10–110, R20 20–120; R30, R40, R50 wait.
    // The crash at 55 ms fails all five at once; 60 … 150 fail on arrival; from 160 it serves
    // again: R160 and R170 take the two connections (end 260, 270), R180 … waits until 260.
    const d = design(`archsim: 1
components:
  db: { kind: database, pool: 2, queryTime: 100ms }
  a: { kind: service, concurrency: 100, operations: { op: { steps: [ { query: db } ] } } }
workloads:
  w: { entry: a.op, rate: 100, arrivals: constant }
scenarios:
  s: { workload: w, duration: 275ms, faults: [ { at: 55ms, for: 100ms, kind: crash, target: db } ] }
`);
    const { result, outcomes } = runOutcomes(d, { scenario: "s" });
    expect(outcomes.map(brief).sort((x, y) => x[0] - y[0])).toEqual([
      [10, 45, "crashed"],
      [20, 35, "crashed"],
      [30, 25, "crashed"],
      [40, 15, "crashed"],
      [50, 5, "crashed"],
      ...[60, 70, 80, 90, 100, 110, 120, 130, 140, 150].map((t) => [t, 0, "crashed"]),
      [160, 100, "ok"],
      [170, 100, "ok"],
    ]);
    // Queue length: 1, 2, 3 on [30,40) [40,50) [50,55): 45; none from the crash (it empties the queue)
    // until 180; then one more every 10 ms, 1 … 8 on [180,260): 360; and 8 on [260,275), where each
    // arrival meets a query taking a freed connection: 120. (45 + 360 + 120) / 275.
    // Connections: 1 on [10,20), 2 on [20,55), 1 on [160,170), 2 on [170,275): 300 of 2 · 275. The
    // crashed queries' completions, still due at 110 and 120, change nothing; 260 and 270 count.
    const db = result.components.db!;
    expect(db.meanQueueLength).toBe(1.909091);
    expect(db.utilization).toBe(0.545455);
    expect(db.throughput).toBe(7.272727);
    expect(db.failed).toBe(0);
  });

  it("fails exactly the queries in flight, whatever order the earlier ones ended in", () => {
    // Pool 3 (never full here), 100 ms, a request every 40 ms. R40 ends first, at 140, while R80
    // and R120 run; the crash at 170 fails R80, R120 and R160. The crash at 330 fails R240, R280
    // and R320 (R200 ended at 300). R360 and R400 end; R440 and R480 run at the end (520 ms).
    const d = design(`archsim: 1
components:
  db: { kind: database, pool: 3, queryTime: 100ms }
  a: { kind: service, concurrency: 100, operations: { op: { steps: [ { query: db } ] } } }
workloads:
  w: { entry: a.op, rate: 25, arrivals: constant }
scenarios:
  s:
    workload: w
    duration: 520ms
    faults:
      - { at: 170ms, for: 10ms, kind: crash, target: db }
      - { at: 330ms, for: 10ms, kind: crash, target: db }
`);
    const { result, outcomes } = runOutcomes(d, { scenario: "s" });
    expect(outcomes.map(brief).sort((x, y) => x[0] - y[0])).toEqual([
      [40, 100, "ok"],
      [80, 90, "crashed"],
      [120, 50, "crashed"],
      [160, 10, "crashed"],
      [200, 100, "ok"],
      [240, 90, "crashed"],
      [280, 50, "crashed"],
      [320, 10, "crashed"],
      [360, 100, "ok"],
      [400, 100, "ok"],
    ]);
    // Connection time: 100 + 90 + 50 + 10 + 100 + 90 + 50 + 10 + 100 + 100 + 80 + 40 = 820 of 3 · 520.
    expect(result.components.db!.utilization).toBe(0.525641);
  });

  it("overlapping crashes keep it down until the last one ends", () => {
    // Crashed 1000 → 1500 and 1200 → 2000: queries (4 ms) sent at 1000 … 1900 fail at once.
    const d = design(`archsim: 1
components:
  db: { kind: database, queryTime: 4ms }
  a: { kind: service, operations: { op: { steps: [ { query: db } ] } } }
workloads:
  w: { entry: a.op, rate: 10, arrivals: constant }
scenarios:
  s:
    workload: w
    duration: 3s
    faults:
      - { at: 1000ms, for: 500ms, kind: crash, target: db }
      - { at: 1200ms, for: 800ms, kind: crash, target: db }
`);
    expect(byTime(d)).toEqual([
      ...sends(100, 900).map((t) => [t, 4, "ok"]),
      ...sends(1000, 1900).map((t) => [t, 0, "crashed"]),
      ...sends(2000, 2900).map((t) => [t, 4, "ok"]),
    ]);
  });
});

describe("partitions from a database or a cache", () => {
  it("a query across a partition fails at once", () => {
    // 1 ms network, 4 ms query: 6 ms. Partitioned 1000 → 2000 (named database first): the queries
    // of the requests sent then fail at once, without a hop.
    const d = design(`archsim: 1
network: { latency: 1ms }
components:
  db: { kind: database, queryTime: 4ms }
  a: { kind: service, operations: { op: { steps: [ { query: db } ] } } }
workloads:
  w: { entry: a.op, rate: 10, arrivals: constant }
scenarios:
  s: { workload: w, duration: 3s, faults: [ { at: 1000ms, for: 1s, kind: partition, between: [db, a] } ] }
`);
    expect(byTime(d)).toEqual([
      ...sends(100, 900).map((t) => [t, 6, "ok"]),
      ...sends(1000, 1900).map((t) => [t, 0, "partitioned"]),
      ...sends(2000, 2900).map((t) => [t, 6, "ok"]),
    ]);
  });

  it("a cache across a partition is a miss at once: the miss steps run without the lookup", () => {
    // Hit: 1 + 2 + 1 = 4 ms. Partitioned from the cache (1000 → 2000): the miss query, 1 + 4 + 1 = 6 ms.
    const d = design(`archsim: 1
network: { latency: 1ms }
components:
  a: { kind: service, operations: { op: { steps: [ { cache: k, miss: [ { query: db } ] } ] } } }
  k: { kind: cache, hitRatio: 1, latency: 2ms }
  db: { kind: database, queryTime: 4ms }
workloads:
  w: { entry: a.op, rate: 10, arrivals: constant }
scenarios:
  s: { workload: w, duration: 3s, faults: [ { at: 1000ms, for: 1s, kind: partition, between: [a, k] } ] }
`);
    const { result, outcomes } = runOutcomes(d, { scenario: "s" });
    expect(outcomes.map(brief)).toEqual([
      ...sends(100, 900).map((t) => [t, 4, "ok"]),
      ...sends(1000, 1900).map((t) => [t, 6, "ok"]),
      ...sends(2000, 2900).map((t) => [t, 4, "ok"]),
    ]);
    // Only the 19 lookups that reached the cache count: 19 in 3 s; each took 1 + 2 + 1 = 4 ms.
    expect(result.components.k!.throughput).toBe(6.333333);
    expect(result.components.k!.latency).toMatchObject({ mean: 4, max: 4 });
    expect(result.components.db!.throughput).toBe(3.333333);
  });
});

describe("cache figures", () => {
  it("lookups count by the time they start: after the warm-up in the result, and per second", () => {
    // A request every 100 ms; 50 ms of work, then a lookup of 1 + 3 + 1 = 5 ms (all misses, no miss
    // steps): 55 ms each. Warm-up 1 s of 3 s: the window holds the lookups started at 1050 … 2950,
    // 20 in 2 s. Per second: 9 in second 0 (150 … 950), then 10 and 10.
    const d = design(`archsim: 1
network: { latency: 1ms }
components:
  a: { kind: service, operations: { op: { work: 50ms, steps: [ { cache: k } ] } } }
  k: { kind: cache, hitRatio: 0, latency: 3ms }
workloads:
  w: { entry: a.op, rate: 10, arrivals: constant }
scenarios:
  s: { workload: w, duration: 3s, warmup: 1s }
`);
    const { result, outcomes } = runOutcomes(d, { scenario: "s", timeseries: true });
    expect(new Set(outcomes.map((o) => o.doneAt - o.sentAt))).toEqual(new Set([55]));
    expect(result.components.k!.throughput).toBe(10);
    expect(result.components.k!.latency).toMatchObject({ mean: 5, max: 5 });
    expect(result.timeseries!.map((e) => e.components.k!.throughput)).toEqual([9, 10, 10]);
    // A cache has no slots: no utilization, no queue, no failures.
    expect(result.components.k!).toMatchObject({ utilization: 0, meanQueueLength: 0, failed: 0 });
  });
});

describe("stale cache answers", () => {
  it("a lookup whose operation crashed ends nothing, even when its strand was reused", () => {
    // Lookups take 50 ms; a request every 20 ms. The crash of a at 105 ms (up again at 115, no cold
    // start) fails R60, R80 and R100 at once. Their lookups still answer, at 110, 130 and 150, to
    // strands and executions now back in their pools or reused by R120 (lookup 120 → 170) and R140:
    // none ends early. Every other request takes 50 ms; the last to end is R240, at 290.
    const d = design(`archsim: 1
components:
  a: { kind: service, operations: { op: { steps: [ { cache: k } ] } } }
  k: { kind: cache, hitRatio: 1, latency: 50ms }
workloads:
  w: { entry: a.op, rate: 50, arrivals: constant }
scenarios:
  s: { workload: w, duration: 300ms, faults: [ { at: 105ms, for: 10ms, kind: crash, target: a } ] }
`);
    expect(byTime(d)).toEqual([
      [20, 50, "ok"],
      [40, 50, "ok"],
      [60, 45, "crashed"],
      [80, 25, "crashed"],
      [100, 5, "crashed"],
      ...[120, 140, 160, 180, 200, 220, 240].map((t) => [t, 50, "ok"]),
    ]);
  });
});

describe("stale cache misses", () => {
  it("a miss that answers an operation already crashed starts no miss steps", () => {
    // Lookups of 50 ms, all misses, then a 5 ms query; a request every 20 ms. The crash of a at 105 ms
    // (10 ms) fails R60, R80 and R100 during their lookups; their misses, due at 110, 130 and 150, run
    // no query. Queries: R20 70–75, R40 90–95, then R120 … R240 (170 … 295): 9 in 300 ms.
    const d = design(`archsim: 1
components:
  a: { kind: service, operations: { op: { steps: [ { cache: k, miss: [ { query: db } ] } ] } } }
  k: { kind: cache, hitRatio: 0, latency: 50ms }
  db: { kind: database, pool: 1, queryTime: 5ms }
workloads:
  w: { entry: a.op, rate: 50, arrivals: constant }
scenarios:
  s: { workload: w, duration: 300ms, faults: [ { at: 105ms, for: 10ms, kind: crash, target: a } ] }
`);
    const { result, outcomes } = runOutcomes(d, { scenario: "s" });
    expect(outcomes.map(brief).sort((x, y) => x[0] - y[0])).toEqual([
      [20, 55, "ok"],
      [40, 55, "ok"],
      [60, 45, "crashed"],
      [80, 25, "crashed"],
      [100, 5, "crashed"],
      ...[120, 140, 160, 180, 200, 220, 240].map((t) => [t, 55, "ok"]),
    ]);
    expect(result.components.db!.throughput).toBe(30);
  });
});
