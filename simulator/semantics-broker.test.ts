/**
 * The broker, exactly: redelivery and dead letters, a crashed consumer's requeue, the
 * outbox, hops and latencies, durability. Tiny designs with constant times; answers worked
 * out by hand in the comments.
 */
import { describe, expect, it } from "vitest";
import { brief, design, runOutcomes } from "./testing/exact";

/** One publish, at 1000 ms (rate 1, constant arrivals), of `ev`, handled by c's operation h. */
function onePublish(handler: string, extra = "") {
  return design(`archsim: 1
components:
  mq: { kind: broker }
  a:
    kind: service
    operations:
      op: { steps: [ { publish: ev } ] }
  c:
    kind: service
    coldStart: 0s
    operations:
      h: ${handler}
    subscribes: { ev: h }
workloads:
  w: { entry: a.op, rate: 1, arrivals: constant }
scenarios:
  s: { workload: w, duration: 2s${extra} }
`);
}

describe("redelivery and dead letters", () => {
  it("a handler that always fails is dead-lettered after exactly 4 attempts (3 redeliveries)", () => {
    // Attempts end at 1001, 1002, 1003 and 1004 ms; the fourth failure dead-letters the copy.
    const { result } = runOutcomes(onePublish("{ work: 1ms, errorRate: 1 }"), { scenario: "s" });
    expect(result.topics.ev).toMatchObject({ published: 1, delivered: 0, deadLettered: 1, lost: 0, depth: 0 });
    expect(result.components.c!.failed).toBe(4);
    expect(result.components.c!.throughput).toBe(2); // 4 operations in 2 s
  });

  it("a handler that fails three times and then succeeds is delivered, not dead-lettered", () => {
    // The errors fault covers the ends of attempts 1–3 (1001, 1002, 1003 ms), not the fourth (1004).
    const d = onePublish(
      "{ work: 1ms }",
      ", faults: [ { at: 0s, for: 1003.5ms, kind: errors, target: c, probability: 1 } ]",
    );
    const { result } = runOutcomes(d, { scenario: "s" });
    expect(result.topics.ev).toMatchObject({ published: 1, delivered: 1, deadLettered: 0, depth: 0 });
    expect(result.components.c!.failed).toBe(3);
    // Publish at 1000 → the handler that succeeded ends at 1004.
    expect(result.topics.ev!.latency.max).toBe(4);
  });

  it("a copy whose handler's replica crashes goes back without counting as an attempt", () => {
    // Handler: 100 ms, always fails. Attempts 1000–1100 and 1100–1200 fail; the third, from 1200, is
    // ended by c's crash at 1250 (not an attempt). c restarts at 1350: attempts 1350–1450 (3rd) and
    // 1450–1550 (4th) fail, and the copy is dead-lettered at 1550 ms.
    const d = onePublish(
      "{ work: 100ms, errorRate: 1 }",
      ", faults: [ { at: 1250ms, for: 100ms, kind: crash, target: c } ]",
    );
    const whole = runOutcomes(d, { scenario: "s" }).result;
    expect(whole.topics.ev).toMatchObject({ published: 1, delivered: 0, deadLettered: 1, depth: 0 });
    // Four failed attempts and the operation ended by the crash.
    expect(whole.components.c!.failed).toBe(5);
    const at1500 = runOutcomes(d, { scenario: "s", durationMs: 1500 }).result;
    expect(at1500.topics.ev).toMatchObject({ published: 1, deadLettered: 0, depth: 1 });
  });
});

