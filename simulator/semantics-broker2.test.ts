/**
 * The broker, exactly, where semantics-broker.test.ts stops: the live-copies run limit, what a
 * zero-latency hop costs, a freed slot during a partition, and which waiting copy a service
 * subscribing to several topics takes first. Tiny designs with constant times; answers worked
 * out by hand in the comments.
 */
import { describe, expect, it } from "vitest";
import { brief, design, runOutcomes } from "./testing/exact";

const sends = (from: number, to: number, step = 100) =>
  Array.from({ length: Math.floor((to - from) / step) + 1 }, (_, i) => from + i * step);

/** a publishes ev at 100, 200, …, 900 ms; c (one slot) handles each copy in `work`. */
function publisher(opts: { work: string; broker?: string; outbox?: boolean; subscribed?: boolean }) {
  return design(`archsim: 1
components:
  mq: { kind: broker${opts.broker ? `, ${opts.broker}` : ""} }
  a:
    kind: service
    operations:
      op: { steps: [ { publish: ev, outbox: ${opts.outbox ?? false} } ] }
  c:
    kind: service
    concurrency: 1
    operations:
      h: { work: ${opts.work} }
    ${opts.subscribed === false ? "" : "subscribes: { ev: h }"}
workloads:
  w: { entry: a.op, rate: 10, arrivals: constant }
scenarios:
  s: { workload: w, duration: 1s }
`);
}

describe("live copies limit", () => {
  it("a copy counts until it is resolved: with a limit of 1 and 50 ms handlers the run completes", () => {
    // Each copy lives 100 → 150, 200 → 250, …: never two at once, so 1 is never crossed.
    const { result, outcomes } = runOutcomes(publisher({ work: "50ms" }), {
      scenario: "s",
      limits: { liveCopies: 1 },
    });
    expect(result.partial).toBe(false);
    expect(outcomes.map(brief)).toEqual(sends(100, 900).map((t) => [t, 0, "ok"]));
    expect(result.topics.ev).toMatchObject({ published: 9, delivered: 9, depth: 0 });
  });

  it("a second live copy crosses a limit of 1: the run stops with stopReason messages when it is published", () => {
    // 100's copy is handled until 250; the publish at 200 makes a second live copy and stops the
    // run at 200. The publish at 100 was acknowledged at once (no hop, no publishLatency).
    const { result, outcomes } = runOutcomes(publisher({ work: "150ms" }), {
      scenario: "s",
      limits: { liveCopies: 1 },
    });
    expect(result).toMatchObject({ partial: true, stopReason: "messages", simulatedSeconds: 0.2 });
    expect(outcomes.map(brief)).toEqual([[100, 0, "ok"]]);
  });
});

describe("hops of zero latency", () => {
  // The nine publishes (100 … 900 ms) and their handling (1 ms) all end before 1 s: a latency of
  // 1 ms instead of 0 moves things by 1 ms and adds exactly one event per message for its hop;
  // a zero hop is taken in the same event.
  const events = (opts: Parameters<typeof publisher>[0]) => runOutcomes(publisher(opts), { scenario: "s" }).result;

  it("a publish: publishLatency 1 ms costs one event per publish, 0 none", () => {
    const slow = events({ work: "1ms", broker: "publishLatency: 1ms" });
    const fast = events({ work: "1ms" });
    expect(slow.topics.ev).toMatchObject({ published: 9, delivered: 9 });
    expect(slow.events - fast.events).toBe(9);
  });

  it("an outbox relay: publishLatency 1 ms costs one event per relay, 0 none", () => {
    const slow = events({ work: "1ms", broker: "publishLatency: 1ms", outbox: true });
    const fast = events({ work: "1ms", outbox: true });
    expect(slow.topics.ev).toMatchObject({ published: 9, delivered: 9 });
    expect(slow.events - fast.events).toBe(9);
  });

  it("a delivery: deliveryLatency 1 ms costs one event per delivery, 0 none", () => {
    const slow = events({ work: "1ms", broker: "deliveryLatency: 1ms" });
    const fast = events({ work: "1ms" });
    expect(slow.topics.ev).toMatchObject({ published: 9, delivered: 9 });
    expect(slow.events - fast.events).toBe(9);
  });

  it("an outbox publish of a topic nobody subscribes to has no copy to relay: no event, whatever the latency", () => {
    const slow = events({ work: "1ms", broker: "publishLatency: 1ms", outbox: true, subscribed: false });
    const fast = events({ work: "1ms", outbox: true, subscribed: false });
    expect(slow.topics.ev).toMatchObject({ published: 0, depth: 0 });
    expect(slow.events).toBe(fast.events);
  });
});

