/**
 * More faults at exact times: overlapping crashes (whole service, `replicas: n`, a draining
 * replica), a restart that waits for a crashed dependency, the registry's outage, error
 * probabilities combined (replayed draw by draw), slowdowns and partitions that overlap, and
 * faults injected and healed while a run goes on. Tiny designs with constant times and a
 * request every 100 ms unless said; answers worked out by hand in the comments.
 */
import { describe, expect, it } from "vitest";
import { createRun } from "./run";
import { Sfc32 } from "./engine/rng";
import type { RequestOutcome } from "./options";
import { brief, design, runOutcomes } from "./testing/exact";

const sends = (from: number, to: number, step = 100) =>
  Array.from({ length: Math.floor((to - from) / step) + 1 }, (_, i) => from + i * step);
const each = (from: number, to: number, latency: number, cause = "ok") =>
  sends(from, to).map((t) => [t, latency, cause]);

function byTime(d: ReturnType<typeof design>, scenario = "s") {
  return runOutcomes(d, { scenario })
    .outcomes.map(brief)
    .sort((x, y) => x[0] - y[0]);
}

/** A direct entry b.op (work `work`) with the given faults; a request every 100 ms for 3 s. */
function direct(work: string, faults: string, service = "", extra = "") {
  return design(`archsim: 1
components:
  b: { kind: service, ${service} operations: { op: { work: ${work} } } }
${extra}
workloads:
  w: { entry: b.op, rate: 10, arrivals: constant }
scenarios:
  s: { workload: w, duration: 3s, faults: [ ${faults} ] }
`);
}

