/**
 * Capacity, exactly: replica queues (503), database pools, the gateway's token bucket and
 * autoscale decisions per interval. Tiny designs with constant times and constant arrivals;
 * answers worked out by hand in the comments.
 */
import { describe, expect, it } from "vitest";
import { brief, design, runOutcomes } from "./testing/exact";

const byTime = (outcomes: ReturnType<typeof runOutcomes>["outcomes"]) =>
  outcomes.map(brief).sort((x, y) => x[0] - y[0]);

describe("replica queues", () => {
  it("a direct entry's full queue rejects (503) at once; the queue is FIFO", () => {
    // One slot, one queue place, 25 ms work, a request every 10 ms. 10 runs (→35); 20 waits; 30 finds
    // the queue full; 20 runs 35 → 60; 40 waits; 50 rejected; 40 runs 60 → 85; 60 waits; 70, 80
    // rejected; 60 runs from 85; 90 waits. At the end (100 ms) 60 and 90 are in flight.
    const d = design(`archsim: 1
components:
  b: { kind: service, concurrency: 1, queue: 1, operations: { op: { work: 25ms } } }
workloads:
  w: { entry: b.op, rate: 100, arrivals: constant }
scenarios:
  s: { workload: w, duration: 100ms }
`);
    const { result, outcomes } = runOutcomes(d, { scenario: "s" });
    expect(byTime(outcomes)).toEqual([
      [10, 25, "ok"],
      [20, 40, "ok"],
      [30, 0, "rejected"],
      [40, 45, "ok"],
      [50, 0, "rejected"],
      [70, 0, "rejected"],
      [80, 0, "rejected"],
    ]);
    expect(outcomes.filter((o) => o.rejected).length).toBe(4);
    expect(result.requests).toMatchObject({ total: 9, succeeded: 3, rejected: 4, failed: 0, inFlight: 2 });
    expect(result.components.b!.failed).toBe(4);
  });

  it("a 503 from a deeper queue fails the request (cause rejected), it is not a rejection", () => {
    // b: one slot, no queue, 25 ms. Calls at 10 (→35), 40 (→65) and 70 (→95) are served; the others
    // find b busy.
    const d = design(`archsim: 1
components:
  a: { kind: service, operations: { op: { steps: [ { call: b.op } ] } } }
  b: { kind: service, concurrency: 1, queue: 0, operations: { op: { work: 25ms } } }
workloads:
  w: { entry: a.op, rate: 100, arrivals: constant }
scenarios:
  s: { workload: w, duration: 100ms }
  warm: { workload: w, duration: 100ms, warmup: 50ms }
`);
    const { result, outcomes } = runOutcomes(d, { scenario: "s", timeseries: true });
    expect(byTime(outcomes)).toEqual([
      [10, 25, "ok"],
      [20, 0, "rejected"],
      [30, 0, "rejected"],
      [40, 25, "ok"],
      [50, 0, "rejected"],
      [60, 0, "rejected"],
      [70, 25, "ok"],
      [80, 0, "rejected"],
      [90, 0, "rejected"],
    ]);
    expect(outcomes.some((o) => o.rejected)).toBe(false);
    expect(result.requests).toMatchObject({ succeeded: 3, failed: 6, rejected: 0 });
    expect(result.requests.causes.rejected).toBe(6);
    expect(result.components.b!.failed).toBe(6);
    expect(result.components.a!.failed).toBe(6);
    expect(result.timeseries![0]!.components.b!.failed).toBe(6);
    // With a 50 ms warm-up only the 503s at 50, 60, 80 and 90 ms count.
    const warm = runOutcomes(d, { scenario: "warm" }).result;
    expect(warm.components.b!.failed).toBe(4);
    expect(warm.requests).toMatchObject({ total: 5, failed: 4, succeeded: 1 });
  });
});

describe("database pool", () => {
  const pooled = (pool: number) =>
    design(`archsim: 1
components:
  db: { kind: database, pool: ${pool}, queryTime: 10ms }
  a: { kind: service, concurrency: 100, operations: { op: { steps: [ { query: db } ] } } }
workloads:
  w: { entry: a.op, rate: 200, arrivals: constant }
scenarios:
  s: { workload: w, duration: 100ms }
`);

  it("pool 1: queries wait FIFO for the connection; request k (sent at 5k ms) takes 5k + 5 ms", () => {
    // Query k starts at 5 + 10(k − 1) and ends at 10k + 5; those ending before 100 ms are k = 1 … 9.
    const { result, outcomes } = runOutcomes(pooled(1), { scenario: "s" });
    expect(byTime(outcomes)).toEqual(Array.from({ length: 9 }, (_, i) => [5 * (i + 1), 5 * (i + 1) + 5, "ok"]));
    // The connection is in use from 5 ms to the end.
    expect(result.components.db!.utilization).toBeCloseTo(0.95, 12);
    expect(result.components.db!.throughput).toBe(90); // 9 queries in 0.1 s
  });

  it("pool 2 keeps up with a query every 5 ms: every request takes 10 ms", () => {
    // Sent at 5 … 90 ms; the one sent at 90 ends at 100 ms, the end of the run.
    const { result, outcomes } = runOutcomes(pooled(2), { scenario: "s" });
    expect(byTime(outcomes)).toEqual(Array.from({ length: 17 }, (_, i) => [5 * (i + 1), 10, "ok"]));
    expect(result.components.db!.meanQueueLength).toBe(0);
  });
});

