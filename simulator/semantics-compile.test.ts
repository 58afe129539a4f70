/**
 * The compiled form of a design, exactly: what each component kind, step and workload turns
 * into (indices, defaults, normalised weights, the step's resilience replacing the service's
 * field by field). Read directly from compileDesign and compileWorkload on tiny designs.
 */
import { describe, expect, it } from "vitest";
import { Balancer, compileDesign, compileWorkload, Kind, NO_RESILIENCE, StepKind } from "./compile";
import { SamplerType, ZERO_SAMPLER } from "./engine/sample";
import { design } from "./testing/exact";

const d = design(`archsim: 1
network: { latency: 2ms }
components:
  web: { kind: client }
  gw:
    kind: gateway
    concurrency: 8
    queue: 3
    overhead: 1ms
    rateLimit: { rps: 2.5 }
    resilience: { timeout: 1s }
    routes: { GET /x: a.op, POST /y: a.other }
  reg: { kind: registry, detection: 300ms }
  cfg: { kind: config, fetchLatency: 40ms }
  obs: { kind: observability, overhead: 3ms }
  obs0: { kind: observability }
  mq: { kind: broker, publishLatency: 4ms, deliveryLatency: 5ms, durable: false }
  db: { kind: database, pool: 7, queryTime: 6ms }
  k: { kind: cache, hitRatio: 0.25, latency: 9ms }
  a:
    kind: service
    replicas: 9
    concurrency: 4
    queue: 2
    balancer: least-outstanding
    coldStart: 100ms
    dependsOn: [cfg, db]
    autoscale: { min: 2, max: 5, targetUtilization: 0.6, interval: 2s }
    resilience: { timeout: 200ms, retries: { max: 2, backoff: 10ms }, bulkhead: 3 }
    operations:
      op:
        http: GET /x
        work: 2ms
        errorRate: 0.1
        steps:
          - { call: b.op, timeout: 50ms, optional: true, probability: 0.5 }
          - { query: db }
          - { cache: k, miss: [ { query: db } ] }
          - { publish: ev, outbox: true }
          - { parallel: [ { call: b.op }, { call: b.two, circuitBreaker: {} } ] }
          - branch:
              - { weight: 3, steps: [ { call: b.op } ] }
              - { weight: 1, steps: [] }
      other: { http: POST /y }
  b:
    kind: service
    balancer: random
    autoscale: { min: 2, max: 4, coldStart: 1s }
    operations: { op: {}, two: {} }
    subscribes: { ev: two }
  c:
    kind: service
    operations: { h: {} }
    subscribes: { ev: h, other.ev: h }
workloads:
  direct: { entry: b.two, rate: 5, clientLatency: 8ms }
  mixed: { source: web, entry: gw, rate: 3, arrivals: constant, mix: { GET /x: 0.75, POST /y: 0.25 } }
  one: { entry: gw, profile: [[0s, 1], [1s, 2]], mix: { GET /x: 1, POST /y: 0 } }
scenarios:
  s: { workload: direct, duration: 1s }
`);
const cd = compileDesign(d);
const comp = (id: string) => cd.components[cd.byId.get(id)!]!;