describe("overlapping crashes", () => {
  it("two crashes of every replica keep the service down until the later one ends", () => {
    // Down 1000 → 2000 and 1500 → 2550: requests 1000 … 2500 find no replica.
    const d = direct(
      "1ms",
      "{ at: 1000ms, for: 1s, kind: crash, target: b }, { at: 1500ms, for: 1050ms, kind: crash, target: b }",
    );
    expect(byTime(d)).toEqual([...each(100, 900, 1), ...each(1000, 2500, 0, "crashed"), ...each(2600, 2900, 1)]);
  });

  it("`replicas: 1` twice takes the oldest replica not yet crashed: both are down while both hold", () => {
    // Two replicas: r0 down 1050 → 2050, r1 (r0 already crashed) 1500 → 2500. Between 1500 and 2050
    // no replica serves.
    const d = direct(
      "1ms",
      "{ at: 1050ms, for: 1s, kind: crash, target: b, replicas: 1 }, { at: 1500ms, for: 1s, kind: crash, target: b, replicas: 1 }",
      "replicas: 2,",
    );
    expect(byTime(d)).toEqual([...each(100, 1400, 1), ...each(1500, 2000, 0, "crashed"), ...each(2100, 2900, 1)]);
    const { result } = runOutcomes(d, { scenario: "s", timeseries: true });
    // Replica counts at each second's end: 2; 0 (both down at 2000); 2.
    expect(result.timeseries!.map((e) => e.components.b!.replicas)).toEqual([2, 0, 2]);
    // 2 replicas on [0,1050), 1 on [1050,1500), 0 on [1500,2050), 1 on [2050,2500), 2 after: 4000 / 3000.
    expect(result.components.b!.replicas).toEqual({ min: 0, max: 2, mean: 1.333333 });
  });

  it("a replica draining (scale-in) when it crashes goes away at the crash's end instead of restarting", () => {
    // Two replicas, one slot each, no queue, 250 ms work, a request every 200 ms in turn (200 → r0,
    // 400 → r1, 600 → r0, 800 → r1). At 1000 ms the autoscaler wants 1: r1 drains with 800's request.
    // 1000 → r0. A crash of both at 1020 fails 1000's (20 ms) and 800's (220 ms) requests. At 1120 r0
    // restarts (no cold start); r1 is gone, so r0 alone refuses every other request (busy 250 ms).
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
  s: { workload: w, duration: 3s, faults: [ { at: 1020ms, for: 100ms, kind: crash, target: b } ] }
`);
    const { result, outcomes } = runOutcomes(d, { scenario: "s" });
    expect(outcomes.map(brief).sort((x, y) => x[0] - y[0])).toEqual([
      [200, 250, "ok"],
      [400, 250, "ok"],
      [600, 250, "ok"],
      [800, 220, "crashed"],
      [1000, 20, "crashed"],
      [1200, 250, "ok"],
      [1400, 0, "rejected"],
      [1600, 250, "ok"],
      [1800, 0, "rejected"],
      [2000, 250, "ok"],
      [2200, 0, "rejected"],
      [2400, 250, "ok"],
      [2600, 0, "rejected"],
    ]);
    // 2 replicas until 1020, none until 1120, then 1.
    expect(result.components.b!.replicas).toEqual({ min: 0, max: 2, mean: 1.306667 });
  });
});

describe("dependencies", () => {
  it("a replica whose database is down waits to restart until the database is back, then pays its cold start", () => {
    // b depends on db. b is down 1000 → 1500, but db until 2000: b starts at 2000 and serves at 2150.
    const d = direct(
      "1ms",
      "{ at: 1000ms, for: 500ms, kind: crash, target: b }, { at: 1000ms, for: 1s, kind: crash, target: db }",
      "coldStart: 150ms, dependsOn: [db],",
      "  db: { kind: database }",
    );
    expect(byTime(d)).toEqual([...each(100, 900, 1), ...each(1000, 2100, 0, "crashed"), ...each(2200, 2900, 1)]);
  });
});

describe("registry outage", () => {
  it("while the registry is down a crashed replica stays listed: calls to it are refused until it returns", () => {
    // a calls b (2 replicas in turn: odd hundreds → r0) over a 1 ms network; detection 0. The registry
    // is down 1000 → 2000; r0 crashes for good at 1250. Calls to r0 at 1300, 1500, 1700, 1900 are
    // refused after the round trip (2 ms); when the registry returns r0 is dropped and r1 takes all.
    const d = design(`archsim: 1
network: { latency: 1ms }
components:
  reg: { kind: registry }
  a: { kind: service, operations: { op: { steps: [ { call: b.op } ] } } }
  b: { kind: service, replicas: 2, operations: { op: { work: 1ms } } }
workloads:
  w: { entry: a.op, rate: 10, arrivals: constant }
scenarios:
  s:
    workload: w
    duration: 3s
    faults:
      - { at: 1000ms, for: 1s, kind: crash, target: reg }
      - { at: 1250ms, kind: crash, target: b, replicas: 1 }
`);
    expect(byTime(d)).toEqual([
      ...each(100, 1200, 3),
      ...[1300, 1400, 1500, 1600, 1700, 1800, 1900].map((t) => [
        t,
        t % 200 === 100 ? 2 : 3,
        t % 200 === 100 ? "crashed" : "ok",
      ]),
      ...each(2000, 2900, 3),
    ]);
  });

  it("a replica that restarts while the registry is down gets no calls until the registry returns", () => {
    // b: 2 replicas, one slot, no queue, 150 ms. Calls in turn: 100 → r0, 200 → r1, 300 → r0,
    // 400 → r1. r0 crashes 460 → 1500 (removed at once, detection 0): r1 alone takes every call and
    // refuses every other one (500, 700, …). r0 is up at 1500 but the registry, down 1000 → 2000,
    // lists it only at 2000: from then on the two alternate and nothing is refused.
    const d = design(`archsim: 1
components:
  reg: { kind: registry }
  a: { kind: service, operations: { op: { steps: [ { call: b.op } ] } } }
  b: { kind: service, replicas: 2, concurrency: 1, queue: 0, operations: { op: { work: 150ms } } }
workloads:
  w: { entry: a.op, rate: 10, arrivals: constant }
scenarios:
  s:
    workload: w
    duration: 3s
    faults:
      - { at: 460ms, for: 1040ms, kind: crash, target: b, replicas: 1 }
      - { at: 1000ms, for: 1s, kind: crash, target: reg }
`);
    expect(byTime(d)).toEqual([
      ...each(100, 400, 150),
      ...sends(500, 1900).map((t) => (t % 200 === 100 ? [t, 0, "rejected"] : [t, 150, "ok"])),
      ...each(2000, 2800, 150),
    ]);
  });

  it("a registry back before `detection` has passed leaves the crashed replica listed until then", () => {
    // Detection 500 ms: r0 (odd hundreds) crashes at 1050 for good and is dropped at 1550, whatever
    // the registry's short outage (1020 → 1100) did meanwhile: 1100, 1300, 1500 refused (2 ms).
    const d = design(`archsim: 1
network: { latency: 1ms }
components:
  reg: { kind: registry, detection: 500ms }
  a: { kind: service, operations: { op: { steps: [ { call: b.op } ] } } }
  b: { kind: service, replicas: 2, operations: { op: { work: 1ms } } }
workloads:
  w: { entry: a.op, rate: 10, arrivals: constant }
scenarios:
  s:
    workload: w
    duration: 2s
    faults:
      - { at: 1020ms, for: 80ms, kind: crash, target: reg }
      - { at: 1050ms, kind: crash, target: b, replicas: 1 }
`);
    expect(byTime(d)).toEqual([
      ...each(100, 1000, 3),
      [1100, 2, "crashed"],
      [1200, 3, "ok"],
      [1300, 2, "crashed"],
      [1400, 3, "ok"],
      [1500, 2, "crashed"],
      ...each(1600, 1900, 3),
    ]);
  });
});

describe("errors, drawn one by one", () => {
  /**
   * With constant times and arrivals the run draws one number per attempt, when its work ends, in
   * the order the requests were sent: request k fails iff the k-th draw of the seed-1 stream is
   * below p = 1 − (1 − errorRate)(1 − fault probability) in force at its end.
   */
  function expected(times: number[], p: (t: number) => number): [number, number, string][] {
    const rng = new Sfc32(1);
    return times.map((t) => [t, 1, rng.next() < p(t) ? "error" : "ok"]);
  }

  it("combines the operation's errorRate with overlapping errors faults: 1 − (1 − 0.5)(1 − 0.5)(1 − 0.5)", () => {
    // errorRate 0.5; faults of 0.5 on [1000, 2000) and [1500, 2500): p = 0.5, 0.75, 0.875, 0.75, 0.5.
    const d = design(`archsim: 1
components:
  b: { kind: service, operations: { op: { work: 1ms, errorRate: 0.5 } } }
workloads:
  w: { entry: b.op, rate: 10, arrivals: constant }
scenarios:
  s:
    workload: w
    duration: 3s
    faults:
      - { at: 1000ms, for: 1s, kind: errors, target: b, probability: 0.5 }
      - { at: 1500ms, for: 1s, kind: errors, target: b, probability: 0.5 }
`);
    const p = (t: number) => (t < 1000 || t >= 2500 ? 0.5 : t < 1500 || t >= 2000 ? 0.75 : 0.875);
    const want = expected(sends(100, 2900), p);
    expect(byTime(d)).toEqual(want);
    // The draws do differ: both outcomes occur before, during and after the faults.
    for (const [from, to] of [
      [0, 1000],
      [1500, 2000],
      [2500, 3000],
    ])
      expect(new Set(want.filter(([t]) => t >= from! && t < to!).map((x) => x[2]))).toEqual(new Set(["ok", "error"]));
  });

  it("with no errorRate, only attempts under a fault draw: p = 0.3, then 0.3 and 0.6 together", () => {
    // Faults 0.3 on [1000, 2000) and 0.6 on [1500, 2500): 1 − 0.7 · 0.4 = 0.72 on [1500, 2000).
    // Requests outside both draw nothing, so the k-th draw goes to the k-th request under a fault.
    const d = direct(
      "1ms",
      "{ at: 1000ms, for: 1s, kind: errors, target: b, probability: 0.3 }, { at: 1500ms, for: 1s, kind: errors, target: b, probability: 0.6 }",
    );
    const rng = new Sfc32(1);
    const want = sends(100, 2900).map((t) => {
      if (t < 1000 || t >= 2500) return [t, 1, "ok"];
      const p = t < 1500 ? 0.3 : t < 2000 ? 0.72 : 0.6;
      return [t, 1, rng.next() < p ? "error" : "ok"];
    });
    expect(byTime(d)).toEqual(want);
    expect(want.some((x) => x[2] === "error")).toBe(true);
  });

  it("an error drawn at the end of work is returned after a latency fault's hold", () => {
    // errorRate 1 and 20 ms added on [1000, 2000): 1 + 20 = 21 ms, then the error.
    const d = design(`archsim: 1
components:
  b: { kind: service, operations: { op: { work: 1ms, errorRate: 1 } } }
workloads:
  w: { entry: b.op, rate: 10, arrivals: constant }
scenarios:
  s: { workload: w, duration: 3s, faults: [ { at: 1000ms, for: 1s, kind: latency, target: b, add: 20ms } ] }
`);
    expect(byTime(d)).toEqual([
      ...each(100, 900, 1, "error"),
      ...each(1000, 1900, 21, "error"),
      ...each(2000, 2900, 1, "error"),
    ]);
  });
});

describe("slowdowns and partitions that overlap", () => {
  it("the end of one service's slowdown leaves another service's slowdown alone", () => {
    // a (1 ms) calls b (2 ms). a × 2 on [1000, 2000), b × 3 on [1500, 2500):
    // 3, then 2 + 2 = 4, 2 + 6 = 8, 1 + 6 = 7, 3.
    const d = design(`archsim: 1
components:
  a: { kind: service, operations: { op: { work: 1ms, steps: [ { call: b.op } ] } } }
  b: { kind: service, operations: { op: { work: 2ms } } }
workloads:
  w: { entry: a.op, rate: 10, arrivals: constant }
scenarios:
  s:
    workload: w
    duration: 3s
    faults:
      - { at: 1000ms, for: 1s, kind: slowdown, target: a, factor: 2 }
      - { at: 1500ms, for: 1s, kind: slowdown, target: b, factor: 3 }
`);
    expect(byTime(d)).toEqual([
      ...each(100, 900, 3),
      ...each(1000, 1400, 4),
      ...each(1500, 1900, 8),
      ...each(2000, 2400, 7),
      ...each(2500, 2900, 3),
    ]);
  });

  it("two overlapping partitions of one pair part it until the later one ends", () => {
    // Partitions [1000, 1500) and [1200, 2000) between a and b: calls 1000 … 1900 fail at once.
    const d = design(`archsim: 1
network: { latency: 1ms }
components:
  a: { kind: service, operations: { op: { steps: [ { call: b.op } ] } } }
  b: { kind: service, operations: { op: { work: 1ms } } }
workloads:
  w: { entry: a.op, rate: 10, arrivals: constant }
scenarios:
  s:
    workload: w
    duration: 3s
    faults:
      - { at: 1000ms, for: 500ms, kind: partition, between: [a, b] }
      - { at: 1200ms, for: 800ms, kind: partition, between: [b, a] }
`);
    expect(byTime(d)).toEqual([...each(100, 900, 3), ...each(1000, 1900, 0, "partitioned"), ...each(2000, 2900, 3)]);
  });

  it("a partition between the client and the entry cuts requests off at once", () => {
    const d = design(`archsim: 1
components:
  web: { kind: client }
  b: { kind: service, operations: { op: { work: 1ms } } }
workloads:
  w: { source: web, entry: b.op, rate: 10, arrivals: constant }
scenarios:
  s: { workload: w, duration: 3s, faults: [ { at: 1000ms, for: 1s, kind: partition, between: [b, web] } ] }
`);
    expect(byTime(d)).toEqual([...each(100, 900, 1), ...each(1000, 1900, 0, "partitioned"), ...each(2000, 2900, 1)]);
  });
});

describe("faults injected while running", () => {
  it("an injected fault starts now when its `at` has passed, lasts `for` from then, and healAll ends it", () => {
    // Run to 1050 ms, inject 20 ms of latency (at 0, for 500 ms): it holds 1050 → 1550, so requests
    // 1100 … 1500 take 21 ms. Run to 2000 and inject errors with no end; heal everything at 2500.
    const d = direct("1ms", "");
    const outcomes: RequestOutcome[] = [];
    const run = createRun(d, { scenario: "s", seed: 1, onRequestDone: (o) => outcomes.push(o) });
    run.advance(1050);
    run.inject({ kind: "latency", target: "b", at: 0, for: 500, add: { type: "const", value: 20 } });
    run.advance(950);
    expect(run.simulatedMs).toBe(2000);
    run.inject({ kind: "errors", target: "b", at: 0, probability: 1 });
    run.advance(500);
    run.healAll();
    const result = run.finish();
    expect(outcomes.map(brief)).toEqual([
      ...each(100, 1000, 1),
      ...each(1100, 1500, 21),
      ...each(1600, 1900, 1),
      ...each(2000, 2400, 1, "error"),
      ...each(2500, 2900, 1),
    ]);
    expect(result.requests).toMatchObject({ total: 29, succeeded: 24, failed: 5 });
  });

  it("a fault injected with a future `at` waits for it; healAll also restarts a crashed service", () => {
    // A crash injected at time 0 for 1000 → 2200 ms; healAll at 1500 ms restarts b (no cold start)
    // before its time: ready at 1500, just after that instant's request, so 1600 … serve again. A
    // crash injected for the end never happens.
    const d = direct("1ms", "");
    const outcomes: RequestOutcome[] = [];
    const run = createRun(d, { scenario: "s", seed: 1, onRequestDone: (o) => outcomes.push(o) });
    run.inject({ kind: "crash", target: "b", at: 1000, for: 1200 });
    run.inject({ kind: "crash", target: "b", at: 3000 });
    run.advance(1500);
    run.healAll();
    run.finish();
    expect(outcomes.map(brief)).toEqual([
      ...each(100, 900, 1),
      ...each(1000, 1500, 0, "crashed"),
      ...each(1600, 2900, 1),
    ]);
  });
});

describe("healed faults", () => {
  it("a partition healed early does not end again at its time: a later partition of the pair holds", () => {
    // Partitions of a and b on [500, 1500) and [1600, 2000); healAll at 1000 ms ends the first.
    const d = design(`archsim: 1
network: { latency: 1ms }
components:
  a: { kind: service, operations: { op: { steps: [ { call: b.op } ] } } }
  b: { kind: service, operations: { op: { work: 1ms } } }
workloads:
  w: { entry: a.op, rate: 10, arrivals: constant }
scenarios:
  s:
    workload: w
    duration: 3s
    faults:
      - { at: 500ms, for: 1s, kind: partition, between: [a, b] }
      - { at: 1600ms, for: 400ms, kind: partition, between: [a, b] }
`);
    const outcomes: RequestOutcome[] = [];
    const run = createRun(d, { scenario: "s", seed: 1, onRequestDone: (o) => outcomes.push(o) });
    run.advance(1000);
    run.healAll();
    run.finish();
    expect(outcomes.map(brief)).toEqual([
      ...each(100, 400, 3),
      ...each(500, 900, 0, "partitioned"),
      ...each(1000, 1500, 3),
      ...each(1600, 1900, 0, "partitioned"),
      ...each(2000, 2900, 3),
    ]);
  });
});

describe("only the registry's crash is the registry's outage", () => {
  it("a crashed cache or config neither freezes nor restores the routes", () => {
    // Without a registry: k is down 1000 → 2000 and r0 crashes at 1250 for good: r0 leaves the routes
    // at once and r1 serves every call.
    const noRegistry = design(`archsim: 1
network: { latency: 1ms }
components:
  k: { kind: cache }
  a: { kind: service, operations: { op: { steps: [ { call: b.op } ] } } }
  b: { kind: service, replicas: 2, operations: { op: { work: 1ms } } }
workloads:
  w: { entry: a.op, rate: 10, arrivals: constant }
scenarios:
  s:
    workload: w
    duration: 3s
    faults:
      - { at: 1000ms, for: 1s, kind: crash, target: k }
      - { at: 1250ms, kind: crash, target: b, replicas: 1 }
`);
    expect(byTime(noRegistry)).toEqual(each(100, 2900, 3));
    // The registry test's design (r0 down 460 → 1500, listed again only when the registry returns at
    // 2000), with a config down 1000 → 1600 beside it: r0 still gets no calls before 2000. Then r0
    // crashes again at 2420 for good, failing 2300's call, and leaves the routes at once.
    const registry = design(`archsim: 1
components:
  reg: { kind: registry }
  cfg: { kind: config }
  a: { kind: service, operations: { op: { steps: [ { call: b.op } ] } } }
  b: { kind: service, replicas: 2, concurrency: 1, queue: 0, operations: { op: { work: 150ms } } }
workloads:
  w: { entry: a.op, rate: 10, arrivals: constant }
scenarios:
  s:
    workload: w
    duration: 3s
    faults:
      - { at: 460ms, for: 1040ms, kind: crash, target: b, replicas: 1 }
      - { at: 1000ms, for: 1s, kind: crash, target: reg }
      - { at: 1000ms, for: 600ms, kind: crash, target: cfg }
      - { at: 2420ms, kind: crash, target: b, replicas: 1 }
`);
    // From 2420 r1 alone (busy 2400 → 2550): every other call is refused.
    expect(byTime(registry)).toEqual([
      ...each(100, 400, 150),
      ...sends(500, 1900).map((t) => (t % 200 === 100 ? [t, 0, "rejected"] : [t, 150, "ok"])),
      ...each(2000, 2200, 150),
      [2300, 120, "crashed"],
      [2400, 150, "ok"],
      [2500, 0, "rejected"],
      [2600, 150, "ok"],
      [2700, 0, "rejected"],
      [2800, 150, "ok"],
      [2900, 0, "rejected"],
    ]);
  });
});
