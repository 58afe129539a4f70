/**
 * Calls, exactly, where semantics-resilience.test.ts stops: breaker memory against its run
 * limit, a stale route to a replica that comes back while the call is on its way, retries of
 * a call whose caller is gone, what a bulkhead counts, a zero backoff over many retries, and a
 * call over a zero network in the instant it is made. Tiny designs with constant times; each
 * answer is worked out by hand in the comments.
 */
import { describe, expect, it } from "vitest";
import type { Resilience } from "../model";
import { brief, design, runOutcomes } from "./testing/exact";

const sends = (from: number, to: number, step = 100) =>
  Array.from({ length: Math.floor((to - from) / step) + 1 }, (_, i) => from + i * step);
const each = (from: number, to: number, latency: number, cause = "ok") =>
  sends(from, to).map((t) => [t, latency, cause]);

describe("breaker memory", () => {
  // One caller replica, one callee: one breaker, created by the first attempt (100 ms). Every
  // call succeeds after 2 ms, so it never opens; only its memory matters.
  const breaker = design(`archsim: 1
components:
  a:
    kind: service
    resilience: { circuitBreaker: { failureRate: 1, window: 20 } }
    operations:
      op: { steps: [ { call: b.op } ] }
  b: { kind: service, operations: { op: { work: 2ms } } }
workloads:
  w: { entry: a.op, rate: 10, arrivals: constant }
scenarios:
  s: { workload: w, duration: 3s }
`);
  const run = (breakerBytes: number) => runOutcomes(breaker, { scenario: "s", limits: { breakerBytes } });

  // A new breaker costs 96 bytes of overhead plus its first window of min(20, 16) = 16 bytes: 112.
  // The 17th outcome (the call sent at 1700 ends at 1702) finds the 16 bytes full: the window grows
  // to min(20, 2 × 16) = 20 bytes, +4: 116 in all, and never grows again.
  it("a window of 20 costs 112 bytes, then 116 from its 17th outcome on: a limit of 116 is never crossed", () => {
    const { result, outcomes } = run(116);
    expect(result.partial).toBe(false);
    expect(result.stopReason).toBeUndefined();
    expect(outcomes.map(brief)).toEqual(each(100, 2900, 2));
  });

  it("a limit of 112 holds the new breaker and stops the run when the window grows at 1702 ms", () => {
    const { result, outcomes } = run(112);
    expect(result).toMatchObject({ partial: true, stopReason: "breakers", simulatedSeconds: 1.702 });
    // The 17th call's outcome is the one that crossed the limit: 16 requests completed.
    expect(outcomes.map(brief)).toEqual(each(100, 1600, 2));
  });

  it("a limit of 111 stops the run when the breaker is created, at the first attempt (100 ms)", () => {
    const { result, outcomes } = run(111);
    expect(result).toMatchObject({ partial: true, stopReason: "breakers", simulatedSeconds: 0.1 });
    expect(outcomes).toEqual([]);
  });
});

describe("timeout events", () => {
  it("timeouts of one duration share one event at a time: a call every 10 ms with a 50 ms timeout costs one every 50 ms", () => {
    // Every call ends after 1 ms, long before its timeout. The first attempt (10 ms) sets the
    // timer for 60; at 60 every earlier timeout is void and the list is empty or holds only the
    // attempt made at 60, so one event is set for 110, and so on: the timer pops at 60, 110, …,
    // 960, 19 events, where one per call would be 94 (10 … 940). Nothing else differs from the
    // same design without a timeout.
    const timed = (resilience: string) =>
      design(`archsim: 1
components:
  a:
    kind: service
    resilience: ${resilience}
    operations:
      op: { steps: [ { call: b.op } ] }
  b: { kind: service, operations: { op: { work: 1ms } } }
workloads:
  w: { entry: a.op, rate: 100, arrivals: constant }
scenarios:
  s: { workload: w, duration: 1s }
`);
    const withTimeout = runOutcomes(timed("{ timeout: 50ms }"), { scenario: "s" });
    const without = runOutcomes(timed("{}"), { scenario: "s" });
    expect(withTimeout.outcomes.map(brief)).toEqual(sends(10, 990, 10).map((t) => [t, 1, "ok"]));
    expect(withTimeout.result.events - without.result.events).toBe(19);
  });
});

describe("stale routes", () => {
  it("a call routed to a crashed replica is refused after a round trip, even if the replica is back when it would arrive", () => {
    // b's only replica crashes at 1050 ms and is back (cold start 0) at 1100.5; the registry still
    // lists it (detection 500 ms) and keeps it, as it serves again by 1550. The call sent at 1100
    // goes to the crashed replica: the connection is refused, known at 1100 + 1 + 1 = 1102, though
    // the replica is serving at 1101 when the call would have arrived. The others take 1 + 1 + 1 ms.
    const d = design(`archsim: 1
network: { latency: 1ms }
components:
  reg: { kind: registry, detection: 500ms }
  a: { kind: service, operations: { op: { steps: [ { call: b.op } ] } } }
  b: { kind: service, operations: { op: { work: 1ms } } }
workloads:
  w: { entry: a.op, rate: 10, arrivals: constant }
scenarios:
  s: { workload: w, duration: 2s, faults: [ { at: 1050ms, for: 50.5ms, kind: crash, target: b } ] }
`);
    const { outcomes } = runOutcomes(d, { scenario: "s" });
    expect(outcomes.map(brief)).toEqual([...each(100, 1000, 3), [1100, 2, "crashed"], ...each(1200, 1900, 3)]);
  });
});