describe("compileDesign", () => {
  it("indexes components in order, and finds the broker, the registry and the observability overheads", () => {
    expect([...cd.byId.entries()]).toEqual(
      ["web", "gw", "reg", "cfg", "obs", "obs0", "mq", "db", "k", "a", "b", "c"].map((id, i) => [id, i]),
    );
    expect(cd.components.map((c) => c.kind)).toEqual([
      Kind.Client,
      Kind.Gateway,
      Kind.Registry,
      Kind.Config,
      Kind.Observability,
      Kind.Observability,
      Kind.Broker,
      Kind.Database,
      Kind.Cache,
      Kind.Service,
      Kind.Service,
      Kind.Service,
    ]);
    expect(cd.broker).toBe(6);
    expect(cd.registry).toBe(2);
    // Only overheads that are not zero.
    expect(cd.observability.map((s) => s.a)).toEqual([3]);
    expect(cd.network).toMatchObject({ type: SamplerType.Const, a: 2 });
  });

  it("each kind's own fields, and the defaults of the others", () => {
    expect(comp("gw")).toMatchObject({ replicas: 1, concurrency: 8, queue: 3, routes: ["GET /x", "POST /y"] });
    expect(comp("gw").overhead.a).toBe(1);
    // burst defaults to ceil(rps).
    expect(comp("gw").rateLimit).toEqual({ rps: 2.5, burst: 3 });
    expect(comp("reg").detection).toBe(300);
    expect(comp("cfg").time.a).toBe(40);
    expect(comp("mq")).toMatchObject({ durable: false });
    expect([comp("mq").publishLatency.a, comp("mq").deliveryLatency.a]).toEqual([4, 5]);
    expect(comp("db")).toMatchObject({ pool: 7 });
    expect(comp("db").time.a).toBe(6);
    expect(comp("k")).toMatchObject({ hitRatio: 0.25 });
    expect(comp("k").time.a).toBe(9);
    // Defaults.
    expect(comp("web")).toMatchObject({
      replicas: 1,
      concurrency: Infinity,
      queue: Infinity,
      pool: Infinity,
      durable: true,
      detection: 0,
      hitRatio: 0,
      rateLimit: null,
      autoscale: null,
    });
    expect(comp("web").time).toBe(ZERO_SAMPLER);
    expect(comp("obs0").overhead).toBe(ZERO_SAMPLER);
  });

  it("a service: replicas clamped to autoscale's range, its balancer, dependencies and autoscale cold start", () => {
    expect(comp("a")).toMatchObject({
      replicas: 5,
      concurrency: 4,
      queue: 2,
      balancer: Balancer.LeastOutstanding,
      coldStart: 100,
      dependsOn: [3, 7],
      autoscale: { min: 2, max: 5, target: 0.6, interval: 2000, coldStart: 100 },
    });
    expect(comp("b")).toMatchObject({ replicas: 2, balancer: Balancer.Random });
    expect(comp("b").autoscale).toMatchObject({ coldStart: 1000, target: 0.7, interval: 15000 });
    expect(comp("c")).toMatchObject({ replicas: 1, balancer: Balancer.RoundRobin, autoscale: null });
    expect(comp("a").ops.map((o) => [o.name, o.idx, o.comp, o.errorRate, o.observed])).toEqual([
      ["op", 0, 9, 0.1, true],
      ["other", 1, 9, 0, true],
    ]);
    expect(comp("a").ops[0]!.work.a).toBe(2);
    expect([...comp("b").opIndex.entries()]).toEqual([
      ["op", 0],
      ["two", 1],
    ]);
  });

  it("steps: targets, options, and a step's resilience replacing the service's field by field", () => {
    const [call, query, cache, publish, parallel, branch] = comp("a").ops[0]!.steps;
    expect(call).toMatchObject({ kind: StepKind.Call, target: 10, op: 0, optional: true, probability: 0.5 });
    expect(call!.resilience).toEqual({
      timeout: 50,
      retries: { max: 2, backoff: 10, jitter: false },
      breaker: null,
      bulkhead: 3,
    });
    expect(query).toMatchObject({ kind: StepKind.Query, target: 7, optional: false, probability: 1 });
    expect(query!.resilience).toBe(NO_RESILIENCE);
    expect(cache).toMatchObject({ kind: StepKind.Cache, target: 8 });
    expect(cache!.miss).toHaveLength(1);
    expect(cache!.miss[0]).toMatchObject({ kind: StepKind.Query, target: 7 });
    expect(publish).toMatchObject({ kind: StepKind.Publish, outbox: true, topic: cd.topics.indexOf("ev") });
    expect(parallel!.kind).toBe(StepKind.Parallel);
    expect(parallel!.children.map((s) => [s.kind, s.target, s.op, s.resilience.timeout])).toEqual([
      [StepKind.Call, 10, 0, 200],
      [StepKind.Call, 10, 1, 200],
    ]);
    expect(parallel!.children[1]!.resilience.breaker).toEqual({
      failureRate: 0.5,
      window: 20,
      openFor: 10000,
      halfOpenProbes: 1,
    });
    // Weights 3 : 1 normalised and accumulated; the last is exactly 1.
    expect(branch).toMatchObject({ kind: StepKind.Branch, branchCum: [0.75, 1] });
    expect(branch!.branchSteps.map((s) => s.length)).toEqual([1, 0]);
    // Only the step with a circuitBreaker makes b a breaker callee of a.
    expect(comp("a").breakerCallees).toEqual([10]);
    expect(comp("b").breakerCallees).toEqual([]);
  });

  it("a gateway's routes are operations: overhead as work, one call with the gateway's resilience, not observed", () => {
    const ops = comp("gw").ops;
    expect(ops.map((o) => [o.name, o.idx, o.comp, o.errorRate, o.observed, o.work.a])).toEqual([
      ["GET /x", 0, 1, 0, false, 1],
      ["POST /y", 1, 1, 0, false, 1],
    ]);
    expect(ops.map((o) => o.steps.map((s) => [s.kind, s.target, s.op, s.optional, s.probability]))).toEqual([
      [[StepKind.Call, 9, 0, false, 1]],
      [[StepKind.Call, 9, 1, false, 1]],
    ]);
    expect(ops[0]!.steps[0]!.resilience).toEqual({ timeout: 1000, retries: null, breaker: null, bulkhead: Infinity });
    expect([...comp("gw").opIndex.entries()]).toEqual([
      ["GET /x", 0],
      ["POST /y", 1],
    ]);
  });

  it("subscriptions: one per (topic, service), in order, each with its operation", () => {
    expect(cd.topics).toEqual(["ev", "other.ev"]);
    expect(cd.subscriptions).toEqual([
      { idx: 0, topic: 0, service: 10, op: 1 },
      { idx: 1, topic: 0, service: 11, op: 0 },
      { idx: 2, topic: 1, service: 11, op: 0 },
    ]);
    expect(cd.topicSubs.map((subs) => subs.map((s) => s.idx))).toEqual([[0, 1], [2]]);
    expect(comp("c").subscriptions.map((s) => s.idx)).toEqual([1, 2]);
    expect(comp("a").subscriptions).toEqual([]);
  });
});

describe("compileWorkload", () => {
  it("a direct entry: its operation, every operation's route key, and the client latency", () => {
    const w = compileWorkload(d, cd, "direct");
    expect(w).toMatchObject({
      name: "direct",
      source: -1,
      entry: 10,
      op: 1,
      mixOps: [1],
      mixCum: [1],
      poisson: true,
      rate: 5,
      profile: null,
      routeKeys: ["b.op", "b.two"],
    });
    expect(w.clientLatency.a).toBe(8);
  });

  it("a gateway entry: the mix's routes with positive weight, normalised and accumulated", () => {
    expect(compileWorkload(d, cd, "mixed")).toMatchObject({
      source: 0,
      entry: 1,
      op: -1,
      mixOps: [0, 1],
      mixCum: [0.75, 1],
      poisson: false,
      routeKeys: ["GET /x", "POST /y"],
    });
    expect(compileWorkload(d, cd, "one")).toMatchObject({
      mixOps: [0],
      mixCum: [1],
      rate: 0,
      profile: [
        [0, 1],
        [1000, 2],
      ],
    });
  });
});
