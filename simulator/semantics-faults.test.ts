/**
 * Faults at exact times: crash (in-flight work, cold start, stale routes with a registry),
 * latency, errors, slowdown, partition, a crashed database and gateway. Tiny designs with
 * constant times and a request every 100 ms; answers worked out by hand in the comments.
 */
import { describe, expect, it } from "vitest";
import { brief, design, runOutcomes } from "./testing/exact";

const sends = (from: number, to: number, step = 100) =>
  Array.from({ length: Math.floor((to - from) / step) + 1 }, (_, i) => from + i * step);
const each = (from: number, to: number, latency: number, cause = "ok") =>
  sends(from, to).map((t) => [t, latency, cause]);

/** A direct entry b.op (work `work`) with the given faults; a request every 100 ms for 3 s. */
function direct(work: string, faults: string, service = "") {
  return design(`archsim: 1
components:
  b: { kind: service, ${service} operations: { op: { work: ${work} } } }
  db: { kind: database, queryTime: 4ms }
workloads:
  w: { entry: b.op, rate: 10, arrivals: constant }
scenarios:
  s: { workload: w, duration: 3s, faults: [ ${faults} ] }
`);
}

function byTime(d: ReturnType<typeof design>) {
  return runOutcomes(d, { scenario: "s" })
    .outcomes.map(brief)
    .sort((x, y) => x[0] - y[0]);
}

describe("crash", () => {
  it("fails the request in progress at the crash, refuses work while down, and serves after the cold start", () => {
    // 1000's request (50 ms) is cut at 1020. Down 1020 → 2020, then a 300 ms cold start: serving from
    // 2320, so 1100 … 2300 fail at once (no replica to route to).
    const d = direct("50ms", "{ at: 1020ms, for: 1s, kind: crash, target: b }", "coldStart: 300ms,");
    expect(byTime(d)).toEqual([
      ...each(100, 900, 50),
      [1000, 20, "crashed"],
      ...each(1100, 2300, 0, "crashed"),
      ...each(2400, 2900, 50),
    ]);
  });

  it("a call to a service with no replica up fails at once (crashed), without network time", () => {
    const d = design(`archsim: 1
network: { latency: 1ms }
components:
  a: { kind: service, operations: { op: { steps: [ { call: b.op } ] } } }
  b: { kind: service, operations: { op: { work: 1ms } } }
workloads:
  w: { entry: a.op, rate: 10, arrivals: constant }
scenarios:
  s: { workload: w, duration: 3s, faults: [ { at: 1050ms, for: 1s, kind: crash, target: b } ] }
`);
    expect(byTime(d)).toEqual([...each(100, 1000, 3), ...each(1100, 2000, 0, "crashed"), ...each(2100, 2900, 3)]);
  });

  it("crashes the oldest replicas only with `replicas: n`", () => {
    // Two replicas in turn (round robin: 100 → r0, 200 → r1, …); r0 is down 1050 → 2050: without a
    // registry it leaves the routing at once, so r1 takes everything and nothing fails.
    const d = direct("1ms", "{ at: 1050ms, for: 1s, kind: crash, target: b, replicas: 1 }", "replicas: 2,");
    expect(byTime(d)).toEqual(each(100, 2900, 1));
    const { result } = runOutcomes(d, { scenario: "s", timeseries: true });
    expect(result.timeseries!.map((e) => e.components.b!.replicas)).toEqual([2, 1, 2]);
  });

  it("with a registry, calls go on to a crashed replica until `detection` has passed: refused after a round trip", () => {
    // a calls b (2 replicas, round robin) over a 1 ms network: the k-th call goes to r((k − 1) mod 2).
    // r0 crashes at 1000 ms; the registry drops it at 1500 ms. Calls sent at 1100 and 1300 go to r0 and
    // fail (crashed) after the round trip; from 1500 r1 takes them all.
    const d = design(`archsim: 1
network: { latency: 1ms }
components:
  reg: { kind: registry, detection: 500ms }
  a: { kind: service, operations: { op: { steps: [ { call: b.op } ] } } }
  b: { kind: service, replicas: 2, operations: { op: { work: 1ms } } }
workloads:
  w: { entry: a.op, rate: 10, arrivals: constant }
scenarios:
  s: { workload: w, duration: 3s, faults: [ { at: 1000ms, kind: crash, target: b, replicas: 1 } ] }
`);
    expect(byTime(d)).toEqual([
      ...each(100, 1000, 3),
      [1100, 2, "crashed"],
      [1200, 3, "ok"],
      [1300, 2, "crashed"],
      [1400, 3, "ok"],
      ...each(1500, 2900, 3),
    ]);
  });

  it("a crashed database fails queries after a round trip; a crashed gateway fails every request", () => {
    const d = design(`archsim: 1
network: { latency: 1ms }
components:
  gw: { kind: gateway, routes: { GET /x: a.op } }
  a: { kind: service, operations: { op: { http: GET /x, steps: [ { query: db } ] } } }
  db: { kind: database, queryTime: 4ms }
workloads:
  w: { entry: gw, rate: 10, arrivals: constant, mix: { GET /x: 1 } }
scenarios:
  s:
    workload: w
    duration: 3s
    faults:
      - { at: 1000ms, for: 500ms, kind: crash, target: db }
      - { at: 2000ms, for: 450ms, kind: crash, target: gw }
`);
    // Gateway → a is one hop each way (1 + 1), the query another two, plus 4 ms: 8 ms; refused: 4 ms.
    expect(byTime(d)).toEqual([
      ...each(100, 900, 8),
      ...each(1000, 1400, 4, "crashed"),
      ...each(1500, 1900, 8),
      ...each(2000, 2400, 0, "crashed"),
      ...each(2500, 2900, 8),
    ]);
  });
});