describe("retries when the caller is gone", () => {
  it("a call waiting to retry when its caller crashed does not retry, even after its strand serves the next request", () => {
    // Sent at 100: the attempt fails at 102 and would retry at 202. a crashes at 150 (back at 160):
    // the request fails (crashed) at 150 and its strand goes back to the pool. The request sent at
    // 200 takes that strand and is still running at 202 when the old call's retry comes due: the
    // retry belongs to a step that ended, and does not happen. Requests 200 … 800 make two
    // attempts (200 → 202, wait 100, 302 → 304: 104 ms); 900's retry (1002) is past the end.
    const d = design(`archsim: 1
components:
  a:
    kind: service
    resilience: { retries: { max: 1, backoff: 100ms } }
    operations:
      op: { steps: [ { call: b.op } ] }
  b: { kind: service, operations: { op: { work: 2ms, errorRate: 1 } } }
workloads:
  w: { entry: a.op, rate: 10, arrivals: constant }
scenarios:
  s: { workload: w, duration: 1s, faults: [ { at: 150ms, for: 10ms, kind: crash, target: a } ] }
`);
    const { result, outcomes } = runOutcomes(d, { scenario: "s" });
    expect(outcomes.map(brief)).toEqual([[100, 50, "crashed"], ...each(200, 800, 104, "error")]);
    // Attempts at b: 1 (100) + 7 × 2 (200 … 800) + 1 (900), every one failed.
    expect(result.components.b!.failed).toBe(16);
  });
});

describe("bulkhead counts", () => {
  // b.slow takes 50 ms, b.op 2 ms; the branches of a parallel step start in order, at once.
  const parallel = (branches: string) =>
    design(`archsim: 1
components:
  a:
    kind: service
    operations:
      op: { steps: [ { parallel: [ ${branches} ] } ] }
  b:
    kind: service
    operations:
      slow: { work: 50ms }
      op: { work: 2ms }
workloads:
  w: { entry: a.op, rate: 10, arrivals: constant }
scenarios:
  s: { workload: w, duration: 500ms }
`);

  it("a call step without a bulkhead takes no place: the steps with one still find theirs", () => {
    // b.slow has no bulkhead and counts nothing; bulkhead 1 finds 0 places held and takes one;
    // bulkhead 2 finds 1 and takes the second. All succeed when b.slow does, at 50 ms.
    const d = parallel("{ call: b.slow }, { call: b.op, bulkhead: 1 }, { call: b.op, bulkhead: 2 }");
    expect(runOutcomes(d, { scenario: "s" }).outcomes.map(brief)).toEqual(each(100, 400, 50));
  });

  it("places are shared by the steps that have a bulkhead, each compared with its own limit", () => {
    // Bulkhead 2 finds 0 and takes one; bulkhead 1 then finds 1 held: refused, which fails the
    // parallel step and the request at once.
    const d = parallel("{ call: b.op, bulkhead: 2 }, { call: b.op, bulkhead: 1 }, { call: b.slow }");
    expect(runOutcomes(d, { scenario: "s" }).outcomes.map(brief)).toEqual(each(100, 400, 0, "bulkhead"));
  });
});

describe("zero backoff", () => {
  it("stays zero over more retries than 2^1024 overflows: 1,100 retries of a failing 0 ms call end at once", () => {
    // The validator caps max at 100; the engine does not rely on it. Retry i waits 0 · 2^(i−1):
    // from i = 1025 on, 2^(i−1) is Infinity and 0 · Infinity would be NaN. Every attempt fails in
    // the instant it is made, so the request (sent at 100) fails with latency 0 after 1,101 attempts.
    const d = design(`archsim: 1
components:
  a:
    kind: service
    resilience: { retries: { max: 1 } }
    operations:
      op: { steps: [ { call: b.op } ] }
  b: { kind: service, operations: { op: { errorRate: 1 } } }
workloads:
  w: { entry: a.op, rate: 10, arrivals: constant }
scenarios:
  s: { workload: w, duration: 150ms }
`);
    const a = d.components.a as { resilience?: Resilience };
    a.resilience!.retries!.max = 1100;
    const { result, outcomes } = runOutcomes(d, { scenario: "s" });
    expect(outcomes.map(brief)).toEqual([[100, 0, "error"]]);
    expect(result.components.b!.failed).toBe(1101);
  });
});

describe("a zero network", () => {
  it("a call reaches its callee in the instant it is made, before that instant's later-scheduled events", () => {
    // a works 150 ms, then calls b (one slot, no queue, 100 ms). Events due at the same time run in
    // the order they were scheduled. The request sent at 100 calls at 250 and b holds it until 350.
    // The one sent at 200 calls at 350: its work's end was scheduled at 200, before b's end (at
    // 250), so the call reaches b while b still holds the previous one: 503, the request fails
    // (rejected) at 350. 300 calls at 450, b is free: ok at 550; and so on, every other request.
    const d = design(`archsim: 1
components:
  a:
    kind: service
    operations:
      op: { work: 150ms, steps: [ { call: b.op } ] }
  b: { kind: service, concurrency: 1, queue: 0, operations: { op: { work: 100ms } } }
workloads:
  w: { entry: a.op, rate: 10, arrivals: constant }
scenarios:
  s: { workload: w, duration: 1s }
`);
    const { outcomes } = runOutcomes(d, { scenario: "s" });
    expect(outcomes.map(brief).sort((x, y) => x[0] - y[0])).toEqual(
      sends(100, 800).map((t) => (t % 200 === 100 ? [t, 250, "ok"] : [t, 150, "rejected"])),
    );
  });
});
