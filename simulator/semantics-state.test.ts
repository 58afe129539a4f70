/**
 * The run's shared state, exactly: the balancers' picks (least-outstanding by load, random
 * replayed draw by draw), the live-executions limit at its boundary, per-second figures that
 * start afresh every second, replica extremes and averages around the warm-up, and a
 * gateway's slots. Tiny designs with constant times and constant arrivals; answers worked out
 * by hand in the comments.
 */
import { describe, expect, it } from "vitest";
import { Sfc32 } from "./engine/rng";
import { simulate } from "./run";
import { brief, design, runOutcomes } from "./testing/exact";

const byTime = (outcomes: ReturnType<typeof runOutcomes>["outcomes"]) =>
  outcomes.map(brief).sort((x, y) => x[0] - y[0]);
const sends = (from: number, to: number, step = 100) =>
  Array.from({ length: Math.floor((to - from) / step) + 1 }, (_, i) => from + i * step);

describe("balancers", () => {
  it("least-outstanding picks the replica with the fewest running and queued, from a rotating start", () => {
    // a calls b.slow (80 ms) and b.fast (10 ms) in parallel, a request every 50 ms; b: 2 replicas, one
    // slot each. Picks start at r0, r1, r0, … in turn and keep the first strictly least loaded.
    // 50: slow → r0 (both idle), fast → r1: done at 130 (80 ms).
    // 100: slow starts at r0 (load 1) → r1 (0); fast starts at r1 (1), r0 (1) no less → waits on r1
    // behind slow: 180 → 190 (90 ms).
    // 150: slow: r0 (0) → r0, 150–230; fast: r1 (2) → r0 (1), waits: 230 → 240 (90 ms). And so on, in
    // mirror image: every later request takes 90 ms.
    const d = design(`archsim: 1
components:
  a: { kind: service, operations: { op: { steps: [ { parallel: [ { call: b.slow }, { call: b.fast } ] } ] } } }
  b:
    kind: service
    replicas: 2
    concurrency: 1
    balancer: least-outstanding
    operations: { slow: { work: 80ms }, fast: { work: 10ms } }
workloads:
  w: { entry: a.op, rate: 20, arrivals: constant }
scenarios:
  s: { workload: w, duration: 400ms }
`);
    expect(byTime(runOutcomes(d, { scenario: "s" }).outcomes)).toEqual([
      [50, 80, "ok"],
      [100, 90, "ok"],
      [150, 90, "ok"],
      [200, 90, "ok"],
      [250, 90, "ok"],
      [300, 90, "ok"],
    ]);
  });

  it("least-outstanding breaks a tie in favour of its rotating start", () => {
    // Three replicas, 50 ms of work, a request every 100 ms: every pick finds all idle, so the first
    // goes to r0, its start. The crash of r0 (the oldest) at 120 ms fails it after 20 ms; r1 and r2
    // serve the rest.
    const d = design(`archsim: 1
components:
  b: { kind: service, replicas: 3, balancer: least-outstanding, operations: { op: { work: 50ms } } }
workloads:
  w: { entry: b.op, rate: 10, arrivals: constant }
scenarios:
  s: { workload: w, duration: 1s, faults: [ { at: 120ms, kind: crash, target: b, replicas: 1 } ] }
`);
    expect(byTime(runOutcomes(d, { scenario: "s" }).outcomes)).toEqual([
      [100, 20, "crashed"],
      ...sends(200, 900).map((t) => [t, 50, "ok"]),
    ]);
  });

  it("random picks replica floor(u · n) with one draw u per pick", () => {
    // Two replicas; r0 crashes at 0 ms but the registry lists it for 10 s, so a request sent to it
    // is refused at once (crashed) and one sent to r1 takes 1 ms. The only draws are the picks.
    const d = design(`archsim: 1
components:
  reg: { kind: registry, detection: 10s }
  b: { kind: service, replicas: 2, balancer: random, operations: { op: { work: 1ms } } }
workloads:
  w: { entry: b.op, rate: 10, arrivals: constant }
scenarios:
  s: { workload: w, duration: 3s, faults: [ { at: 0ms, kind: crash, target: b, replicas: 1 } ] }
`);
    const rng = new Sfc32(1);
    const want = sends(100, 2900).map((t) => (Math.floor(rng.next() * 2) === 0 ? [t, 0, "crashed"] : [t, 1, "ok"]));
    expect(byTime(runOutcomes(d, { scenario: "s" }).outcomes)).toEqual(want);
    expect(new Set(want.map((x) => x[2]))).toEqual(new Set(["ok", "crashed"]));
  });
});

