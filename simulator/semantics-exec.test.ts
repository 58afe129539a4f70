/**
 * Executions, exactly: a replica's slot and FIFO queue with the component's figures (utilization,
 * CPU share, queue length, sojourn, failures) in and out of the warm-up, crashes of running and
 * queued work, work interrupted by a crash during a latency fault's hold, and a handler's
 * sojourn without the broker's delivery latency. Tiny designs with constant times and
 * constant arrivals; answers worked out by hand in the comments.
 */
import { describe, expect, it } from "vitest";
import { brief, design, runOutcomes } from "./testing/exact";

const byTime = (outcomes: ReturnType<typeof runOutcomes>["outcomes"]) =>
  outcomes.map(brief).sort((x, y) => x[0] - y[0]);

describe("a replica's slot and queue", () => {
  // b: one slot, one queue place; 10 ms of work, then a 3 ms call to c: the slot is held 13 ms.
  const queued = design(`archsim: 1
components:
  b:
    kind: service
    concurrency: 1
    queue: 1
    operations: { op: { work: 10ms, steps: [ { call: c.op } ] } }
  c: { kind: service, operations: { op: { work: 3ms } } }
workloads:
  w: { entry: b.op, rate: 100, arrivals: constant }
scenarios:
  s: { workload: w, duration: 100ms }
  warm: { workload: w, duration: 100ms, warmup: 36ms }
`);

  it("serves FIFO from one queue place and refuses an arrival that finds it taken", () => {
    // A request every 10 ms; the slot frees at 23, 36, 49, 62, 75, 88, 101. R20 waits 20 → 23, R30
    // 30 → 36, R40 40 → 49, R50 50 → 62; R60 finds R50 waiting: 503. R70 waits 70 → 75, R80 80 → 88
    // (ends at 101, after the run), R90 waits at the end.
    const { outcomes } = runOutcomes(queued, { scenario: "s" });
    expect(byTime(outcomes)).toEqual([
      [10, 13, "ok"],
      [20, 16, "ok"],
      [30, 19, "ok"],
      [40, 22, "ok"],
      [50, 25, "ok"],
      [60, 0, "rejected"],
      [70, 18, "ok"],
    ]);
  });

  it("its figures: slots held, the share spent in work, waiting requests, sojourn and failures", () => {
    // b's slot is held from 10 ms to the end: 90/100. Work: 10 ms of each of the 7 requests that
    // started (R80's ends at 98): 70/100. Waits: 3 + 6 + 9 + 12 + 5 + 8 + 10 (R90) = 53 ms over 100.
    // Six operations end, sojourns 13, 16, 19, 22, 25, 18 (sum 113); the 503 is b's failure.
    // c: 3 ms for each call (the 7th cut at 100 ms: 2 ms) over 16 slots; six end, 3 ms each.
    const { result } = runOutcomes(queued, { scenario: "s", timeseries: true });
    expect(result.components.b).toEqual({
      utilization: 0.9,
      cpuUtilization: 0.7,
      throughput: 60,
      meanQueueLength: 0.53,
      failed: 1,
      latency: expect.objectContaining({ mean: 18.833333, max: 25 }),
      replicas: { min: 1, max: 1, mean: 1 },
    });
    expect(result.components.c).toMatchObject({
      utilization: 0.0125,
      cpuUtilization: 0.0125,
      throughput: 60,
      meanQueueLength: 0,
      failed: 0,
      latency: { mean: 3, max: 3 },
    });
    // The one (partial) second: the same, per second.
    expect(result.timeseries![0]!.components.b).toMatchObject({
      throughput: 6,
      failed: 1,
      utilization: 0.9,
      queue: 0.53,
    });
  });

  it("after a warm-up, counts the operations ending from its very end on, and time from then", () => {
    // Warm-up 36 ms: R20's operation, ending at exactly 36, counts; so do 49, 62, 75, 88: 5 in 64 ms,
    // sojourns 16, 19, 22, 25, 18. The slot is held all of [36, 100]; work 36–46, 49–59, 62–72,
    // 75–85, 88–98: 50 of 64. Waits in the window: 9 + 12 + 5 + 8 + 10 = 44 of 64. The 503 (60 ms).
    const { result } = runOutcomes(queued, { scenario: "warm" });
    expect(result.components.b).toEqual({
      utilization: 1,
      cpuUtilization: 0.78125,
      throughput: 78.125,
      meanQueueLength: 0.6875,
      failed: 1,
      latency: expect.objectContaining({ mean: 20, max: 25 }),
      replicas: { min: 1, max: 1, mean: 1 },
    });
    expect(result.requests).toMatchObject({ total: 6, succeeded: 3, rejected: 1, inFlight: 2 });
  });
});