describe("a slot that frees while the consumer is cut off", () => {
  it("takes no copy during a partition between the broker and the consumer; the wait ends with the partition", () => {
    // c: one slot, 150 ms per copy. 100's copy is handled 100 → 250; 200's waits. The partition
    // [240, 300) covers 250, when the slot frees: 200's copy stays queued until 300, then 300 →
    // 450. The backlog then follows: 300's copy 450 → 600, 400's 600 → 750, 500's 750 → 900;
    // 600's is still being handled at the end (1 s). Latencies 150, 250, 300, 350, 400.
    const d = design(`archsim: 1
components:
  mq: { kind: broker }
  a:
    kind: service
    operations:
      op: { steps: [ { publish: ev } ] }
  c:
    kind: service
    concurrency: 1
    operations:
      h: { work: 150ms }
    subscribes: { ev: h }
workloads:
  w: { entry: a.op, rate: 10, arrivals: constant }
scenarios:
  s: { workload: w, duration: 1s, faults: [ { at: 240ms, for: 60ms, kind: partition, between: [mq, c] } ] }
`);
    const { result } = runOutcomes(d, { scenario: "s" });
    expect(result.topics.ev).toMatchObject({ published: 9, delivered: 5, depth: 4 });
    expect(result.topics.ev!.latency.max).toBe(400);
    expect(result.topics.ev!.latency.mean).toBeCloseTo((150 + 250 + 300 + 350 + 400) / 5, 6);
  });
});

describe("a consumer of several topics", () => {
  // c subscribes to ev1 (listed first) and ev2, one slot, 10 ms per copy. A partition between
  // the broker and c holds every copy published before 310 ms (requests at 100, 200, 300); at
  // 310 c takes them one at a time, the oldest first.
  const twoTopics = (steps: string) =>
    design(`archsim: 1
components:
  mq: { kind: broker }
  a:
    kind: service
    operations:
      op: { steps: ${steps} }
  x: { kind: service, operations: { op: { work: 5ms } } }
  c:
    kind: service
    concurrency: 1
    operations:
      h1: { work: 10ms }
      h2: { work: 10ms }
    subscribes: { ev1: h1, ev2: h2 }
workloads:
  w: { entry: a.op, rate: 10, arrivals: constant }
scenarios:
  s: { workload: w, duration: 400ms, faults: [ { at: 0s, for: 310ms, kind: partition, between: [mq, c] } ] }
`);

  it("takes the oldest waiting copy across its queues, whichever queue it is in", () => {
    // ev1 at t, ev2 at t + 5 (after a 5 ms call). From 310: ev1@100 (→ 320), ev2@105 (→ 330),
    // ev1@200 (→ 340), ev2@205 (→ 350), ev1@300 (→ 360), ev2@305 (→ 370).
    const { result } = runOutcomes(twoTopics("[ { publish: ev1 }, { call: x.op }, { publish: ev2 } ]"), {
      scenario: "s",
    });
    expect(result.topics.ev1).toMatchObject({ published: 3, delivered: 3 });
    expect(result.topics.ev2).toMatchObject({ published: 3, delivered: 3 });
    // ev1: 220, 140, 60. ev2: 225, 145, 65.
    expect(result.topics.ev1!.latency).toMatchObject({ max: 220, mean: 140 });
    expect(result.topics.ev2!.latency).toMatchObject({ max: 225, mean: 145 });
  });

  it("copies published in the same instant go in the order of `subscribes`", () => {
    // ev1 and ev2 both at t: ev1@100 (→ 320), ev2@100 (→ 330), ev1@200 (→ 340), ev2@200 (→ 350),
    // ev1@300 (→ 360), ev2@300 (→ 370).
    const { result } = runOutcomes(twoTopics("[ { publish: ev1 }, { publish: ev2 } ]"), { scenario: "s" });
    // ev1: 220, 140, 60. ev2: 230, 150, 70.
    expect(result.topics.ev1!.latency).toMatchObject({ max: 220, mean: 140 });
    expect(result.topics.ev2!.latency).toMatchObject({ max: 230, mean: 150 });
  });
});
