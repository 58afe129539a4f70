/**
 * Steps and hops, exactly: network and client latency per interaction, optional steps,
 * parallel, cache hits and misses, probability and branch. Tiny designs with constant times;
 * answers worked out by hand in the comments.
 */
import { describe, expect, it } from "vitest";
import { brief, design, runOutcomes } from "./testing/exact";

/** A service `a` whose operation runs `steps`, beside services b (2 ms), c (3 ms), f (fails after 2 ms). */
function withSteps(steps: string, extra = "", network = "") {
  return design(`archsim: 1
${network}
components:
  a:
    kind: service
    concurrency: 1000
    operations:
      op: { steps: ${steps} }
  b: { kind: service, concurrency: 1000, operations: { op: { work: 2ms } } }
  c: { kind: service, concurrency: 1000, operations: { op: { work: 3ms } } }
  f: { kind: service, concurrency: 1000, operations: { op: { work: 2ms, errorRate: 1 } } }
${extra}
workloads:
  w: { entry: a.op, rate: 10, arrivals: constant }
  many: { entry: a.op, rate: 1000, arrivals: constant }
scenarios:
  s: { workload: w, duration: 500ms }
  many: { workload: many, duration: 2s }
`);
}

/** The single latency and cause every request of scenario s ends with (sends at 100 … 400 ms). */
function only(d: ReturnType<typeof design>, scenario = "s"): [number, string] {
  const { outcomes } = runOutcomes(d, { scenario });
  const kinds = new Set(outcomes.map((o) => `${o.doneAt - o.sentAt} ${o.cause ?? "ok"}`));
  expect(outcomes.length).toBe(4);
  expect(kinds.size).toBe(1);
  const [latency, cause] = [...kinds][0]!.split(" ");
  return [Number(latency), cause!];
}

describe("hops", () => {
  it("a chain a → b → c pays every hop: client 5 + 1 + 1 + 2 + 1 + 3 + 1 + 1 + client 5 = 20 ms", () => {
    const d = design(`archsim: 1
network: { latency: 1ms }
components:
  a: { kind: service, operations: { op: { work: 1ms, steps: [ { call: b.op } ] } } }
  b: { kind: service, operations: { op: { work: 2ms, steps: [ { call: c.op } ] } } }
  c: { kind: service, operations: { op: { work: 3ms } } }
workloads:
  w: { entry: a.op, rate: 10, arrivals: constant, clientLatency: 5ms }
scenarios:
  s: { workload: w, duration: 500ms }
`);
    expect(only(d)).toEqual([20, "ok"]);
  });

  it("a query and a cache lookup each pay a hop each way: 1 + 4 + 1 and 1 + 2 + 1", () => {
    const net = "network: { latency: 1ms }";
    const stores = `  db: { kind: database, queryTime: 4ms }
  k: { kind: cache, hitRatio: 1, latency: 2ms }`;
    expect(only(withSteps("[ { query: db } ]", stores, net))).toEqual([6, "ok"]);
    expect(only(withSteps("[ { cache: k } ]", stores, net))).toEqual([4, "ok"]);
    expect(only(withSteps("[ { query: db }, { cache: k }, { call: b.op } ]", stores, net))).toEqual([14, "ok"]);
  });

  it("the observability overhead adds to work, and a gateway adds its overhead", () => {
    const d = design(`archsim: 1
components:
  obs: { kind: observability, overhead: 2ms }
  gw: { kind: gateway, overhead: 3ms, routes: { GET /x: a.op } }
  a: { kind: service, operations: { op: { http: GET /x, work: 1ms } } }
workloads:
  w: { entry: gw, rate: 10, arrivals: constant, mix: { GET /x: 1 } }
scenarios:
  s: { workload: w, duration: 500ms }
`);
    expect(only(d)).toEqual([6, "ok"]);
  });
});

describe("optional steps", () => {
  it("a failed optional step does not fail the operation; the next step runs", () => {
    expect(only(withSteps("[ { call: f.op, optional: true }, { call: c.op } ]"))).toEqual([5, "ok"]);
  });

  it("a failed step that is not optional fails the operation at once: later steps do not run", () => {
    const d = withSteps("[ { call: f.op }, { call: c.op } ]");
    expect(only(d)).toEqual([2, "error"]);
    expect(runOutcomes(d, { scenario: "s" }).result.components.c!.throughput).toBe(0);
  });

  it("a failure inside an optional cache miss ends that step, not the operation", () => {
    // Lookup 1 ms (a miss), then f fails after 2 ms: c in the miss steps is skipped, b runs: 1 + 2 + 2.
    const cache = "  k: { kind: cache, hitRatio: 0, latency: 1ms }";
    const d = withSteps(
      "[ { cache: k, optional: true, miss: [ { call: f.op }, { call: c.op } ] }, { call: b.op } ]",
      cache,
    );
    expect(only(d)).toEqual([5, "ok"]);
    expect(runOutcomes(d, { scenario: "s" }).result.components.c!.throughput).toBe(0);
  });
});