describe("crashes", () => {
  it("fail the running and the queued operations alike, and count each as the component's failure", () => {
    // b: one slot, 45 ms. R10 runs 10–55; R20 runs 55–100; R30 … R70 wait. The crash at 75 (for
    // 100 ms, while R20 is in its work) fails R20 and the five waiting; 80 … 170 find no replica.
    // Back at 175: R180 runs 180–225, R190 waits, at the end (200 ms).
    const d = design(`archsim: 1
components:
  b: { kind: service, concurrency: 1, queue: 10, operations: { op: { work: 45ms } } }
workloads:
  w: { entry: b.op, rate: 100, arrivals: constant }
scenarios:
  s: { workload: w, duration: 200ms, faults: [ { at: 75ms, for: 100ms, kind: crash, target: b } ] }
`);
    const { result, outcomes } = runOutcomes(d, { scenario: "s", timeseries: true });
    expect(byTime(outcomes)).toEqual([
      [10, 45, "ok"],
      [20, 55, "crashed"],
      [30, 45, "crashed"],
      [40, 35, "crashed"],
      [50, 25, "crashed"],
      [60, 15, "crashed"],
      [70, 5, "crashed"],
      ...[80, 90, 100, 110, 120, 130, 140, 150, 160, 170].map((t) => [t, 0, "crashed"]),
    ]);
    // Waits: R20 35, R30 45, R40 35, R50 25, R60 15, R70 5, R190 10: 170 over 200 ms. Slots: one
    // while up (75 + 25 ms), held 10–75 and 180–200: 85 of 100, all of it in work. Two operations
    // ended holding a slot (R10, and R20 crashed): 10 a second; only R10's sojourn counts.
    expect(result.components.b).toMatchObject({
      failed: 6,
      throughput: 10,
      meanQueueLength: 0.85,
      utilization: 0.85,
      cpuUtilization: 0.85,
      latency: { mean: 45, max: 45 },
    });
    expect(result.timeseries![0]!.components.b).toMatchObject({ failed: 6, throughput: 2 });
  });

  it("fail exactly the operations running at the crash, whatever order the earlier ones ended in", () => {
    // b: three slots, 100 ms, a request every 40 ms: R40 40–140 ends first while R80 and R120 run;
    // R160 takes its slot. The crash at 170 (10 ms) fails R80, R120 and R160; from 180 all is well.
    const d = design(`archsim: 1
components:
  b: { kind: service, concurrency: 3, operations: { op: { work: 100ms } } }
workloads:
  w: { entry: b.op, rate: 25, arrivals: constant }
scenarios:
  s: { workload: w, duration: 420ms, faults: [ { at: 170ms, for: 10ms, kind: crash, target: b } ] }
`);
    const { outcomes } = runOutcomes(d, { scenario: "s" });
    expect(byTime(outcomes)).toEqual([
      [40, 100, "ok"],
      [80, 90, "crashed"],
      [120, 50, "crashed"],
      [160, 10, "crashed"],
      [200, 100, "ok"],
      [240, 100, "ok"],
      [280, 100, "ok"],
    ]);
  });

  it("an operation crashed in its work or in a latency fault's hold does not come back when that would have ended", () => {
    // 10 ms of work, then 40 ms added by a latency fault: 50 ms each, a request every 20 ms. The crash
    // at 1005 ms (5 ms) finds R960 and R980 in the hold and R1000 in its work: they fail at once. Their
    // work and hold still end at 1010 and 1030; by then their executions are back in the pool or
    // serving R1020 and R1040, which take 50 ms like the others.
    const d = design(`archsim: 1
components:
  b: { kind: service, operations: { op: { work: 10ms } } }
workloads:
  w: { entry: b.op, rate: 50, arrivals: constant }
scenarios:
  s:
    workload: w
    duration: 1200ms
    faults:
      - { at: 0ms, kind: latency, target: b, add: 40ms }
      - { at: 1005ms, for: 5ms, kind: crash, target: b }
`);
    const { outcomes } = runOutcomes(d, { scenario: "s" });
    const times = Array.from({ length: 57 }, (_, i) => 20 + 20 * i); // 20 … 1140, ending by 1190
    expect(byTime(outcomes)).toEqual(
      times.map((t) =>
        t === 960
          ? [t, 45, "crashed"]
          : t === 980
            ? [t, 25, "crashed"]
            : t === 1000
              ? [t, 5, "crashed"]
              : [t, 50, "ok"],
      ),
    );
  });
});

