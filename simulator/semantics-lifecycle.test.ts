/**
 * Replicas' lives, exactly: cold starts with a config fetch, dependencies that hold a start
 * back until they are up, the registry's view (detection, and its outage), and autoscale
 * decisions (scale out, scale in of starting and busy replicas, no scale-in while a crash
 * holds replicas). Tiny designs with constant times and a request every 100 ms unless said;
 * answers worked out by hand in the comments.
 */
import { describe, expect, it } from "vitest";
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

describe("cold start and dependencies", () => {
  /** b (1 ms work, 100 ms cold start) depends on a config (60 ms fetch) and a database. */
  const withConfig = (faults: string) =>
    design(`archsim: 1
components:
  cfg: { kind: config, fetchLatency: 60ms }
  quick: { kind: config }
  db: { kind: database, queryTime: 200ms }
  b: { kind: service, coldStart: 100ms, dependsOn: [cfg, quick, db], operations: { op: { work: 1ms } } }
workloads:
  w: { entry: b.op, rate: 10, arrivals: constant }
scenarios:
  s: { workload: w, duration: 3s, faults: [ ${faults} ] }
`);

  it("a restart serves after the cold start plus the config's fetch (a database's query time is no fetch)", () => {
    // Down 1050 → 1550; serving at 1550 + 100 + 60 = 1710: 1100 … 1700 fail at once.
    const d = withConfig("{ at: 1050ms, for: 500ms, kind: crash, target: b }");
    expect(byTime(d)).toEqual([...each(100, 1000, 1), ...each(1100, 1700, 0, "crashed"), ...each(1800, 2900, 1)]);
  });

  it("a replica cannot start while its config is down: it starts when the config is back", () => {
    // The config is down 1000 → 2000 (serving replicas go on); b crashes 1050 → 1550 and waits for the
    // config: it starts at 2000 and serves at 2160.
    const d = withConfig(
      "{ at: 1000ms, for: 1s, kind: crash, target: cfg }, { at: 1050ms, for: 500ms, kind: crash, target: b }",
    );
    expect(byTime(d)).toEqual([...each(100, 1000, 1), ...each(1100, 2100, 0, "crashed"), ...each(2200, 2900, 1)]);
  });

  it("a replica that crashes again while it waits does not start when the config returns", () => {
    // As above, but b crashes again at 1700 (waiting for the config) until 2700: at 2000 it is still
    // crashed and stays so; it starts at 2700 and serves at 2860.
    const d = withConfig(
      "{ at: 1000ms, for: 1s, kind: crash, target: cfg }, { at: 1050ms, for: 500ms, kind: crash, target: b }, { at: 1700ms, for: 1s, kind: crash, target: b }",
    );
    expect(byTime(d)).toEqual([...each(100, 1000, 1), ...each(1100, 2800, 0, "crashed"), [2900, 1, "ok"]]);
  });

  it("a service depended on counts its draining replicas as up", () => {
    // b calls c (two replicas, one slot, round robin: even hundreds → c's r1). A latency fault holds
    // 800's call on r1 until 2001; at 1000 c scales in (utilization ≈ 0.1, target 1): r1 drains, r0 is
    // up. b crashes 1050 → 1150 (800's request fails then) and starts again at once: c has a replica up.
    const d = design(`archsim: 1
components:
  c:
    kind: service
    replicas: 2
    concurrency: 1
    queue: 0
    autoscale: { min: 1, max: 2, targetUtilization: 1, interval: 1s }
    operations:
      op: { work: 1ms }
  b: { kind: service, dependsOn: [c], operations: { op: { steps: [ { call: c.op } ] } } }
workloads:
  w: { entry: b.op, rate: 10, arrivals: constant }
scenarios:
  s:
    workload: w
    duration: 3s
    faults:
      - { at: 795ms, for: 10ms, kind: latency, target: c, add: 1200ms }
      - { at: 1050ms, for: 100ms, kind: crash, target: b }
`);
    expect(byTime(d)).toEqual([
      ...each(100, 700, 1),
      [800, 250, "crashed"],
      ...each(900, 1000, 1),
      [1100, 0, "crashed"],
      ...each(1200, 2900, 1),
    ]);
  });

  /** b (1 ms work, 150 ms cold start) depends on a service c and a database. */
  const onServiceAndDb = (cDown: string, dbDown: string) =>
    design(`archsim: 1
components:
  c: { kind: service, operations: { op: { work: 1ms } } }
  db: { kind: database }
  b: { kind: service, coldStart: 150ms, dependsOn: [c, db], operations: { op: { work: 1ms } } }
workloads:
  w: { entry: b.op, rate: 10, arrivals: constant }
scenarios:
  s:
    workload: w
    duration: 3s
    faults:
      - { at: 1000ms, for: ${cDown}, kind: crash, target: c }
      - { at: 1000ms, for: ${dbDown}, kind: crash, target: db }
      - { at: 1050ms, for: 500ms, kind: crash, target: b }
`);

  it("waits for a service it depends on to have a replica up, and for a database to be up", () => {
    // b is down 1050 → 1550, then waits. c back at 2000 (no cold start: up at once), db at 1800: b
    // starts at 2000 and serves at 2150. The other way round (c at 1800, db at 2000) the same.
    const expected = [...each(100, 1000, 1), ...each(1100, 2100, 0, "crashed"), ...each(2200, 2900, 1)];
    expect(byTime(onServiceAndDb("1s", "800ms"))).toEqual(expected);
    expect(byTime(onServiceAndDb("800ms", "1s"))).toEqual(expected);
  });
});