describe("the live-executions limit", () => {
  // 95 ms of work, a request every 10 ms: from 100 ms on, ten executions are live at each arrival.
  const d = design(`archsim: 1
components:
  b: { kind: service, operations: { op: { work: 95ms } } }
  c: { kind: service, concurrency: 1, queue: 0, operations: { op: { work: 95ms } } }
workloads:
  w: { entry: b.op, rate: 100, arrivals: constant }
  v: { entry: c.op, rate: 100, arrivals: constant }
scenarios:
  s: { workload: w, duration: 1s }
  refused: { workload: v, duration: 1s }
`);

  it("allows exactly the limit: 10 live at once run to the end, the 10th over 9 stops the run", () => {
    expect(simulate(d, { scenario: "s", limits: { liveExecutions: 10 } })).toMatchObject({ partial: false });
    const stopped = simulate(d, { scenario: "s", limits: { liveExecutions: 9 } });
    // Stopped by the arrival at 100 ms (R10 … R90 still live).
    expect(stopped).toMatchObject({ partial: true, stopReason: "executions", simulatedSeconds: 0.1 });
    expect(stopped.requests).toMatchObject({ total: 10, succeeded: 0, inFlight: 10 });
  });

  it("an execution refused at a full queue stops being live at once", () => {
    // c: one slot, no queue. R10 runs 10–105; R20 … R100 are refused (503), each live only while it
    // knocks: 2 at most. R110, R210, … run; the others are refused. R910 runs past the end.
    const r = simulate(d, { scenario: "refused", limits: { liveExecutions: 2 } });
    expect(r.partial).toBe(false);
    expect(r.requests).toMatchObject({ total: 99, succeeded: 9, rejected: 89, inFlight: 1 });
  });
});

describe("per-second figures", () => {
  it("start afresh every second: requests, latency, routes and components", () => {
    // b: one slot, 1 ms, a request every 100 ms. Errors (p = 1) on [1000, 2000), then 20 ms added on
    // [2000, 3000): second 0 has 9 successes of 1 ms, second 1 ten failures, second 2 ten of 21 ms.
    const d = design(`archsim: 1
components:
  b: { kind: service, concurrency: 1, operations: { op: { work: 1ms } } }
workloads:
  w: { entry: b.op, rate: 10, arrivals: constant }
scenarios:
  s:
    workload: w
    duration: 3s
    faults:
      - { at: 1000ms, for: 1s, kind: errors, target: b, probability: 1 }
      - { at: 2000ms, for: 1s, kind: latency, target: b, add: 20ms }
`);
    const ts = simulate(d, { scenario: "s", seed: 1, timeseries: true }).timeseries!;
    expect(ts.map((e) => e.requests)).toEqual([
      { succeeded: 9, failed: 0, rejected: 0 },
      { succeeded: 0, failed: 10, rejected: 0 },
      { succeeded: 10, failed: 0, rejected: 0 },
    ]);
    expect(ts.map((e) => [e.routes["b.op"]!.count, e.routes["b.op"]!.failed])).toEqual([
      [9, 0],
      [10, 10],
      [10, 0],
    ]);
    // Quantiles come from a histogram (within 0.5%); a second without a success has none.
    const near = (x: number, v: number) => Math.abs(x - v) <= v * 0.005;
    expect(ts.map((e) => [near(e.latency.p50, 1), e.latency.p99 === 0, near(e.latency.p99, 21)])).toEqual([
      [true, false, false],
      [false, true, false],
      [false, false, true],
    ]);
    expect(ts.map((e) => e.routes["b.op"]!.p50 === 0)).toEqual([false, true, false]);
    expect(near(ts[2]!.routes["b.op"]!.p50, 21)).toBe(true);
    // b's slot: 9 ms, 10 ms, then 210 ms held in each second of 1000.
    expect(ts.map((e) => e.components.b)).toEqual([
      { throughput: 9, utilization: 0.009, queue: 0, replicas: 1, failed: 0, circuits: {} },
      { throughput: 10, utilization: 0.01, queue: 0, replicas: 1, failed: 10, circuits: {} },
      { throughput: 10, utilization: 0.21, queue: 0, replicas: 1, failed: 0, circuits: {} },
    ]);
  });
});

