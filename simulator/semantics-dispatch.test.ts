/**
 * Events whose handling the dispatcher decides, exactly: a hand-over to a consumer that crashed
 * on its way, and the cause an answer to the client carries. Tiny designs with constant times;
 * answers worked out by hand in the comments.
 */
import { describe, expect, it } from "vitest";
import { design, runOutcomes } from "./testing/exact";

describe("deliveries", () => {
  it("a hand-over under way when its consumer crashes is dropped; the copy goes again when the consumer is back", () => {
    // Published at 1000 ms; deliveryLatency 50 ms would start the handler at 1050. c crashes at
    // 1020: the copy goes back (not an attempt; the slot it held ends as a failed operation). c is
    // back at 1030 and takes it again: handed over at 1080, handled at 1081. The first hand-over,
    // due at 1050, belongs to the crashed life and starts nothing.
    const d = design(`archsim: 1
components:
  mq: { kind: broker, deliveryLatency: 50ms }
  a:
    kind: service
    operations:
      op: { steps: [ { publish: ev } ] }
  c:
    kind: service
    operations:
      h: { work: 1ms }
    subscribes: { ev: h }
workloads:
  w: { entry: a.op, rate: 1, arrivals: constant }
scenarios:
  s: { workload: w, duration: 2s, faults: [ { at: 1020ms, for: 10ms, kind: crash, target: c } ] }
`);
    const { result } = runOutcomes(d, { scenario: "s" });
    expect(result.topics.ev).toMatchObject({ published: 1, delivered: 1, deadLettered: 0, depth: 0 });
    expect(result.topics.ev!.latency.max).toBe(81);
    expect(result.components.c!.failed).toBe(1);
    expect(result.components.c!.latency.max).toBe(1);
  });
});

describe("answers to the client", () => {
  it("carry their cause across the client's latency: successes count as succeeded, errors as failed with cause error", () => {
    // clientLatency 5 ms each way, 1 ms of work: 11 ms. An errors fault on a from 450 ms fails the
    // requests sent at 500 … 900 (drawn when their work ends).
    const d = design(`archsim: 1
components:
  a: { kind: service, operations: { op: { work: 1ms } } }
workloads:
  w: { entry: a.op, rate: 10, arrivals: constant, clientLatency: 5ms }
scenarios:
  s: { workload: w, duration: 1s, faults: [ { at: 450ms, kind: errors, target: a, probability: 1 } ] }
`);
    const { result, outcomes } = runOutcomes(d, { scenario: "s" });
    expect(outcomes.map((o) => [o.sentAt, o.doneAt - o.sentAt, o.ok])).toEqual(
      [100, 200, 300, 400, 500, 600, 700, 800, 900].map((t) => [t, 11, t < 450]),
    );
    expect(result.requests).toMatchObject({ total: 9, succeeded: 4, failed: 5, rejected: 0, inFlight: 0 });
    expect(result.requests.causes).toMatchObject({ error: 5, timeout: 0, crashed: 0 });
  });
});
