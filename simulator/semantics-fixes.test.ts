/**
 * Two semantics fixed after the mutation run found them (each test failed before its fix):
 * an optional parallel step's branches all start even when the first fails at once, and a
 * service's idle replicas take lone message copies in turn; constant arrivals keep the
 * request due exactly where a profile's rate falls to 0; and an answer due exactly at its
 * timeout fares alike for every call (the timeout, set first, wins the tie); and a run whose
 * wall-clock slice is over at advance's first check goes on.
 */
import { expect, it } from "vitest";
import { design, brief, runOutcomes } from "./testing/exact";
import { createRun, simulate } from "./run";

it("an optional parallel step whose first branch fails at once still runs its other branches", () => {
  // f is partitioned from a: its branch fails at once; the step is optional, so the operation
  // goes on to c (3 ms). b's branch should run to its end: b runs once per request.
  const d = design(`archsim: 1
components:
  a:
    kind: service
    operations:
      op: { steps: [ { parallel: [ { call: f.op }, { call: b.op } ], optional: true }, { call: c.op } ] }
  f: { kind: service, operations: { op: { work: 2ms } } }
  b: { kind: service, operations: { op: { work: 2ms } } }
  c: { kind: service, operations: { op: { work: 3ms } } }
workloads:
  w: { entry: a.op, rate: 10, arrivals: constant }
scenarios:
  s: { workload: w, duration: 500ms, faults: [ { at: 0s, kind: partition, between: [a, f] } ] }
`);
  const { result, outcomes } = runOutcomes(d, { scenario: "s" });
  expect(outcomes.map(brief)).toEqual([100, 200, 300, 400].map((t) => [t, 3, "ok"]));
  // b's branch runs once for each of the 4 requests in the 0.5 s window: 8 per second (it was 0).
  expect(result.components.b!.throughput).toBe(8);
});

it("lone copies go to two idle consumer replicas in turn", () => {
  // c: 2 replicas, one slot each, 10 ms per copy; a copy every 100 ms finds both idle. In turn:
  // 100 → r0, 200 → r1, 300 → r0, 400 → r1. A crash of the oldest replica (r0) over [405, 407)
  // then hits nothing: no failed handler, every copy 10 ms. Before the fix all copies went to r0: 400's was
  // cut at 405 (1 failed) and redone on r1 (latency 15).
  const d = design(`archsim: 1
components:
  mq: { kind: broker }
  a:
    kind: service
    operations:
      op: { steps: [ { publish: ev } ] }
  c:
    kind: service
    replicas: 2
    concurrency: 1
    operations:
      h: { work: 10ms }
    subscribes: { ev: h }
workloads:
  w: { entry: a.op, rate: 10, arrivals: constant }
scenarios:
  s: { workload: w, duration: 1s, faults: [ { at: 405ms, for: 2ms, kind: crash, target: c, replicas: 1 } ] }
`);
  const { result } = runOutcomes(d, { scenario: "s" });
  expect(result.components.c!.failed).toBe(0);
  expect(result.topics.ev!.latency.max).toBe(10);
});

it("a falling ramp to 0 sends its last request, due exactly where the rate reaches 0", () => {
  // Λ(t) = ∫ 2000·(1 − t) dt over [0, 1 s] = 1000 requests, the n-th where Λ = n: the 1000th at
  // exactly 1 s. Rounding left Λ ~1e-12 short there, and the rate after 1 s is 0: it was never sent.
  const d = design(`archsim: 1
components:
  a: { kind: service, operations: { op: { work: 0ms } } }
workloads:
  w: { entry: a.op, arrivals: constant, profile: [[0s, 2000], [1s, 0]] }
scenarios:
  s: { workload: w, duration: 3s }
`);
  const { result, outcomes } = runOutcomes(d, { scenario: "s" });
  expect(result.requests.total).toBe(1000);
  // The n-th arrival solves 2000·(t − t²/2) = n (t in s): the last is at 1 s, within rounding.
  expect(outcomes.at(-1)!.sentAt).toBeCloseTo(1000, 6);
  expect(outcomes[499]!.sentAt).toBeCloseTo(1000 * (1 - Math.sqrt(1 - 500 / 1000)), 6);
});

it("an answer due exactly at its attempt's timeout fares the same for every call", () => {
  // A call every 2 ms; 5 ms network each way, 0 ms work: every answer arrives exactly 10 ms after
  // its attempt started, at the instant its 10 ms timeout expires. Identical calls must end alike
  // (with one heap entry per attempt, as the TimeoutList claims to be equivalent to, all time out).
  const d = design(`archsim: 1
network: { latency: 5ms }
components:
  a:
    kind: service
    resilience: { timeout: 10ms }
    operations:
      op: { steps: [ { call: b.op } ] }
  b: { kind: service, operations: { op: { work: 0ms } } }
workloads:
  w: { entry: a.op, rate: 500, arrivals: constant }
scenarios:
  s: { workload: w, duration: 20ms }
`);
  const { outcomes } = runOutcomes(d, { scenario: "s" });
  // Before the fix: [[2,10,"timeout"],[4,10,"ok"],[6,10,"ok"],[8,10,"ok"]]: only the first timer ran first.
  expect(outcomes.map(brief)).toEqual([2, 4, 6, 8].map((t) => [t, 10, "timeout"]));
});

it("a wall-clock slice that is over at advance's first check does not end the run", () => {
  const d = design(`archsim: 1
components:
  b: { kind: service, concurrency: 1, operations: { op: { work: 10ms } } }
workloads:
  w: { entry: b.op, rate: 50, arrivals: constant }
scenarios:
  s: { workload: w, duration: 2500ms }
`);
  // Every reading of this clock is 200 ms after the last.
  let now = 0;
  const run = createRun(d, { scenario: "s", clock: { now: () => (now += 200) } });
  expect(run.advance(1000)).toBe(true);
  const r = run.finish();
  // Before the fix: done at 0 ms, partial false, no stopReason, simulatedSeconds 0, no requests.
  expect(r.simulatedSeconds).toBe(2.5);
  expect(r.requests.total).toBe(simulate(d, { scenario: "s" }).requests.total);
});

it("a query on its way when a partition from its database starts fails on arrival, like a call", () => {
  // The request at 1000 ms queries db at once: the query leaves at 1000 and arrives at 1005 (5 ms
  // hop). The partition starts at 1003, so the query fails on arrival and the answer is back at
  // 1010: latency 10, partitioned. Before the fix the database served it: ok at 1005 + 1 + 5 = 1011.
  const d = design(`archsim: 1
network: { latency: 5ms }
components:
  a:
    kind: service
    operations:
      op: { steps: [ { query: db } ] }
  db: { kind: database, queryTime: 1ms }
workloads:
  w: { entry: a.op, rate: 1, arrivals: constant }
scenarios:
  s: { workload: w, duration: 1500ms, faults: [ { at: 1003ms, for: 1s, kind: partition, between: [a, db] } ] }
`);
  expect(runOutcomes(d, { scenario: "s" }).outcomes.map(brief)).toEqual([[1000, 10, "partitioned"]]);
});
