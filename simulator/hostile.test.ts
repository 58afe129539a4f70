/**
 * Valid but hostile designs run in bounded memory and time: each either finishes or stops
 * with a partial result and the stopReason of the limit it crossed (runtime/limits.ts).
 * Found by a probe that took 4 GB, or ran until V8 aborted, before the limits existed.
 */
import { describe, expect, it } from "vitest";
import { parseDesign, type Design } from "../model";
import { ADVANCE_BATCH_EVENTS, createRun } from "./run";
import { simulate } from "./index";

function designOf(text: string): Design {
  const { design, errors } = parseDesign(text);
  expect(errors).toEqual([]);
  return design!;
}

/** Heap growth while `f` runs, in MB (after a collection when the process exposes gc). */
function heapGrowthMb<T>(f: () => T): { value: T; mb: number } {
  const gc = (globalThis as { gc?: () => void }).gc;
  gc?.();
  const before = process.memoryUsage().heapUsed;
  const value = f();
  const mb = (process.memoryUsage().heapUsed - before) / 2 ** 20;
  return { value, mb };
}

/** 10,000 replicas with 10,000-call breaker windows towards 40 callees: a 4 KB design. */
function manyBreakers(): string {
  const callees = Array.from({ length: 40 }, (_, i) => `c${i}`);
  return [
    "archsim: 1",
    "components:",
    "  front:",
    "    kind: service",
    "    replicas: 10000",
    "    resilience: { circuitBreaker: { failureRate: 0.5, window: 10000, openFor: 1s, halfOpenProbes: 1 } }",
    "    operations:",
    "      op:",
    "        work: 0.1ms",
    "        steps:",
    ...callees.map((c) => `          - call: ${c}.op`),
    ...callees.map((c) => `  ${c}: { kind: service, operations: { op: { work: 0.1ms } } }`),
    "workloads:",
    "  w: { entry: front.op, rate: 4000 }",
    "scenarios:",
    "  s: { workload: w, duration: 5s }",
    "",
  ].join("\n");
}

/** `levels` services, each calling the next twice in parallel: 2^levels executions per request. */
function parallelFanOut(levels: number): string {
  const lines = ["archsim: 1", "network: { latency: 1ms }", "components:"];
  for (let i = 0; i <= levels; i++) {
    lines.push(
      `  l${i}:`,
      "    kind: service",
      "    concurrency: 1000000",
      "    operations:",
      "      op:",
      "        work: 1ms",
    );
    if (i < levels)
      lines.push("        steps:", `          - parallel: [ { call: l${i + 1}.op }, { call: l${i + 1}.op } ]`);
  }
  lines.push("workloads:", "  w: { entry: l0.op, rate: 10 }", "scenarios:", "  s: { workload: w, duration: 60s }", "");
  return lines.join("\n");
}

/** A handler that publishes twice to the topic it consumes: copies double every round. */
const PUBLISH_LOOP = `archsim: 1
components:
  mq: { kind: broker, publishLatency: 1ms, deliveryLatency: 1ms }
  echo:
    kind: service
    concurrency: 100
    operations:
      start: { work: 1ms, steps: [ { publish: ping } ] }
      handle: { work: 1ms, steps: [ { publish: ping }, { publish: ping } ] }
    subscribes: { ping: handle }
workloads:
  w: { entry: echo.start, rate: 1 }
scenarios:
  s: { workload: w, duration: 1h }
`;

/** 1M requests a second, each publishing to a consumer with one slot. */
const FLOOD = `archsim: 1
components:
  mq: { kind: broker }
  producer:
    kind: service
    concurrency: 1000000
    operations:
      send: { work: 0, steps: [ { publish: job } ] }
  consumer:
    kind: service
    concurrency: 1
    operations:
      work: { work: 10ms }
    subscribes: { job: work }
workloads:
  w: { entry: producer.send, rate: 1000000 }
scenarios:
  s: { workload: w, duration: 60s }
`;

/** A zero-latency publish loop: events without end, all at simulated time 0. */
const ZERO_TIME_LOOP = `archsim: 1
components:
  mq: { kind: broker }
  echo:
    kind: service
    operations:
      start: { work: 0, steps: [ { publish: ping } ] }
      handle: { work: 0, steps: [ { publish: ping } ] }
    subscribes: { ping: handle }
workloads:
  w: { entry: echo.start, rate: 1 }
scenarios:
  s: { workload: w, duration: 10s }
`;