describe("crash and restart", () => {
  /** A direct entry b.op (1 ms of work, 300 ms cold start) with the given faults. */
  const b = (faults: string) =>
    design(`archsim: 1
components:
  b: { kind: service, coldStart: 300ms, operations: { op: { work: 1ms } } }
workloads:
  w: { entry: b.op, rate: 10, arrivals: constant }
scenarios:
  s: { workload: w, duration: 3s, faults: [ ${faults} ] }
`);

  it("a crash while starting starts the cold start over: the first start's end is ignored", () => {
    // Down 1050 → 1150, starting until 1450; crashed again at 1300 → 1410, starting until 1710.
    const d = b(
      "{ at: 1050ms, for: 100ms, kind: crash, target: b }, { at: 1300ms, for: 110ms, kind: crash, target: b }",
    );
    const { result, outcomes } = runOutcomes(d, { scenario: "s" });
    expect(outcomes.map(brief).sort((x, y) => x[0] - y[0])).toEqual([
      ...each(100, 1000, 1),
      ...each(1100, 1700, 0, "crashed"),
      ...each(1800, 2900, 1),
    ]);
    // A starting replica has no slots to lose: 16 slots on [0, 1050) and [1710, 3000], 22 ms busy (the
    // result keeps 6 decimals).
    expect(result.components.b!.utilization).toBe(Math.round((22 / (16 * (1050 + 1290))) * 1e6) / 1e6);
  });

  it("overlapping crashes: the replica restarts when the last ends, and is counted out once", () => {
    // Down 1050 → 2550 (two crashes, 1050 → 2050 and 1550 → 2550), serving from 2850.
    const d = b("{ at: 1050ms, for: 1s, kind: crash, target: b }, { at: 1550ms, for: 1s, kind: crash, target: b }");
    const { result, outcomes } = runOutcomes(d, { scenario: "s" });
    expect(outcomes.map(brief).sort((x, y) => x[0] - y[0])).toEqual([
      ...each(100, 1000, 1),
      ...each(1100, 2800, 0, "crashed"),
      [2900, 1, "ok"],
    ]);
    // 1 replica on [0, 1050) and from 2550 (a starting replica counts), 0 in between.
    expect(result.components.b!.replicas).toMatchObject({ min: 0, max: 1 });
    expect(result.components.b!.replicas.mean).toBeCloseTo((1050 + 450) / 3000, 6);
  });
});

