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

describe("the broker over a network", () => {
  // 5 ms network, publishLatency 2, deliveryLatency 3: a publish is acknowledged after 5 + 2 + 5 = 12 ms;
  // its copy is enqueued at +7 and handed to the consumer at +7 + 3 + 5 = +15; the handler ends at +16.
  const networked = (outbox: boolean, faults: string, warmup = "0s") =>
    design(`archsim: 1
network: { latency: 5ms }
components:
  mq: { kind: broker, publishLatency: 2ms, deliveryLatency: 3ms }
  a:
    kind: service
    operations:
      op: { steps: [ { publish: ev, outbox: ${outbox} } ] }
  c:
    kind: service
    concurrency: 1
    operations:
      h: { work: 1ms }
    subscribes: { ev: h }
workloads:
  w: { entry: a.op, rate: 10, arrivals: constant }
scenarios:
  s: { workload: w, duration: 1s, warmup: ${warmup}, faults: [ ${faults} ] }
`);
  const faults = [
    "{ at: 250ms, for: 100ms, kind: partition, between: [a, mq] }",
    "{ at: 380ms, for: 70ms, kind: partition, between: [mq, c] }",
    "{ at: 503ms, for: 200ms, kind: crash, target: mq }",
  ].join(", ");

  it("a publish fails at once when partitioned from the broker or when it is down, after the hop back when it crashes meanwhile", () => {
    // 300: partitioned (at once). 500: the broker crashes at 503, while the publish is on its way
    // (it arrives at 507): brokerDown, known at 512. 600 and 700 find it down (it returns at 703).
    const { result, outcomes } = runOutcomes(networked(false, faults), { scenario: "s" });
    expect(outcomes.map(brief)).toEqual([
      [100, 12, "ok"],
      [200, 12, "ok"],
      [300, 0, "partitioned"],
      [400, 12, "ok"],
      [500, 12, "brokerDown"],
      [600, 0, "brokerDown"],
      [700, 0, "brokerDown"],
      [800, 12, "ok"],
      [900, 12, "ok"],
    ]);
    // 400's copy (enqueued at 407) waits out the partition between the broker and c until 450:
    // handed over at 458, handled at 459 (59 ms); the others take 16 ms.
    expect(result.topics.ev).toMatchObject({ published: 5, delivered: 5, depth: 0, maxDepth: 1 });
    expect(result.topics.ev!.latency.max).toBe(59);
    expect(result.topics.ev!.latency.mean).toBeCloseTo((4 * 16 + 59) / 5, 6);
  });

  it("copies count from the warm-up on, by publish time", () => {
    const { result } = runOutcomes(networked(false, faults, "400ms"), { scenario: "s" });
    // Published at or after 400 ms: 400, 800, 900.
    expect(result.topics.ev).toMatchObject({ published: 3, delivered: 3, depth: 0 });
  });

  it("the outbox relays when the broker is reachable and up; otherwise the copy waits and is sent when it can be", () => {
    // Relay: a hop and publishLatency (7 ms), then 8 ms to the handler, 1 ms of work: 16 ms.
    // 300 waits out the partition until 350: 66 ms. 400's copy waits for c's partition to end (59 ms). 500's relay reaches the broker at 507, just crashed:
    // it waits again; 600 and 700 wait for the broker too; all three are relayed at 703, arrive at 710
    // and go to c one at a time: handled at 719, 728 and 737 (219, 128 and 37 ms).
    const { result, outcomes } = runOutcomes(networked(true, faults), { scenario: "s" });
    expect(outcomes.every((o) => o.ok && o.doneAt === o.sentAt)).toBe(true);
    expect(result.topics.ev).toMatchObject({ published: 9, delivered: 9, depth: 0, maxDepth: 3 });
    expect(result.topics.ev!.latency.max).toBe(219);
    expect(result.topics.ev!.latency.mean).toBeCloseTo((4 * 16 + 66 + 59 + 219 + 128 + 37) / 9, 6);
  });
});

describe("competing consumers", () => {
  it("a backlog goes to the replicas in turn, one copy per free slot, and the rest as slots free", () => {
    // c: 2 replicas × 2 slots, 15 ms. A partition between the broker and c holds the copies published
    // at 10 … 100 ms until 105 ms; then r0 and r1 take two each in turn (10–40, done at 120); at 120 the
    // four freed slots take 50–80 (done at 135) while 90, 100, 110 and 120 wait; they go at 135 (done at
    // 150); 130 and 140 wait until 150; from 150 on each copy finds a free slot.
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
    concurrency: 2
    operations:
      h: { work: 15ms }
    subscribes: { ev: h }
workloads:
  w: { entry: a.op, rate: 100, arrivals: constant }
scenarios:
  s: { workload: w, duration: 1s, faults: [ { at: 0s, for: 105ms, kind: partition, between: [mq, c] } ] }
`);
    const { result } = runOutcomes(d, { scenario: "s" });
    const waited = [110, 100, 90, 80, 85, 75, 65, 55, 60, 50, 40, 30, 35, 25];
    // 150 … 980 ms: 84 copies of 15 ms; the one published at 990 is still being handled at the end.
    expect(result.topics.ev).toMatchObject({ published: 99, delivered: 98, depth: 1, maxDepth: 11 });
    expect(result.topics.ev!.latency.max).toBe(110);
    expect(result.topics.ev!.latency.mean).toBeCloseTo((waited.reduce((x, y) => x + y) + 84 * 15) / 98, 6);
  });
});