describe("latency, errors, slowdown", () => {
  it("latency adds `add` after work while it lasts (checked when work ends)", () => {
    const d = direct("1ms", "{ at: 1000ms, for: 1s, kind: latency, target: b, add: 20ms }");
    expect(byTime(d)).toEqual([...each(100, 900, 1), ...each(1000, 1900, 21), ...each(2000, 2900, 1)]);
  });

  it("overlapping latency faults add up; one on a database adds to each query", () => {
    const d = design(`archsim: 1
components:
  b: { kind: service, operations: { op: { work: 1ms, steps: [ { query: db } ] } } }
  db: { kind: database, queryTime: 4ms }
workloads:
  w: { entry: b.op, rate: 10, arrivals: constant }
scenarios:
  s:
    workload: w
    duration: 3s
    faults:
      - { at: 1000ms, for: 1s, kind: latency, target: b, add: 20ms }
      - { at: 1500ms, for: 1s, kind: latency, target: b, add: 30ms }
      - { at: 2800ms, kind: latency, target: db, add: 7ms }
`);
    expect(byTime(d)).toEqual([
      ...each(100, 900, 5),
      ...each(1000, 1400, 25),
      ...each(1500, 1900, 55),
      ...each(2000, 2400, 35),
      ...each(2500, 2700, 5),
      ...each(2800, 2900, 12),
    ]);
  });

  it("errors with probability 1 fail every attempt while they last, when work ends", () => {
    const d = direct("1ms", "{ at: 1000ms, for: 1s, kind: errors, target: b, probability: 1 }");
    expect(byTime(d)).toEqual([...each(100, 900, 1), ...each(1000, 1900, 1, "error"), ...each(2000, 2900, 1)]);
  });

  it("slowdown multiplies work; overlapping slowdowns multiply, and end one by one", () => {
    const d = direct(
      "2ms",
      "{ at: 1000ms, for: 1s, kind: slowdown, target: b, factor: 3 }, { at: 1500ms, for: 1s, kind: slowdown, target: b, factor: 2 }",
    );
    expect(byTime(d)).toEqual([
      ...each(100, 900, 2),
      ...each(1000, 1400, 6),
      ...each(1500, 1900, 12),
      ...each(2000, 2400, 4),
      ...each(2500, 2900, 2),
    ]);
  });
});

describe("partition", () => {
  it("fails calls between the two at once (partitioned), both ways, only while it lasts", () => {
    const d = design(`archsim: 1
network: { latency: 1ms }
components:
  a: { kind: service, operations: { op: { steps: [ { call: b.op } ] } } }
  b: { kind: service, operations: { op: { work: 1ms } } }
workloads:
  w: { entry: a.op, rate: 10, arrivals: constant }
scenarios:
  s: { workload: w, duration: 3s, faults: [ { at: 1000ms, for: 1s, kind: partition, between: [b, a] } ] }
`);
    expect(byTime(d)).toEqual([...each(100, 900, 3), ...each(1000, 1900, 0, "partitioned"), ...each(2000, 2900, 3)]);
  });

  it("a request on its way when the partition starts fails on arrival, after the hop back", () => {
    // Sent at 1000 ms, the call arrives at b at 1005 (5 ms network) just after the partition starts at
    // 1003: it fails, known after the hop back (1010).
    const d = design(`archsim: 1
network: { latency: 5ms }
components:
  a: { kind: service, operations: { op: { steps: [ { call: b.op } ] } } }
  b: { kind: service, operations: { op: { work: 1ms } } }
workloads:
  w: { entry: a.op, rate: 10, arrivals: constant }
scenarios:
  s: { workload: w, duration: 3s, faults: [ { at: 1003ms, for: 500ms, kind: partition, between: [a, b] } ] }
`);
    expect(byTime(d)).toEqual([
      ...each(100, 900, 11),
      [1000, 10, "partitioned"],
      ...each(1100, 1500, 0, "partitioned"),
      ...each(1600, 2900, 11),
    ]);
  });
});