describe("the registry", () => {
  /** b: two replicas (round robin) behind a registry, with the given faults (r0 is the oldest). */
  const registered = (registry: string, service: string, faults: string) =>
    design(`archsim: 1
components:
  reg: { kind: registry${registry} }
  b: { kind: service, replicas: 2, ${service} }
workloads:
  w: { entry: b.op, rate: 10, arrivals: constant }
scenarios:
  s: { workload: w, duration: 3s, faults: [ ${faults} ] }
`);
  const quick = "operations: { op: { work: 1ms } }";
  const slow = "concurrency: 1, queue: 0, operations: { op: { work: 150ms } }";

  it("while it is down, a crashed replica stays listed (detection 0) until it returns", () => {
    // Round robin: odd hundreds → r0, even → r1. The registry is down 250 → 1250; r0 is down 450 → 1450
    // and keeps its route while the registry is down: 500, 700, 900 and 1100 fail at once. At 1250 the
    // registry drops it: 1300 and 1400 go to r1. Back at 1450 (no cold start), r0 serves again.
    const d = registered(
      "",
      quick,
      "{ at: 250ms, for: 1s, kind: crash, target: reg }, { at: 450ms, for: 1s, kind: crash, target: b, replicas: 1 }",
    );
    expect(byTime(d)).toEqual([
      ...each(100, 400, 1),
      ...[500, 700, 900, 1100].flatMap((t) => [
        [t, 0, "crashed"],
        [t + 100, 1, "ok"],
      ]),
      ...each(1300, 2900, 1),
    ]);
  });

  it("while it is down, a replica that comes back gets no traffic: the other one alone refuses every other request", () => {
    // One slot, no queue, 150 ms. 100 → r0, 200 → r1. r0 is down 260 → 460 (unlisted at once: the
    // registry is up), the registry 300 → 1000: r0 serves again at 460 but is not listed until 1000.
    // r1 alone: 300 finds it busy (until 350): refused; 400 runs (→ 550), 500 refused, and so on. From
    // 1000 the two alternate again and keep up.
    const d = registered(
      "",
      slow,
      "{ at: 260ms, for: 200ms, kind: crash, target: b, replicas: 1 }, { at: 300ms, for: 700ms, kind: crash, target: reg }",
    );
    expect(byTime(d)).toEqual([
      [100, 150, "ok"],
      [200, 150, "ok"],
      [300, 0, "rejected"],
      [400, 150, "ok"],
      [500, 0, "rejected"],
      [600, 150, "ok"],
      [700, 0, "rejected"],
      [800, 150, "ok"],
      [900, 0, "rejected"],
      ...each(1000, 2800, 150),
    ]);
  });

  it("detection that falls while the registry is down takes effect when it returns", () => {
    // Detection 200 ms. r0 is down 150 → 1150; its removal is due at 350, but the registry is down
    // 300 → 1000: r0 stays listed, so 300, 500, 700 and 900 (its turns) fail. From 1000 r1 alone, and
    // both from 1150.
    const d = registered(
      ", detection: 200ms",
      quick,
      "{ at: 150ms, for: 1s, kind: crash, target: b, replicas: 1 }, { at: 300ms, for: 700ms, kind: crash, target: reg }",
    );
    expect(byTime(d)).toEqual([
      [100, 1, "ok"],
      [200, 1, "ok"],
      ...[300, 500, 700, 900].flatMap((t) => [
        [t, 0, "crashed"],
        [t + 100, 1, "ok"],
      ]),
      ...each(1100, 2900, 1),
    ]);
  });

  it("a replica serving again before its detection has passed stays listed", () => {
    // Detection 200 ms; r0 is down 260 → 290 only: at 460 it is serving, so it keeps its route and the
    // two replicas keep alternating: nothing is refused.
    const d = registered(", detection: 200ms", slow, "{ at: 260ms, for: 30ms, kind: crash, target: b, replicas: 1 }");
    expect(byTime(d)).toEqual(each(100, 2800, 150));
  });

  it("a detection left over from an earlier crash does not remove a replica that crashed again", () => {
    // Detection 400 ms. r0 is down 150 → 200 (its removal at 550 no longer applies: it crashed again at
    // 520), then from 520 on: removed at 920. Its turns 700 and 900 fail; 300 and 500 were served.
    const d = registered(
      ", detection: 400ms",
      quick,
      "{ at: 150ms, for: 50ms, kind: crash, target: b, replicas: 1 }, { at: 520ms, for: 1s, kind: crash, target: b, replicas: 1 }",
    );
    expect(byTime(d)).toEqual([
      ...each(100, 600, 1),
      [700, 0, "crashed"],
      [800, 1, "ok"],
      [900, 0, "crashed"],
      ...each(1000, 2900, 1),
    ]);
  });
});