describe("parallel", () => {
  it("is done when all its branches are: max(2, 3) = 3 ms", () => {
    expect(only(withSteps("[ { parallel: [ { call: b.op }, { call: c.op } ] } ]"))).toEqual([3, "ok"]);
  });

  it("fails at the first non-optional failure, while the other branch keeps running", () => {
    const d = withSteps("[ { parallel: [ { call: c.op }, { call: f.op } ] }, { call: b.op } ]");
    expect(only(d)).toEqual([2, "error"]);
    const { result } = runOutcomes(d, { scenario: "s" });
    // c's work goes on to its end (wasted); b never runs.
    expect(result.components.c!.throughput).toBe(8); // 4 operations in 0.5 s
    expect(result.components.b!.throughput).toBe(0);
  });

  it("an optional branch's failure does not fail it", () => {
    expect(only(withSteps("[ { parallel: [ { call: c.op }, { call: f.op, optional: true } ] } ]"))).toEqual([3, "ok"]);
  });
});

describe("cache", () => {
  const stores = `  k: { kind: cache, hitRatio: HIT, latency: 1ms }`;
  const cached = (hit: number) =>
    withSteps("[ { cache: k, miss: [ { call: c.op } ] } ]", stores.replace("HIT", String(hit)));

  it("a hit costs the lookup; a miss the lookup and the miss steps", () => {
    expect(only(cached(1))).toEqual([1, "ok"]);
    expect(only(cached(0))).toEqual([4, "ok"]);
  });

  it("hits with probability hitRatio: 1/4 of lookups at 0.25", () => {
    const { result, outcomes } = runOutcomes(cached(0.25), { scenario: "many" });
    const n = outcomes.length;
    const hits = outcomes.filter((o) => o.doneAt - o.sentAt === 1).length;
    expect(outcomes.filter((o) => o.doneAt - o.sentAt === 4).length).toBe(n - hits);
    expect(Math.abs(hits - n / 4)).toBeLessThan(5 * Math.sqrt((n * 3) / 16));
    // Every lookup, hit or miss, counts: one per request sent, over 2 s.
    expect(result.components.k!.throughput).toBe(result.requests.total / 2);
  });

  it("a crashed cache answers nothing: a miss at once, without the lookup's time", () => {
    const d = design(`archsim: 1
components:
  a: { kind: service, operations: { op: { steps: [ { cache: k, miss: [ { call: c.op } ] } ] } } }
  c: { kind: service, operations: { op: { work: 3ms } } }
  k: { kind: cache, hitRatio: 1, latency: 1ms }
workloads:
  w: { entry: a.op, rate: 10, arrivals: constant }
scenarios:
  s: { workload: w, duration: 500ms, faults: [ { at: 0s, kind: crash, target: k } ] }
`);
    expect(only(d)).toEqual([3, "ok"]);
  });
});

describe("probability and branch", () => {
  it("a step with probability 0 never runs; with 1 always", () => {
    expect(only(withSteps("[ { call: c.op, probability: 0 }, { call: b.op } ]"))).toEqual([2, "ok"]);
    expect(only(withSteps("[ { call: c.op, probability: 1 }, { call: b.op } ]"))).toEqual([5, "ok"]);
  });

  it("a step with probability 0.25 runs for a quarter of the requests", () => {
    const { outcomes } = runOutcomes(withSteps("[ { call: c.op, probability: 0.25 } ]"), { scenario: "many" });
    const n = outcomes.length;
    const ran = outcomes.filter((o) => o.doneAt - o.sentAt === 3).length;
    expect(outcomes.filter((o) => o.doneAt - o.sentAt === 0).length).toBe(n - ran);
    expect(Math.abs(ran - n / 4)).toBeLessThan(5 * Math.sqrt((n * 3) / 16));
  });

  it("a branch runs exactly one alternative, chosen by weight: 3 : 1", () => {
    const d = withSteps(
      "[ { branch: [ { weight: 3, steps: [ { call: b.op } ] }, { weight: 1, steps: [ { call: c.op } ] } ] } ]",
    );
    const { outcomes } = runOutcomes(d, { scenario: "many" });
    const n = outcomes.length;
    const viaB = outcomes.filter((o) => o.doneAt - o.sentAt === 2).length;
    expect(outcomes.filter((o) => o.doneAt - o.sentAt === 3).length).toBe(n - viaB);
    expect(Math.abs(viaB - (3 * n) / 4)).toBeLessThan(5 * Math.sqrt((n * 3) / 16));
  });
});

describe("requests and outcomes", () => {
  it("counts every request once: total = succeeded + failed + rejected + inFlight, per route too", () => {
    const d = withSteps("[ { call: f.op, probability: 0.5 } ]");
    const { result, outcomes } = runOutcomes(d, { scenario: "many" });
    const failed = outcomes.filter((o) => !o.ok).length;
    expect(result.requests.total).toBe(1999);
    expect(result.requests.failed).toBe(failed);
    expect(result.requests.causes.error).toBe(failed);
    expect(result.requests.succeeded + result.requests.failed + result.requests.inFlight).toBe(1999);
    expect(result.routes["a.op"]).toMatchObject({
      count: outcomes.length,
      failed,
      succeeded: outcomes.length - failed,
    });
    expect(outcomes.map(brief).every(([, latency, cause]) => (cause === "ok" ? latency === 0 : latency === 2))).toBe(
      true,
    );
  });
});