describe("publishing and delivery", () => {
  const hops = design(`archsim: 1
network: { latency: 1ms }
components:
  mq: { kind: broker, publishLatency: 2ms, deliveryLatency: 5ms }
  a:
    kind: service
    operations:
      op: { steps: [ { publish: ev } ] }
  c:
    kind: service
    operations:
      h: { work: 1ms }
    subscribes: { ev: h }
  e:
    kind: service
    operations:
      h: { work: 3ms }
    subscribes: { ev: h }
workloads:
  w: { entry: a.op, rate: 10, arrivals: constant }
scenarios:
  s: { workload: w, duration: 1s }
`);

  it("the publisher waits for the hop, publishLatency and the hop back: 1 + 2 + 1 = 4 ms", () => {
    const { outcomes } = runOutcomes(hops, { scenario: "s" });
    expect(outcomes.map(brief)).toEqual(Array.from({ length: 9 }, (_, i) => [100 * (i + 1), 4, "ok"]));
  });

  it("one copy per subscribing service; a copy reaches its handler after hop + publishLatency + deliveryLatency + hop", () => {
    const { result } = runOutcomes(hops, { scenario: "s" });
    // 9 publishes × 2 subscribers.
    expect(result.topics.ev).toMatchObject({ published: 18, delivered: 18, deadLettered: 0, depth: 0 });
    // Publish → enqueued at +3 ms → handed over at +3 + 5 + 1 → handlers end at +10 (c) and +12 (e).
    expect(result.topics.ev!.latency.max).toBe(12);
    expect(result.components.c!.latency.max).toBe(1);
    expect(result.components.e!.latency.max).toBe(3);
  });
});

describe("broker outages", () => {
  const outage = (outbox: boolean, durable = true) =>
    design(`archsim: 1
components:
  mq: { kind: broker, durable: ${durable} }
  a:
    kind: service
    operations:
      op: { steps: [ { publish: ev, outbox: ${outbox} } ] }
  c:
    kind: service
    concurrency: 1
    operations:
      h: { work: 300ms }
    subscribes: { ev: h }
workloads:
  w: { entry: a.op, rate: 10, arrivals: constant }
scenarios:
  s: { workload: w, duration: 1s, faults: [ { at: 450ms, for: 500ms, kind: crash, target: mq } ] }
  forever: { workload: w, duration: 1s, faults: [ { at: 450ms, kind: crash, target: mq } ] }
`);

  it("without the outbox a publish to a crashed broker fails at once with brokerDown", () => {
    const { outcomes } = runOutcomes(outage(false), { scenario: "s" });
    expect(outcomes.map(brief)).toEqual([
      [100, 0, "ok"],
      [200, 0, "ok"],
      [300, 0, "ok"],
      [400, 0, "ok"],
      [500, 0, "brokerDown"],
      [600, 0, "brokerDown"],
      [700, 0, "brokerDown"],
      [800, 0, "brokerDown"],
      [900, 0, "brokerDown"],
    ]);
  });

  it("with the outbox the publish succeeds at once and the copy is sent when the broker returns", () => {
    const { result, outcomes } = runOutcomes(outage(true), { scenario: "s" });
    expect(outcomes.map(brief)).toEqual(Array.from({ length: 9 }, (_, i) => [100 * (i + 1), 0, "ok"]));
    // c handles one copy at a time, 300 ms each: 100's copy until 400 (acknowledged), 200's until 700
    // (acknowledged when the broker returns at 950), 300's from 950. All nine were published.
    expect(result.topics.ev).toMatchObject({ published: 9, delivered: 2, lost: 0, depth: 7 });
  });

  it("a non-durable broker's crash loses the copies waiting in its queue, not the one being handled", () => {
    // At 450 ms: 100's copy was handled (acknowledged at 400), 200's is being handled (until 700, its
    // acknowledgement waits for the broker), 300's and 400's wait in the queue: lost.
    const { result } = runOutcomes(outage(false, false), { scenario: "forever" });
    expect(result.topics.ev).toMatchObject({ published: 4, delivered: 1, lost: 2, depth: 1, deadLettered: 0 });
    const durable = runOutcomes(outage(false, true), { scenario: "forever" }).result;
    expect(durable.topics.ev).toMatchObject({ published: 4, delivered: 1, lost: 0, depth: 3 });
  });
});