describe("deliveries", () => {
  it("a handler's sojourn starts when the copy reaches it, not when the broker hands it over", () => {
    // One publish every 100 ms (1 ms of work); the broker's delivery latency is 5 ms and the handler
    // works 2 ms: each copy is handled from 5 to 7 ms after its publish. c's sojourn is 2 ms.
    const d = design(`archsim: 1
components:
  mq: { kind: broker, deliveryLatency: 5ms }
  a: { kind: service, operations: { op: { work: 1ms, steps: [ { publish: ev } ] } } }
  c:
    kind: service
    operations: { h: { work: 2ms } }
    subscribes: { ev: h }
workloads:
  w: { entry: a.op, rate: 10, arrivals: constant }
scenarios:
  s: { workload: w, duration: 1s }
`);
    const { result } = runOutcomes(d, { scenario: "s" });
    expect(result.topics.ev).toMatchObject({ published: 9, delivered: 9, depth: 0 });
    expect(result.components.c).toMatchObject({ throughput: 9, latency: { mean: 2, max: 2 } });
    // The slot is held from the hand-over: 7 ms per copy, of which 2 in work, over 16 slots.
    expect(result.components.c!.utilization).toBeCloseTo((9 * 7) / 16000, 6);
    expect(result.components.c!.cpuUtilization).toBeCloseTo((9 * 2) / 16000, 6);
  });
});

describe("work and its bookkeeping", () => {
  it("an operation crashed while it waits for a call was out of its work: only its work counts as CPU", () => {
    // b: one slot, 10 ms of work, then a 100 ms call to c. R200 works 200–210 and waits; the crash at
    // 250 (10 ms) fails it. R400 works 400–410 and waits past the end (500 ms). b's slot: up 490 ms,
    // held 50 + 100 ms, in work 10 + 10 ms.
    const d = design(`archsim: 1
components:
  b: { kind: service, concurrency: 1, operations: { op: { work: 10ms, steps: [ { call: c.op } ] } } }
  c: { kind: service, operations: { op: { work: 100ms } } }
workloads:
  w: { entry: b.op, rate: 5, arrivals: constant }
scenarios:
  s: { workload: w, duration: 500ms, faults: [ { at: 250ms, for: 10ms, kind: crash, target: b } ] }
`);
    const { result, outcomes } = runOutcomes(d, { scenario: "s" });
    expect(outcomes.map(brief)).toEqual([[200, 50, "crashed"]]);
    expect(result.components.b).toMatchObject({ utilization: 0.306122, cpuUtilization: 0.040816, failed: 1 });
  });

  it("a latency fault that adds 0 ms changes nothing", () => {
    const d = design(`archsim: 1
components:
  b: { kind: service, operations: { op: { work: 1ms } } }
workloads:
  w: { entry: b.op, rate: 10, arrivals: constant }
scenarios:
  s: { workload: w, duration: 3s, faults: [ { at: 1000ms, for: 1s, kind: latency, target: b, add: 0ms } ] }
`);
    const { outcomes } = runOutcomes(d, { scenario: "s" });
    expect(byTime(outcomes)).toEqual(Array.from({ length: 29 }, (_, i) => [100 + 100 * i, 1, "ok"]));
  });

  it("operations failed by a crash during the warm-up are not the component's failures", () => {
    // The crash test's design with a 100 ms warm-up: the six failures (at 75 ms) are before the window,
    // which holds no completion and R190's 10 ms of waiting.
    const d = design(`archsim: 1
components:
  b: { kind: service, concurrency: 1, queue: 10, operations: { op: { work: 45ms } } }
workloads:
  w: { entry: b.op, rate: 100, arrivals: constant }
scenarios:
  s: { workload: w, duration: 200ms, warmup: 100ms, faults: [ { at: 75ms, for: 100ms, kind: crash, target: b } ] }
`);
    expect(runOutcomes(d, { scenario: "s" }).result.components.b).toMatchObject({
      failed: 0,
      throughput: 0,
      meanQueueLength: 0.1,
    });
  });

  it("a draining replica goes when its last operation ends, not its first", () => {
    // Two replicas of 4 slots, no queue, 450 ms of work, a request every 100 ms in turn (odd hundreds
    // → r0). At 1000 ms utilization is 3250 / 8000 (r0: 450·3 + 300 + 100, r1: 450·2 + 400 + 200), so
    // the autoscaler wants ceil(2 · 0.40625) = 1: r1 drains its two operations (600's until 1050,
    // 800's until 1250) and goes at 1250. 2 replicas until 1250, then 1.
    const d = design(`archsim: 1
components:
  b:
    kind: service
    replicas: 2
    concurrency: 4
    queue: 0
    autoscale: { min: 1, max: 2, targetUtilization: 1, interval: 1s }
    operations: { op: { work: 450ms } }
workloads:
  w: { entry: b.op, rate: 10, arrivals: constant }
scenarios:
  s: { workload: w, duration: 3s }
`);
    const { result, outcomes } = runOutcomes(d, { scenario: "s" });
    expect(result.components.b!.replicas).toEqual({ min: 1, max: 2, mean: 1.416667 });
    expect(outcomes.filter((o) => o.sentAt === 600 || o.sentAt === 800).map(brief)).toEqual([
      [600, 450, "ok"],
      [800, 450, "ok"],
    ]);
  });

  it("a copy handed over but not yet in work when its consumer crashes costs no CPU", () => {
    // A publish every 100 ms; delivery latency 50 ms; the handler works 2 ms. c crashes 120 → 130 while
    // the first copy is on its way: it goes back, is handed over again at 130 and worked 180–182. Nine
    // copies, 2 ms of work each, over c's 16 slots up for 990 ms.
    const d = design(`archsim: 1
components:
  mq: { kind: broker, deliveryLatency: 50ms }
  a: { kind: service, operations: { op: { steps: [ { publish: ev } ] } } }
  c:
    kind: service
    operations: { h: { work: 2ms } }
    subscribes: { ev: h }
workloads:
  w: { entry: a.op, rate: 10, arrivals: constant }
scenarios:
  s: { workload: w, duration: 1s, faults: [ { at: 120ms, for: 10ms, kind: crash, target: c } ] }
`);
    const { result } = runOutcomes(d, { scenario: "s" });
    expect(result.topics.ev).toMatchObject({ published: 9, delivered: 9, deadLettered: 0 });
    expect(result.components.c!.cpuUtilization).toBeCloseTo(18 / 15840, 6);
  });
});