describe("gateway rate limit", () => {
  const limited = (rateLimit: string) =>
    design(`archsim: 1
components:
  gw:
    kind: gateway
    rateLimit: ${rateLimit}
    routes: { GET /x: a.op }
  a: { kind: service, operations: { op: { http: GET /x, work: 1ms } } }
workloads:
  w: { entry: gw, rate: 125, arrivals: constant, mix: { GET /x: 1 } }
scenarios:
  s: { workload: w, duration: 1s }
`);

  it("burst 3 at 62.5 rps: a full bucket of 3, then half a token per 8 ms gap", () => {
    // Sends every 8 ms from 8 ms. Tokens before each take: 3 (capped), 2.5, 2, 1.5, 1 → the first five
    // pass; then 0.5 (429), 1 (pass), 0.5 (429), …: from 48 ms every other request is refused.
    const { result, outcomes } = runOutcomes(limited("{ rps: 62.5, burst: 3 }"), { scenario: "s" });
    const refused = outcomes.filter((o) => o.cause === "rateLimited");
    expect(refused.map((o) => o.sentAt)).toEqual(Array.from({ length: 60 }, (_, k) => 48 + 16 * k));
    expect(refused.every((o) => o.rejected && o.doneAt === o.sentAt)).toBe(true);
    expect(outcomes.filter((o) => o.ok).map((o) => o.sentAt)).toEqual([
      8,
      16,
      24,
      32,
      40,
      ...Array.from({ length: 59 }, (_, k) => 56 + 16 * k),
    ]);
    expect(result.requests).toMatchObject({ total: 124, succeeded: 64, rejected: 60, failed: 0 });
    expect(result.requests.causes.rateLimited).toBe(60);
    // A gateway's 429s are not its failures.
    expect(result.components.gw!.failed).toBe(0);
  });

  it("burst defaults to ceil(rps): rps 2 passes 2 at once, then one token per 500 ms", () => {
    // 8 and 16 ms take the two tokens (0.016 left); the bucket is back at one token at 508 ms, so
    // 512 ms passes (0.008 left); the next token comes at 1008 ms, after the run.
    const { outcomes } = runOutcomes(limited("{ rps: 2 }"), { scenario: "s" });
    expect(outcomes.filter((o) => o.ok).map((o) => o.sentAt)).toEqual([8, 16, 512]);
  });
});