describe("autoscale", () => {
  it("utilization exactly at the target keeps the count: desired = ceil(1 × 0.4 / 0.4) = 1", () => {
    // One slot, 100 ms work, a request every 200 ms: 4 × 100 ms busy in the first second (200 … 800),
    // utilization 0.4 = the target, so no replica is added (1 and not 2, up to max 3).
    const d = design(`archsim: 1
components:
  b:
    kind: service
    concurrency: 1
    autoscale: { min: 1, max: 3, targetUtilization: 0.4, interval: 1s }
    operations:
      op: { work: 100ms }
workloads:
  w: { entry: b.op, rate: 5, arrivals: constant }
scenarios:
  s: { workload: w, duration: 1500ms }
`);
    expect(runOutcomes(d, { scenario: "s" }).result.components.b!.replicas).toMatchObject({ min: 1, max: 1, mean: 1 });
  });

  it("a replica still starting is the first to go on scale-in: it never serves and never held slots", () => {
    // One slot, no queue, 60 ms work; requests every 100 ms until 1000 ms, then none (the profile).
    // At 1000: 9 × 60 = 540 ms busy of 1000: 0.54, target 0.5 → 2 replicas; the new one would serve
    // at 2500. At 2000: 60 ms busy (1000's request) of 1000 slot-ms (a starting replica has no slot):
    // desired ceil(2 × 0.06 / 0.5) = 1: the starting replica goes. Utilization over the run:
    // 600 busy of 3000 slot-ms.
    const d = design(`archsim: 1
components:
  b:
    kind: service
    concurrency: 1
    queue: 0
    autoscale: { min: 1, max: 2, targetUtilization: 0.5, interval: 1s, coldStart: 1500ms }
    operations:
      op: { work: 60ms }
workloads:
  w: { entry: b.op, arrivals: constant, profile: [[0s, 10], [1s, 10], [1001ms, 0]] }
scenarios:
  s: { workload: w, duration: 3s }
`);
    const { result, outcomes } = runOutcomes(d, { scenario: "s" });
    expect(outcomes.map(brief)).toEqual(each(100, 1000, 60));
    const b = result.components.b!;
    expect(b.replicas).toMatchObject({ min: 1, max: 2 });
    expect(b.replicas.mean).toBeCloseTo((1000 + 2 * 1000 + 1000) / 3000, 6);
    expect(b.utilization).toBeCloseTo(0.2, 6);
  });

  it("does nothing while a crash covers every replica, even when the last interval was busy", () => {
    // One slot, no queue, 90 ms work, every 100 ms. Crashed 950 → 1050. At 1000 the interval's
    // utilization is (8 × 90 + 50) / 950 = 0.81 (desired 2), but no replica is up: no change. The run
    // ends at 2 s, before the next evaluation.
    const d = design(`archsim: 1
components:
  b:
    kind: service
    concurrency: 1
    queue: 0
    autoscale: { min: 1, max: 2, targetUtilization: 0.5, interval: 1s }
    operations:
      op: { work: 90ms }
workloads:
  w: { entry: b.op, rate: 10, arrivals: constant }
scenarios:
  s: { workload: w, duration: 2s, faults: [ { at: 950ms, for: 100ms, kind: crash, target: b } ] }
`);
    const { result, outcomes } = runOutcomes(d, { scenario: "s" });
    expect(outcomes.map(brief).sort((x, y) => x[0] - y[0])).toEqual([
      ...each(100, 800, 90),
      [900, 50, "crashed"],
      [1000, 0, "crashed"],
      ...each(1100, 1900, 90),
    ]);
    expect(result.components.b!.replicas).toMatchObject({ min: 0, max: 1 });
    expect(result.components.b!.replicas.mean).toBeCloseTo(1900 / 2000, 6);
  });

  it("no scale-in while a crash holds a replica; crashed replicas count as existing", () => {
    // Three nearly idle replicas (16 slots each), min 1. r0 is down 900 → 1900: at 1000 desired is 1 but
    // a crash holds a replica, so none goes. At 2000 (all up, nearly idle) two go. Replicas: 3, 2 from
    // 900, 3 from 1900, 1 from 2000.
    const d = design(`archsim: 1
components:
  b:
    kind: service
    replicas: 3
    autoscale: { min: 1, max: 3, interval: 1s }
    operations:
      op: { work: 100ms }
workloads:
  w: { entry: b.op, rate: 1, arrivals: constant }
scenarios:
  s: { workload: w, duration: 3s, faults: [ { at: 900ms, for: 1s, kind: crash, target: b, replicas: 1 } ] }
`);
    const { result, outcomes } = runOutcomes(d, { scenario: "s" });
    expect(outcomes.map(brief)).toEqual([
      [1000, 100, "ok"],
      [2000, 100, "ok"],
    ]);
    expect(result.components.b!.replicas).toMatchObject({ min: 1, max: 3 });
    expect(result.components.b!.replicas.mean).toBeCloseTo((3 * 900 + 2 * 1000 + 3 * 100 + 1000) / 3000, 6);
    // 200 ms busy of 16 × (3 × 900 + 2 × 1000 + 3 × 100 + 1000) slot-ms: the two removed replicas take
    // their slots with them.
    expect(result.components.b!.utilization).toBeCloseTo(200 / (16 * 6000), 6);
  });

  it("a draining replica that crashes does not come back when the crash ends", () => {
    // Two replicas, one slot, no queue, 250 ms, a request every 200 ms (200 → r0, 400 → r1, 600 → r0,
    // 800 → r1). At 1000 r1 drains (utilization 0.475, target 1), busy with 800's request; 1000's goes
    // to r0. Both crash 1020 → 1120: those two requests fail; r0 restarts, r1 does not. r0 alone then
    // refuses the requests sent while it is busy. At 2000: busy 20 + 20 + 500 of 2·20 + 880 slot-ms →
    // 0.59, desired 1: no change.
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
    // 2 replicas until 1020 (r1 counts while draining), none until 1120, then r0 alone.
    expect(result.components.b!.replicas).toMatchObject({ min: 0, max: 2 });
    expect(result.components.b!.replicas.mean).toBeCloseTo((2 * 1020 + 1880) / 3000, 6);
    // Slot time: 2 × 1020 (r1 has its slot while draining) + 1880; busy: 200 … 1020 on both replicas
    // (250 × 3 + 220 + 20) plus 1200, 1600, 2000, 2400 (250 each) and 2800 to the end (200).
    expect(result.components.b!.utilization).toBeCloseTo((750 + 220 + 20 + 4 * 250 + 200) / (2 * 1020 + 1880), 6);
  });

  it("crashed replicas count as existing: a crash is not a reason to add replicas", () => {
    // Two replicas, one slot, no queue, 90 ms, every 100 ms; r0 is down 50 → 2050, r1 serves alone. At
    // 1000: 810 ms busy of 1050 slot-ms: 0.77, desired min(2, ceil(2 × 0.77 / 0.5)) = 2 = r1 + the
    // crashed r0: nothing to add. Likewise at 2000.
    const d = design(`archsim: 1
components:
  b:
    kind: service
    replicas: 2
    concurrency: 1
    queue: 0
    autoscale: { min: 1, max: 2, targetUtilization: 0.5, interval: 1s }
    operations:
      op: { work: 90ms }
workloads:
  w: { entry: b.op, rate: 10, arrivals: constant }
scenarios:
  s: { workload: w, duration: 3s, faults: [ { at: 50ms, for: 2s, kind: crash, target: b, replicas: 1 } ] }
`);
    const { result, outcomes } = runOutcomes(d, { scenario: "s" });
    expect(outcomes.map(brief)).toEqual(each(100, 2900, 90));
    expect(result.components.b!.replicas).toMatchObject({ min: 1, max: 2 });
    expect(result.components.b!.replicas.mean).toBeCloseTo((2 * 50 + 2000 + 2 * 950) / 3000, 6);
  });

  it("each evaluation measures only its own interval: a quiet first second, a busy second one", () => {
    // One slot, no queue, 80 ms. Nothing for 1 s, then 10 rps (a 1 ms ramp from 0): requests at 1100.5,
    // 1200.5, …, 1900.5 (the ramp holds 0.005 of one). At 1000: idle, 1 replica. At 2000: 9 × 80 = 720
    // ms busy of 1000: 0.72, desired ceil(0.72 / 0.5) = 2: a second replica, serving at once.
    const d = design(`archsim: 1
components:
  b:
    kind: service
    concurrency: 1
    queue: 0
    autoscale: { min: 1, max: 2, targetUtilization: 0.5, interval: 1s }
    operations:
      op: { work: 80ms }
workloads:
  w: { entry: b.op, arrivals: constant, profile: [[0s, 0], [1s, 0], [1001ms, 10]] }
scenarios:
  s: { workload: w, duration: 2500ms }
`);
    const { result } = runOutcomes(d, { scenario: "s" });
    expect(result.components.b!.replicas).toMatchObject({ min: 1, max: 2 });
    expect(result.components.b!.replicas.mean).toBeCloseTo((2000 + 2 * 500) / 2500, 6);
  });

  it("a draining replica's slot counts in the utilization, not among the replicas it steers", () => {
    // Two replicas, one slot, no queue, 1 ms; a latency fault holds 800's request on r1 until 2301. At
    // 1000: (9 + 199) / 2000 = 0.104, target 0.4: desired 1, r1 drains (busy). At 2000: r1 busy all the
    // interval, r0 10 ms: 1010 / 2000 = 0.505 over one live replica: desired 2, so r2 is added while r1
    // still drains: 3 replicas from 2000 until r1 goes at 2301.
    const d = design(`archsim: 1
components:
  b:
    kind: service
    replicas: 2
    concurrency: 1
    queue: 0
    autoscale: { min: 1, max: 2, targetUtilization: 0.4, interval: 1s }
    operations:
      op: { work: 1ms }
workloads:
  w: { entry: b.op, rate: 10, arrivals: constant }
scenarios:
  s: { workload: w, duration: 2500ms, faults: [ { at: 795ms, for: 10ms, kind: latency, target: b, add: 1500ms } ] }
`);
    const { result, outcomes } = runOutcomes(d, { scenario: "s" });
    expect(outcomes.map(brief).sort((x, y) => x[0] - y[0])).toEqual([
      ...each(100, 700, 1),
      [800, 1501, "ok"],
      ...each(900, 2400, 1),
    ]);
    expect(result.components.b!.replicas).toMatchObject({ min: 2, max: 3 });
    expect(result.components.b!.replicas.mean).toBeCloseTo((2 * 2000 + 3 * 301 + 2 * 199) / 2500, 6);
  });

  it("scale-in passes over a replica already draining: the newest live one goes", () => {
    // Three replicas, one slot, no queue, 150 ms; requests every 100 ms until 1000 ms (round robin: 900
    // → r2), and a latency fault holds 900's request on r2 until 2550. At 1000: (8 × 150 + 100) / 3000 =
    // 0.43, target 1: desired 2, r2 drains. At 2000: (1000 + 150) / 3000 = 0.38 over two live replicas:
    // desired 1, so r1 goes (idle), not r2 again. Replicas: 3, 2 from 2000, 1 from 2550.
    const d = design(`archsim: 1
components:
  b:
    kind: service
    replicas: 3
    concurrency: 1
    queue: 0
    autoscale: { min: 1, max: 3, targetUtilization: 1, interval: 1s }
    operations:
      op: { work: 150ms }
workloads:
  w: { entry: b.op, arrivals: constant, profile: [[0s, 10], [1s, 10], [1001ms, 0]] }
scenarios:
  s: { workload: w, duration: 3s, faults: [ { at: 1045ms, for: 10ms, kind: latency, target: b, add: 1500ms } ] }
`);
    const { result, outcomes } = runOutcomes(d, { scenario: "s" });
    expect(outcomes.map(brief).sort((x, y) => x[0] - y[0])).toEqual([
      ...each(100, 800, 150),
      [900, 1650, "ok"],
      [1000, 150, "ok"],
    ]);
    expect(result.components.b!.replicas).toMatchObject({ min: 1, max: 3 });
    expect(result.components.b!.replicas.mean).toBeCloseTo((3 * 2000 + 2 * 550 + 450) / 3000, 6);
  });

  it("a draining replica waits for the calls on their way to it, even when idle", () => {
    // a calls b over a 250 ms network, every 200 ms; b: 2 replicas, one slot, no queue, 10 ms. Round
    // robin: 800's call goes to r1 and reaches it at 1050. At 1000 (utilization 30 / 2000) r1 drains,
    // idle, with that call on its way: it serves it (1050 → 1060) and goes then.
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
  s: { workload: w, duration: 3s }
`);
    const { result, outcomes } = runOutcomes(d, { scenario: "s" });
    expect(outcomes.map(brief)).toEqual(sends(200, 2400, 200).map((t) => [t, 510, "ok"]));
    expect(result.components.b!.replicas.mean).toBeCloseTo((2 * 1060 + 1940) / 3000, 6);
  });
});

describe("routing around crashes", () => {
  /** b: two replicas, 1 ms (round robin: odd hundreds → r0, even → r1), with the given faults. */
  const two = (faults: string, registry = "") =>
    design(`archsim: 1
components:
  ${registry}
  b: { kind: service, replicas: 2, operations: { op: { work: 1ms } } }
workloads:
  w: { entry: b.op, rate: 10, arrivals: constant }
scenarios:
  s: { workload: w, duration: 2s, faults: [ ${faults} ] }
`);

  it("without a registry (or with detection 0) a crashed replica is unlisted before a request at the same time", () => {
    // r0 crashes at 900 ms, its turn; the crash was scheduled first, so 900 goes to r1. Likewise with a
    // registry whose detection is 0.
    const fault = "{ at: 900ms, for: 300ms, kind: crash, target: b, replicas: 1 }";
    for (const d of [two(fault), two(fault, "reg: { kind: registry }")]) expect(byTime(d)).toEqual(each(100, 1900, 1));
  });

  it("a replica that came back leaves the routing again when it crashes again", () => {
    // r0 is down 1050 → 1150, listed again at 1150, and down again from 1350: the requests after that
    // all go to r1.
    const d = two(
      "{ at: 1050ms, for: 100ms, kind: crash, target: b, replicas: 1 }, { at: 1350ms, kind: crash, target: b, replicas: 1 }",
    );
    expect(byTime(d)).toEqual(each(100, 1900, 1));
  });

  it("a crash fails what the replica runs and what waits in its queue, at once", () => {
    // One replica, 2 slots, 250 ms, every 100 ms: 100 and 200 run at once, 300 … 600 wait 50, 50, 100,
    // 100 ms. At 1020: 700 and 800 run (since 850 and 950), 900 and 1000 wait: all four fail then.
    // Down until 2020; the same pattern again from 2100 (2700 … 2900 end after the run).
    const d = design(`archsim: 1
components:
  b: { kind: service, concurrency: 2, queue: 10, operations: { op: { work: 250ms } } }
workloads:
  w: { entry: b.op, rate: 10, arrivals: constant }
scenarios:
  s: { workload: w, duration: 3s, faults: [ { at: 1020ms, for: 1s, kind: crash, target: b } ] }
`);
    const { result, outcomes } = runOutcomes(d, { scenario: "s" });
    const served = (from: number) => [250, 250, 300, 300, 350, 350].map((l, i) => [from + 100 * i, l, "ok"]);
    expect(outcomes.map(brief).sort((x, y) => x[0] - y[0])).toEqual([
      ...served(100),
      [700, 320, "crashed"],
      [800, 220, "crashed"],
      [900, 120, "crashed"],
      [1000, 20, "crashed"],
      ...each(1100, 2000, 0, "crashed"),
      ...served(2100),
    ]);
    // Waiting time: 50 + 50 + 100 + 100 + 150 + 150 + 120 + 20 before the crash, and 50 + 50 + 100 + 100
    // + 150 + 150 + 100 after it.
    expect(result.components.b!.meanQueueLength).toBeCloseTo(1440 / 3000, 6);
  });
});