/** 10,000 replicas whose autoscaler looks as often as the format allows (every second), for 6 hours. */
const BUSY_AUTOSCALER = `archsim: 1
components:
  svc:
    kind: service
    replicas: 10000
    autoscale: { min: 1, max: 10000, interval: 1s }
    operations: { op: { work: 1ms } }
workloads:
  w: { entry: svc.op, rate: 1 }
scenarios:
  s: { workload: w, duration: 6h }
`;

describe("hostile designs stay bounded", () => {
  it("an autoscaler looking every second at 10,000 replicas costs O(1) a look, and maxEvents bounds it", () => {
    const design = designOf(BUSY_AUTOSCALER);
    const r = simulate(design, { scenario: "s" });
    expect(r.partial).toBe(false);
    // 21,600 looks plus 2 events per request; the scale-in to 1 replica happens at the first look.
    expect(r.events).toBeGreaterThan(21_600 + 2 * 21_000);
    expect(r.components.svc!.replicas.min).toBe(1);
    const bounded = simulate(design, { scenario: "s", maxEvents: 5000 });
    expect(bounded).toMatchObject({ partial: true, stopReason: "events", events: 5000 });
  });

  it("breaker windows grow with the calls made, not their configured size (10,000 replicas × 40 callees × window 10,000)", () => {
    const design = designOf(manyBreakers());
    expect(manyBreakers().length).toBeLessThan(4096);
    const { value: r, mb } = heapGrowthMb(() => simulate(design, { scenario: "s" }));
    expect(r.partial).toBe(false);
    expect(r.requests.succeeded).toBe(r.requests.total - r.requests.inFlight);
    // Up front this was 10,000 × 40 × 10,000 bytes = 4 GB.
    expect(mb).toBeLessThan(512);
  });

  it("breaker memory past its limit stops the run with stopReason breakers", () => {
    const design = designOf(manyBreakers());
    const r = simulate(design, { scenario: "s", limits: { breakerBytes: 100_000 } });
    expect(r).toMatchObject({ partial: true, stopReason: "breakers" });
  });

  it("40 levels of two-way parallel calls stop at the live-executions limit", () => {
    const design = designOf(parallelFanOut(40));
    const { value: r, mb } = heapGrowthMb(() => simulate(design, { scenario: "s" }));
    expect(r).toMatchObject({ partial: true, stopReason: "executions" });
    expect(r.simulatedSeconds).toBeLessThan(1);
    expect(mb).toBeLessThan(1536);
  });

  it("a smaller live-executions limit stops the same fan-out sooner", () => {
    const design = designOf(parallelFanOut(40));
    const r = simulate(design, { scenario: "s", limits: { liveExecutions: 1000 } });
    expect(r).toMatchObject({ partial: true, stopReason: "executions" });
    // 1 + 2 + … + 2^9 = 1023 executions are live once the tenth level starts.
    expect(r.events).toBeLessThan(20_000);
  });

  it("a handler publishing twice to its own topic stops at the live-messages limit", () => {
    const design = designOf(PUBLISH_LOOP);
    const { value: r, mb } = heapGrowthMb(() => simulate(design, { scenario: "s" }));
    expect(r).toMatchObject({ partial: true, stopReason: "messages" });
    expect(mb).toBeLessThan(1536);
  });

  it("1M requests a second into a one-slot consumer stop at the live-messages limit", () => {
    const design = designOf(FLOOD);
    const r = simulate(design, { scenario: "s", limits: { liveCopies: 200_000 } });
    expect(r).toMatchObject({ partial: true, stopReason: "messages" });
    // About 200,000 copies wait after 0.2 s at 1M/s (the consumer takes 100 a second).
    expect(r.simulatedSeconds).toBeGreaterThan(0.19);
    expect(r.simulatedSeconds).toBeLessThan(0.21);
  });

  it("advance returns after a bounded batch of events even when simulated time stands still", () => {
    const run = createRun(designOf(ZERO_TIME_LOOP), { scenario: "s" });
    // The first request comes at t = 0 (constant arrivals start at 1 s, so step there first).
    expect(run.advance(1000)).toBe(true);
    const at = run.simulatedMs;
    expect(run.advance(1000)).toBe(true);
    expect(run.simulatedMs).toBe(at);
    run.cancel();
    expect(run.advance(1000)).toBe(false);
    expect(run.finish()).toMatchObject({ partial: true, stopReason: "cancelled" });
    expect(ADVANCE_BATCH_EVENTS).toBeLessThanOrEqual(1 << 20);
  });

  it("refuses a duration past the 720 h cap", () => {
    const design = designOf(PUBLISH_LOOP);
    expect(() => createRun(design, { scenario: "s", durationMs: 1_000_000 * 3_600_000 })).toThrow(
      /the duration must be at most 720h \(30 days; got 1000000h\)/,
    );
  });
});