describe("replica counts and the warm-up", () => {
  const d = design(`archsim: 1
components:
  b: { kind: service, replicas: 2, operations: { op: { work: 1ms } } }
workloads:
  w: { entry: b.op, rate: 10, arrivals: constant }
scenarios:
  early: { workload: w, duration: 3s, warmup: 1s, faults: [ { at: 300ms, for: 200ms, kind: crash, target: b, replicas: 1 } ] }
  across: { workload: w, duration: 2s, warmup: 1s, faults: [ { at: 500ms, for: 1s, kind: crash, target: b, replicas: 1 } ] }
`);

  it("a run that ends before its warm-up reports the count at its end, not what the warm-up saw", () => {
    // 2 → 1 at 300 ms → 2 at 500 ms; the run stops at 800 ms, before the window opens.
    const r = simulate(d, { scenario: "early", durationMs: 800 });
    expect(r.components.b!.replicas).toEqual({ min: 2, max: 2, mean: 2 });
    expect(r.requests.total).toBe(0);
  });

  it("extremes and the average cover the window only: 1 on [1000, 1500), 2 on [1500, 2000)", () => {
    const r = simulate(d, { scenario: "across" });
    expect(r.components.b!.replicas).toEqual({ min: 1, max: 2, mean: 1.5 });
    // The same crash inside the warm-up leaves no trace in the window.
    expect(simulate(d, { scenario: "early" }).components.b!.replicas).toEqual({ min: 2, max: 2, mean: 2 });
  });
});

describe("a gateway's slots", () => {
  it("a bounded gateway's requests hold one of its slots for overhead and the call; an unbounded one has no utilization", () => {
    // Overhead 3 ms, then a's 1 ms: 4 ms per request, a request every 10 ms (99 in 1 s), 2 slots:
    // 396 / 2000 held, 297 / 2000 in the overhead (the gateway's work).
    const gw = (concurrency: string) =>
      design(`archsim: 1
components:
  gw: { kind: gateway, ${concurrency} overhead: 3ms, routes: { GET /x: a.op } }
  a: { kind: service, operations: { op: { http: GET /x, work: 1ms } } }
workloads:
  w: { entry: gw, rate: 100, arrivals: constant, mix: { GET /x: 1 } }
scenarios:
  s: { workload: w, duration: 1s }
`);
    const bounded = simulate(gw("concurrency: 2,"), { scenario: "s" });
    expect(bounded.components.gw).toMatchObject({
      utilization: 0.198,
      cpuUtilization: 0.1485,
      throughput: 99,
      replicas: { min: 1, max: 1, mean: 1 },
    });
    expect(bounded.latency).toMatchObject({ mean: 4, max: 4 });
    expect(simulate(gw(""), { scenario: "s" }).components.gw).toMatchObject({
      utilization: 0,
      cpuUtilization: 0,
      throughput: 99,
    });
  });
});

