/**
 * Semantics of the format checked on small designs: each case once went wrong
 * (found by review) and stays here so it cannot come back.
 */
import { describe, expect, it } from "vitest";
import { simulate, type RequestOutcome } from "./index";
import { design } from "./testing/exact";

describe("semantics", () => {
  it("a restarting replica the registry still lists refuses work until it serves, and nothing hangs", () => {
    const d = design(`archsim: 1
components:
  reg: { kind: registry, detection: 10s }
  b:
    kind: service
    replicas: 2
    concurrency: 1
    coldStart: 5s
    operations:
      op: { work: { exp: 10ms } }
workloads:
  w: { entry: b.op, rate: 150 }
scenarios:
  s:
    workload: w
    duration: 60s
    faults:
      - { at: 10s, for: 1s, kind: crash, target: b, replicas: 1 }
`);
    const r = simulate(d, { scenario: "s", seed: 1, timeseries: true });
    expect(r.requests.inFlight).toBeLessThan(20);
    // Routed to the restarting replica between 11 s and 16 s: refused (crashed), not queued.
    expect(r.requests.causes.crashed).toBeGreaterThan(100);
    for (const e of r.timeseries!) expect(e.components.b!.utilization).toBeLessThanOrEqual(1 + 1e-9);
  });

  it("overlapping crashes of one database end when the last one ends", () => {
    const d = design(`archsim: 1
components:
  db: { kind: database, queryTime: 1ms }
  a:
    kind: service
    operations:
      op: { work: 1ms, steps: [ { query: db } ] }
workloads:
  w: { entry: a.op, rate: 100, arrivals: constant }
scenarios:
  s:
    workload: w
    duration: 40s
    faults:
      - { at: 10s, for: 20s, kind: crash, target: db }
      - { at: 15s, for: 5s, kind: crash, target: db }
`);
    const r = simulate(d, { scenario: "s", seed: 1 });
    expect(r.requests.causes.crashed).toBe(2000);
  });

  it("overlapping crashes of a service restart its replicas only when the last one ends", () => {
    const d = design(`archsim: 1
components:
  a:
    kind: service
    replicas: 2
    operations:
      op: { work: 1ms }
workloads:
  w: { entry: a.op, rate: 100, arrivals: constant }
scenarios:
  s:
    workload: w
    duration: 40s
    faults:
      - { at: 10s, for: 20s, kind: crash, target: a }
      - { at: 15s, for: 5s, kind: crash, target: a }
`);
    const r = simulate(d, { scenario: "s", seed: 1, timeseries: true });
    expect(r.timeseries![25]!.components.a!.replicas).toBe(0);
    expect(r.timeseries![35]!.components.a!.replicas).toBe(2);
    // Sends at 10.00 s … 29.99 s fail; the one at exactly 30 s meets replicas still booting.
    expect(r.requests.causes.crashed).toBeGreaterThanOrEqual(2000);
    expect(r.requests.causes.crashed).toBeLessThanOrEqual(2001);
  });

  it("Poisson arrivals with a profile resume after a long quiet stretch", () => {
    const d = design(`archsim: 1
components:
  a: { kind: service, concurrency: 1000, operations: { op: { work: 1ms } } }
workloads:
  w: { entry: a.op, profile: [[0s, 0], [10m, 0], [11m, 20000]] }
scenarios:
  s: { workload: w, duration: 11m }
`);
    const r = simulate(d, { scenario: "s", seed: 1 });
    // ∫ rate over the ramp = 60 s × 10,000 rps on average.
    expect(Math.abs(r.requests.total - 600_000)).toBeLessThan(4 * Math.sqrt(600_000));
  });

  it("scale-in lets calls already on their way finish: no crashed failures without a crash", () => {
    const d = design(`archsim: 1
network: { latency: 5ms }
components:
  a:
    kind: service
    operations:
      op: { work: 1ms, steps: [ { call: b.op } ] }
  b:
    kind: service
    replicas: 4
    autoscale: { min: 1, max: 4, targetUtilization: 0.7, interval: 5s }
    operations:
      op: { work: 1ms }
workloads:
  w: { entry: a.op, rate: 500 }
scenarios:
  s: { workload: w, duration: 30s }
`);
    const r = simulate(d, { scenario: "s", seed: 1 });
    expect(r.components.b!.replicas.min).toBe(1);
    expect(r.requests.failed).toBe(0);
  });

  it("a crashed observability component has no effect: its overhead stays", () => {
    const d = design(`archsim: 1
components:
  obs: { kind: observability, overhead: 5ms }
  a: { kind: service, concurrency: 100, operations: { op: { work: 1ms } } }
workloads:
  w: { entry: a.op, rate: 100 }
scenarios:
  base: { workload: w, duration: 10s }
  s: { workload: w, duration: 10s, faults: [ { at: 0s, kind: crash, target: obs } ] }
`);
    expect(simulate(d, { scenario: "s", seed: 1 }).latency.mean).toBeCloseTo(6, 9);
    expect(simulate(d, { scenario: "base", seed: 1 }).latency.mean).toBeCloseTo(6, 9);
  });

  it("the timeseries counts the same component failures as the result, 503s included", () => {
    const d = design(`archsim: 1
components:
  a:
    kind: service
    operations:
      op: { work: 1ms, steps: [ { call: b.op } ] }
  b:
    kind: service
    concurrency: 1
    queue: 0
    operations:
      op: { work: { exp: 5ms } }
workloads:
  w: { entry: a.op, rate: 200 }
scenarios:
  s: { workload: w, duration: 10s }
`);
    const r = simulate(d, { scenario: "s", seed: 1, timeseries: true });
    const sum = (id: string) => r.timeseries!.reduce((s, e) => s + e.components[id]!.failed, 0);
    expect(r.components.b!.failed).toBeGreaterThan(100);
    expect(sum("b")).toBe(r.components.b!.failed);
    expect(sum("a")).toBe(r.components.a!.failed);
    const routeFailed = r.timeseries!.reduce((s, e) => s + e.routes["a.op"]!.failed, 0);
    expect(routeFailed).toBe(r.routes["a.op"]!.failed);
  });

  it("a topic's maxDepth covers the backlog left at the end of the warm-up", () => {
    const d = design(`archsim: 1
components:
  mq: { kind: broker }
  a:
    kind: service
    concurrency: 100
    operations:
      op: { steps: [ { publish: ev } ] }
  c:
    kind: service
    concurrency: 1
    operations:
      h: { work: 100ms }
    subscribes: { ev: h }
workloads:
  w: { entry: a.op, arrivals: constant, profile: [[0s, 100], [9.9s, 100], [9.95s, 0]] }
scenarios:
  s: { workload: w, duration: 20s, warmup: 10s }
`);
    const r = simulate(d, { scenario: "s", seed: 1, timeseries: true });
    expect(r.topics.ev!.maxDepth).toBeGreaterThanOrEqual(r.timeseries![10]!.topics.ev!.depth);
    expect(r.topics.ev!.maxDepth).toBeGreaterThan(800);
  });

  it("a partition between the workload's client and its entry fails requests (partitioned)", () => {
    const d = design(`archsim: 1
components:
  web: { kind: client }
  a: { kind: service, operations: { op: { work: 1ms } } }
workloads:
  w: { source: web, entry: a.op, rate: 100, arrivals: constant }
scenarios:
  s: { workload: w, duration: 10s, faults: [ { at: 2s, for: 3s, kind: partition, between: [web, a] } ] }
`);
    const outcomes: RequestOutcome[] = [];
    const r = simulate(d, { scenario: "s", seed: 1, onRequestDone: (o) => outcomes.push(o) });
    expect(r.requests.causes.partitioned).toBe(300);
    expect(outcomes.filter((o) => !o.ok).every((o) => o.sentAt >= 2000 && o.sentAt < 5000)).toBe(true);
  });

  it("a failing attempt of a slow service is slow to fail: the latency fault's add comes first", () => {
    const d = design(`archsim: 1
components:
  a: { kind: service, concurrency: 100, operations: { op: { work: 1ms, errorRate: 1 } } }
workloads:
  w: { entry: a.op, rate: 50 }
scenarios:
  s: { workload: w, duration: 5s, faults: [ { at: 0s, kind: latency, target: a, add: 20ms } ] }
`);
    const outcomes: RequestOutcome[] = [];
    simulate(d, { scenario: "s", seed: 1, onRequestDone: (o) => outcomes.push(o) });
    expect(outcomes.length).toBeGreaterThan(100);
    for (const o of outcomes) {
      expect(o.cause).toBe("error");
      expect(o.doneAt - o.sentAt).toBeCloseTo(21, 9);
    }
  });
});