describe("a draining replica and calls on their way", () => {
  it("waits for a call still on its way when its last operation ends, serves it, then goes", () => {
    // a calls b over a 250 ms network, every 200 ms; b: 2 replicas in turn (200 → r0, 400 → r1, …),
    // one slot, no queue, 10 ms. A latency fault (655 → 665 ms, +365 ms) holds 400's operation on r1
    // from 650 to 1025. At 1000 ms utilization is (10 + 10 + 350) / 2000: the autoscaler wants 1, r1
    // drains. 800's call, on its way to r1, arrives at 1050, after r1's operation ended at 1025: r1 has
    // waited for it, serves it (1050–1060) and goes at 1060. From 1000 r0 takes every call.
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
  s: { workload: w, duration: 3s, faults: [ { at: 655ms, for: 10ms, kind: latency, target: b, add: 365ms } ] }
`);
    const { result, outcomes } = runOutcomes(d, { scenario: "s" });
    expect(byTime(outcomes)).toEqual([
      [200, 510, "ok"],
      [400, 875, "ok"],
      ...[600, 800, 1000, 1200, 1400, 1600, 1800, 2000, 2200, 2400].map((t) => [t, 510, "ok"]),
    ]);
    expect(result.components.b!.replicas).toEqual({ min: 1, max: 2, mean: 1.353333 });
  });
});

describe("stale ends of work", () => {
  it("a latency fault's hold that ends after its operation crashed does not end the operation now on that execution", () => {
    // 10 ms of work plus 100 ms added: 110 ms each, a request every 20 ms. The crash at 1005 ms (1 ms)
    // fails the six operations under way (R900 … R1000); their holds still end at 1010 … 1090, while
    // their executions serve R1020, R1040, …: every later request takes its 110 ms.
    const d = design(`archsim: 1
components:
  b: { kind: service, operations: { op: { work: 10ms } } }
workloads:
  w: { entry: b.op, rate: 50, arrivals: constant }
scenarios:
  s:
    workload: w
    duration: 1400ms
    faults:
      - { at: 0ms, kind: latency, target: b, add: 100ms }
      - { at: 1005ms, for: 1ms, kind: crash, target: b }
`);
    const { outcomes } = runOutcomes(d, { scenario: "s" });
    const crashed = new Map([900, 920, 940, 960, 980, 1000].map((t) => [t, 1005 - t]));
    const times = Array.from({ length: 64 }, (_, i) => 20 + 20 * i); // 20 … 1280, ending by 1390
    expect(byTime(outcomes)).toEqual(
      times.map((t) => (crashed.has(t) ? [t, crashed.get(t)!, "crashed"] : [t, 110, "ok"])),
    );
  });

  it("operations failed by a crash at the warm-up's very end count", () => {
    // The crash test's design, crashed at 100 ms with a 100 ms warm-up: R20 (running) and R30 … R90
    // (waiting) fail at the window's first instant: 8 failures.
    const d = design(`archsim: 1
components:
  b: { kind: service, concurrency: 1, queue: 10, operations: { op: { work: 45ms } } }
workloads:
  w: { entry: b.op, rate: 100, arrivals: constant }
scenarios:
  s: { workload: w, duration: 200ms, warmup: 100ms, faults: [ { at: 100ms, for: 100ms, kind: crash, target: b } ] }
`);
    expect(runOutcomes(d, { scenario: "s" }).result.components.b!.failed).toBe(8);
  });
});