describe("autoscale", () => {
  // The result rounds time averages to 6 decimals.
  it("scales out at the first evaluation, and the new replica serves after its cold start", () => {
    // One slot, no queue, 15 ms work, a request every 10 ms: every other request is refused (503).
    // At 1000 ms the last second's utilization is 745/1000 (50 requests, the last one cut at 1000):
    // desired = ceil(1 × 0.745 / 0.5) = 2. The new replica serves at 1505 ms: the request sent at
    // 1500 still finds the first replica alone and busy; from 1510 the two alternate and no request
    // is refused. Later evaluations want 3, clamped to max 2.
    const d = design(`archsim: 1
components:
  b:
    kind: service
    concurrency: 1
    queue: 0
    autoscale: { min: 1, max: 2, targetUtilization: 0.5, interval: 1s, coldStart: 505ms }
    operations:
      op: { work: 15ms }
workloads:
  w: { entry: b.op, rate: 100, arrivals: constant }
scenarios:
  s: { workload: w, duration: 3s }
`);
    const { result, outcomes } = runOutcomes(d, { scenario: "s" });
    const refused = outcomes.filter((o) => o.cause === "rejected").map((o) => o.sentAt);
    expect(refused).toEqual(Array.from({ length: 75 }, (_, k) => 20 + 20 * k));
    // A starting replica counts: 1 replica for the first second, 2 after.
    expect(result.components.b!.replicas.min).toBe(1);
    expect(result.components.b!.replicas.max).toBe(2);
    expect(result.components.b!.replicas.mean).toBeCloseTo(5 / 3, 6);
  });

  it("scales in the newest replica, which drains what it holds before it goes", () => {
    // Two replicas, one slot each, no queue, 250 ms work, a request every 200 ms (round robin:
    // 200 → r0, 400 → r1, 600 → r0, 800 → r1). At 1000 ms: utilization 950/2000 = 0.475, target 1:
    // desired = ceil(2 × 0.475) = 1. r1 (the newest) drains: 800's request ends there at 1050, then
    // r1 goes. From then on r0 alone takes every request and refuses the ones sent while it is busy.
    const d = design(`archsim: 1
components:
  b:
    kind: service
    replicas: 2
    concurrency: 1
    queue: 0
    autoscale: { min: 1, max: 2, targetUtilization: 1, interval: 1s }
    operations:
      op: { work: 250ms }
workloads:
  w: { entry: b.op, rate: 5, arrivals: constant }
scenarios:
  s: { workload: w, duration: 3s }
`);
    const { result, outcomes } = runOutcomes(d, { scenario: "s" });
    expect(byTime(outcomes)).toEqual([
      [200, 250, "ok"],
      [400, 250, "ok"],
      [600, 250, "ok"],
      [800, 250, "ok"],
      [1000, 250, "ok"],
      [1200, 0, "rejected"],
      [1400, 250, "ok"],
      [1600, 0, "rejected"],
      [1800, 250, "ok"],
      [2000, 0, "rejected"],
      [2200, 250, "ok"],
      [2400, 0, "rejected"],
      [2600, 250, "ok"],
      [2800, 0, "rejected"],
    ]);
    expect(result.components.b!.replicas).toMatchObject({ min: 1, max: 2 });
    // 2 replicas until r1 has drained at 1050 ms, 1 after.
    expect(result.components.b!.replicas.mean).toBeCloseTo((2 * 1050 + 1950) / 3000, 6);
  });

  it("a draining replica keeps the calls on their way to it: it goes when the last one has ended", () => {
    // a calls b over a 250 ms network, every 200 ms; b: 2 replicas, one slot, no queue, 10 ms work.
    // Round robin: 200 → r0, 400 → r1, 600 → r0, 800 → r1. A latency fault holds 400's operation on
    // r1 until 1100. At 1000 ms: utilization (10 + 10 + 350) / 2000 = 0.185, desired 1: r1 drains
    // while busy, with 800's call on its way; that call finds r1 busy at 1050: 503 (rejected), known
    // at 1300. r1 goes at 1100, when 400's operation ends. From 1000 on r0 takes every call.
    const d = design(`archsim: 1
network: { latency: 250ms }
components:
  a: { kind: service, operations: { op: { steps: [ { call: b.op } ] } } }
  b:
    kind: service
    replicas: 2
    concurrency: 1
    queue: 0
    autoscale: { min: 1, max: 2, targetUtilization: 1, interval: 1s }
    operations:
      op: { work: 10ms }
workloads:
  w: { entry: a.op, rate: 5, arrivals: constant }
scenarios:
  s: { workload: w, duration: 3s, faults: [ { at: 655ms, for: 10ms, kind: latency, target: b, add: 440ms } ] }
`);
    const { result, outcomes } = runOutcomes(d, { scenario: "s" });
    expect(byTime(outcomes)).toEqual([
      [200, 510, "ok"],
      [400, 950, "ok"],
      [600, 510, "ok"],
      [800, 500, "rejected"],
      ...[1000, 1200, 1400, 1600, 1800, 2000, 2200, 2400].map((t) => [t, 510, "ok"]),
    ]);
    expect(outcomes.some((o) => o.rejected)).toBe(false);
    expect(result.components.b!.replicas).toMatchObject({ min: 1, max: 2 });
    expect(result.components.b!.replicas.mean).toBeCloseTo((2 * 1100 + 1900) / 3000, 6);
  });

  it("stays within [min, max]: initial replicas are clamped and an idle service does not go below min", () => {
    const d = design(`archsim: 1
components:
  b:
    kind: service
    replicas: 5
    autoscale: { min: 2, max: 3, interval: 1s }
    operations:
      op: { work: 1ms }
workloads:
  w: { entry: b.op, rate: 10, arrivals: constant }
scenarios:
  s: { workload: w, duration: 3s }
`);
    const { result } = runOutcomes(d, { scenario: "s" });
    // Clamped to 3 at the start; scaled in to min 2 at 1000 ms (nearly idle).
    expect(result.components.b!.replicas).toMatchObject({ min: 2, max: 3 });
    expect(result.components.b!.replicas.mean).toBeCloseTo((3 * 1000 + 2 * 2000) / 3000, 6);
  });
});