describe("more balancer draws, breaker memory and counts by phase", () => {
  it("a single routable replica is taken without a draw, whatever the balancer", () => {
    // One replica, random balancer, errorRate 0.5: the only draws are the failure draws, one per request.
    const d = design(`archsim: 1
components:
  b: { kind: service, balancer: random, operations: { op: { work: 1ms, errorRate: 0.5 } } }
workloads:
  w: { entry: b.op, rate: 10, arrivals: constant }
scenarios:
  s: { workload: w, duration: 3s }
`);
    const rng = new Sfc32(1);
    const want = sends(100, 2900).map((t) => [t, 1, rng.next() < 0.5 ? "error" : "ok"]);
    expect(byTime(runOutcomes(d, { scenario: "s" }).outcomes)).toEqual(want);
  });

  it("a breaker's memory is 96 bytes plus its window, which starts at min(window, 16) and grows to the window", () => {
    // a calls b (2 ms) every 100 ms through a breaker. Window 4: 96 + 4 = 100 bytes. Window 20: 96 + 16
    // bytes until the 17th outcome (the call sent at 1700 ms, ending at 1702) grows it to 20.
    const d = (window: number) =>
      design(`archsim: 1
components:
  a:
    kind: service
    resilience: { circuitBreaker: { window: ${window} } }
    operations: { op: { steps: [ { call: b.op } ] } }
  b: { kind: service, operations: { op: { work: 2ms } } }
workloads:
  w: { entry: a.op, rate: 10, arrivals: constant }
scenarios:
  s: { workload: w, duration: 3s }
`);
    expect(simulate(d(4), { scenario: "s", limits: { breakerBytes: 100 } }).partial).toBe(false);
    expect(simulate(d(4), { scenario: "s", limits: { breakerBytes: 99 } })).toMatchObject({
      partial: true,
      stopReason: "breakers",
    });
    expect(simulate(d(20), { scenario: "s", limits: { breakerBytes: 116 } }).partial).toBe(false);
    expect(simulate(d(20), { scenario: "s", limits: { breakerBytes: 115 } })).toMatchObject({
      partial: true,
      stopReason: "breakers",
      simulatedSeconds: 1.702,
    });
  });

  it("a replica count changed at the very instant the window opens counts in its extremes", () => {
    // r0 down 500 → 1000; the window opens at 1000 with 1 replica, and r0 restarts in that same instant.
    const d = design(`archsim: 1
components:
  b: { kind: service, replicas: 2, operations: { op: { work: 1ms } } }
workloads:
  w: { entry: b.op, rate: 10, arrivals: constant }
scenarios:
  s: { workload: w, duration: 2s, warmup: 1s, faults: [ { at: 500ms, for: 500ms, kind: crash, target: b, replicas: 1 } ] }
`);
    expect(simulate(d, { scenario: "s" }).components.b!.replicas).toEqual({ min: 1, max: 2, mean: 2 });
  });

  it("the autoscaler counts crashed replicas as existing (no scale-in while they are held) and starting ones as live", () => {
    // Nearly idle (1 ms every 100 ms), target 0.5, min 1: the autoscaler wants 1 replica.
    const d = design(`archsim: 1
components:
  two:
    kind: service
    replicas: 2
    autoscale: { min: 1, max: 3, targetUtilization: 0.5, interval: 1s }
    operations: { op: { work: 1ms } }
  three:
    kind: service
    replicas: 3
    autoscale: { min: 1, max: 3, targetUtilization: 0.5, interval: 1s }
    operations: { op: { work: 1ms } }
  cold:
    kind: service
    coldStart: 500ms
    autoscale: { min: 1, max: 3, targetUtilization: 0.5, interval: 1s }
    operations: { op: { work: 1ms } }
workloads:
  two: { entry: two.op, rate: 10, arrivals: constant }
  three: { entry: three.op, rate: 10, arrivals: constant }
  cold: { entry: cold.op, rate: 10, arrivals: constant }
scenarios:
  two: { workload: two, duration: 3s, faults: [ { at: 500ms, for: 1s, kind: crash, target: two, replicas: 1 } ] }
  three: { workload: three, duration: 3s, faults: [ { at: 500ms, for: 1s, kind: crash, target: three, replicas: 1 } ] }
  cold: { workload: cold, duration: 3s, faults: [ { at: 300ms, for: 500ms, kind: crash, target: cold } ] }
`);
    // two: at 1000 one up + one crashed = 2 existing, but a crash holds one: no change. r0 is back at
    // 1500; at 2000 it scales in to 1. 2 on [0,500), 1 on [500,1500), 2 on [1500,2000), 1 after.
    expect(simulate(d, { scenario: "two" }).components.two!.replicas).toEqual({ min: 1, max: 2, mean: 1.333333 });
    // three: the same with 3: 3, 2, 3, then 1 from 2000: (1500 + 2000 + 1500 + 1000) / 3000.
    expect(simulate(d, { scenario: "three" }).components.three!.replicas).toEqual({ min: 1, max: 3, mean: 2 });
    // cold: down 300 → 800, then starting until 1300. At 1000 the starting replica is the 1 wanted.
    // Requests 300 … 1200 find none serving. 1 on [0,300), 0 on [300,800), 1 after.
    const { result, outcomes } = runOutcomes(d, { scenario: "cold" });
    expect(result.components.cold!.replicas).toEqual({ min: 0, max: 1, mean: 0.833333 });
    expect(outcomes.filter((o) => o.cause === "crashed").map((o) => o.sentAt)).toEqual(sends(300, 1200));
  });
});
