import { readdirSync, readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { z } from "zod";
import { parseDesign } from "./parse";
import {
  getIssueFacts,
  PARSE_OPTIONS,
  REQUIRED_MESSAGE,
  circuitBreakerSchema,
  COMPONENT_KINDS,
  componentIdSchema,
  distributionSchema,
  durationSchema,
  operationIdSchema,
  RESERVED_NAMES,
  retriesSchema,
  routeSchema,
  topicSchema,
  type Design,
} from "./schema";

function parseValid(text: string): Design {
  const r = parseDesign(text);
  expect(r.errors).toEqual([]);
  return r.design!;
}

/** The first error of a design, as `path: message`. */
function firstError(text: string): string {
  const r = parseDesign(text);
  expect(r.errors.length, "expected an error").toBeGreaterThan(0);
  return `${r.errors[0]!.path}: ${r.errors[0]!.message}`;
}

const ZERO = { type: "const", value: 0 };

/** One of each kind with nothing but what is required. */
const BARE = `archsim: 1
components:
  web: { kind: client }
  gw: { kind: gateway, routes: { POST /a: svc.op } }
  svc:
    kind: service
    operations:
      op:
        http: POST /a
        steps:
          - call: other.op
            retries: { max: 1 }
            circuitBreaker: {}
          - query: db
          - cache: kv
          - publish: t.x
          - parallel: []
          - branch: [ { weight: 1, steps: [] } ]
    resilience: { retries: { max: 2 }, circuitBreaker: {} }
    autoscale: { min: 1, max: 2 }
    subscribes: { t.x: op }
  other: { kind: service, operations: { op: {} } }
  bus: { kind: broker }
  reg: { kind: registry }
  conf: { kind: config }
  obs: { kind: observability }
  db: { kind: database }
  kv: { kind: cache }
workloads:
  w: { entry: gw, rate: 1, mix: { POST /a: 1 } }
scenarios:
  s: { workload: w, duration: 10s }
`;

describe("defaults, exactly as the format's tables give them", () => {
  const d = parseValid(BARE);
  const c = d.components;

  it("top level: network latency 0, no workloads, scenarios or layout", () => {
    const minimal = parseValid("archsim: 1\ncomponents: {}\n");
    expect(minimal).toEqual({
      archsim: 1,
      network: { latency: ZERO },
      components: {},
      workloads: {},
      scenarios: {},
      layout: {},
    });
  });

  it("service: replicas 1, concurrency 16, queue unbounded, round-robin, coldStart 0, dependsOn [], subscribes {}", () => {
    expect(c.other).toEqual({
      kind: "service",
      replicas: 1,
      concurrency: 16,
      queue: Infinity,
      balancer: "round-robin",
      coldStart: 0,
      dependsOn: [],
      subscribes: {},
      operations: { op: { work: ZERO, errorRate: 0, steps: [] } },
    });
  });

  it("operation: work 0, errorRate 0, steps []", () => {
    expect(c.other).toMatchObject({ operations: { op: { work: ZERO, errorRate: 0, steps: [] } } });
  });

  it("steps: optional false, probability 1; publish outbox false; cache miss []", () => {
    if (c.svc?.kind !== "service") throw new Error("svc is not a service");
    const steps = c.svc.operations.op!.steps;
    for (const s of steps) expect(s).toMatchObject({ optional: false, probability: 1 });
    expect(steps[2]).toEqual({ cache: "kv", miss: [], optional: false, probability: 1 });
    expect(steps[3]).toEqual({ publish: "t.x", outbox: false, optional: false, probability: 1 });
  });

  it("retries: backoff 0, jitter false; circuitBreaker: failureRate 0.5, window 20, openFor 10s, halfOpenProbes 1", () => {
    const breaker = { failureRate: 0.5, window: 20, openFor: 10_000, halfOpenProbes: 1 };
    expect(c.svc).toMatchObject({
      resilience: { retries: { max: 2, backoff: 0, jitter: false }, circuitBreaker: breaker },
    });
    if (c.svc?.kind !== "service") throw new Error("svc is not a service");
    expect(c.svc.operations.op!.steps[0]).toMatchObject({
      retries: { max: 1, backoff: 0, jitter: false },
      circuitBreaker: breaker,
    });
    expect(retriesSchema.parse({ max: 0 })).toEqual({ max: 0, backoff: 0, jitter: false });
    expect(circuitBreakerSchema.parse({})).toEqual(breaker);
  });

  it("service without resilience or autoscale has none; autoscale fills targetUtilization 0.7 and interval 15s", () => {
    expect(c.other).not.toHaveProperty("resilience");
    expect(c.other).not.toHaveProperty("autoscale");
    expect(c.svc).toMatchObject({ autoscale: { min: 1, max: 2, targetUtilization: 0.7, interval: 15_000 } });
  });

  it("gateway: concurrency and queue unbounded, overhead 0, no rate limit, no resilience", () => {
    expect(c.gw).toEqual({
      kind: "gateway",
      routes: { "POST /a": "svc.op" },
      concurrency: Infinity,
      queue: Infinity,
      overhead: ZERO,
    });
  });

  it("broker: flavor rabbitmq, durable true, latencies 0", () => {
    expect(c.bus).toEqual({
      kind: "broker",
      flavor: "rabbitmq",
      durable: true,
      publishLatency: ZERO,
      deliveryLatency: ZERO,
    });
  });

  it("registry detection 0, config fetchLatency 0, observability overhead 0 and sampling 1", () => {
    expect(c.reg).toEqual({ kind: "registry", detection: 0 });
    expect(c.conf).toEqual({ kind: "config", fetchLatency: ZERO });
    expect(c.obs).toEqual({ kind: "observability", overhead: ZERO, sampling: 1 });
  });

  it("database: pool unbounded, queryTime 0; cache: hitRatio 0, latency 0; client: nothing", () => {
    expect(c.db).toEqual({ kind: "database", pool: Infinity, queryTime: ZERO });
    expect(c.kv).toEqual({ kind: "cache", hitRatio: 0, latency: ZERO });
    expect(c.web).toEqual({ kind: "client" });
  });

  it("workload: arrivals poisson, clientLatency 0; scenario: warmup 0, faults []", () => {
    expect(d.workloads.w).toEqual({
      entry: "gw",
      arrivals: "poisson",
      rate: 1,
      mix: { "POST /a": 1 },
      clientLatency: ZERO,
    });
    expect(d.scenarios.s).toEqual({ workload: "w", duration: 10_000, warmup: 0, faults: [] });
  });

  it("covers every component kind", () => {
    expect(new Set(Object.values(c).map((x) => x.kind))).toEqual(new Set(COMPONENT_KINDS));
  });
});

describe("normalized values", () => {
  it("tags every distribution and converts its durations to ms", () => {
    const parse = (v: unknown) => distributionSchema.parse(v);
    expect(parse("2s")).toEqual({ type: "const", value: 2000 });
    expect(parse(5)).toEqual({ type: "const", value: 5 });
    expect(parse({ exp: "1s" })).toEqual({ type: "exp", mean: 1000 });
    expect(parse({ uniform: ["1ms", "1s"] })).toEqual({ type: "uniform", min: 1, max: 1000 });
    expect(parse({ uniform: [3, 3] })).toEqual({ type: "uniform", min: 3, max: 3 });
    expect(parse({ normal: { mean: "10ms", sd: 0 } })).toEqual({ type: "normal", mean: 10, sd: 0 });
    expect(parse({ lognormal: { median: "2ms", p99: "2ms" } })).toMatchObject({
      type: "lognormal",
      median: 2,
      p99: 2,
      sigma: 0,
    });
    expect(parse({ erlang: { k: 4, mean: "8ms" } })).toEqual({ type: "erlang", k: 4, mean: 8 });
    expect(parse({ empirical: ["1ms", 2, "0.5s"] })).toEqual({ type: "empirical", values: [1, 2, 500] });
    expect(durationSchema.parse("1m")).toBe(60_000);
  });

  it("accepts the id forms of the format and refuses the rest", () => {
    for (const ok of ["a", "order", "orders-db", "a1", `a${"b".repeat(62)}`])
      expect(componentIdSchema.safeParse(ok).success, ok).toBe(true);
    for (const bad of [
      "",
      "A",
      "1a",
      "a-",
      "-a",
      "a_b",
      "a.b",
      "../../etc",
      "a; rm -rf",
      `a${"b".repeat(63)}`,
      "constructor",
      "__proto__",
      "hasOwnProperty",
    ]) {
      expect(componentIdSchema.safeParse(bad).success, bad).toBe(false);
    }
    for (const ok of ["create", "getById", "a"]) expect(operationIdSchema.safeParse(ok).success, ok).toBe(true);
    for (const bad of ["Create", "get-by-id", "get_by_id", "1x", "toString", "valueOf"])
      expect(operationIdSchema.safeParse(bad).success, bad).toBe(false);
    for (const ok of ["order.created", "a", "a-b.c-d.e1"]) expect(topicSchema.safeParse(ok).success, ok).toBe(true);
    for (const bad of ["Order.created", "order..created", "order.", ".order", "order.1x", `a${".b".repeat(40)}`])
      expect(topicSchema.safeParse(bad).success, bad).toBe(false);
    for (const ok of ["GET /", "GET /orders/{id}", "DELETE /a-b/c_d~e.f"])
      expect(routeSchema.safeParse(ok).success, ok).toBe(true);
    for (const bad of ["get /a", "FETCH /a", "GET a", "GET  /a", "GET /a?x=1", "GET /a b"])
      expect(routeSchema.safeParse(bad).success, bad).toBe(false);
  });

  it("reserves every Object.prototype member", () => {
    for (const name of Object.getOwnPropertyNames(Object.prototype)) expect(RESERVED_NAMES.has(name), name).toBe(true);
    expect(RESERVED_NAMES.has("__proto__")).toBe(true);
  });
});

/** A service with one operation, with `extra` lines spliced in at service level. */
const svc = (extra: string, op = "{}") =>
  `archsim: 1\ncomponents:\n  s:\n    kind: service\n${extra}    operations:\n      op: ${op}\n`;

describe("schema messages (one per message not covered by the corpus)", () => {
  it.each([
    [
      "a component needs a kind",
      "archsim: 1\ncomponents:\n  s: { label: x }\n",
      "components.s.kind: a component needs a kind: one of client, gateway, service, broker, registry, config, observability, database, cache",
    ],
    [
      "a component that is not a mapping",
      "archsim: 1\ncomponents:\n  s: 5\n",
      "components.s: expected a component (a mapping with a kind), got number 5",
    ],
    [
      "an empty component",
      "archsim: 1\ncomponents:\n  s:\n",
      "components.s: expected a component (a mapping with a kind), got null",
    ],
    [
      "operations as a list",
      "archsim: 1\ncomponents:\n  s: { kind: service, operations: [a] }\n",
      "components.s.operations: expected operations (a mapping of name to operation), got a list",
    ],
    [
      "operations missing",
      "archsim: 1\ncomponents:\n  s: { kind: service }\n",
      "components.s.operations: operations is required",
    ],
    ["routes missing", "archsim: 1\ncomponents:\n  g: { kind: gateway }\n", "components.g.routes: routes is required"],
    ["replicas 0", svc("    replicas: 0\n"), "components.s.replicas: replicas must be an integer ≥ 1 (got 0)"],
    [
      "concurrency 1.5",
      svc("    concurrency: 1.5\n"),
      "components.s.concurrency: concurrency must be an integer ≥ 1 (got 1.5)",
    ],
    ["queue -1", svc("    queue: -1\n"), "components.s.queue: queue must be an integer ≥ 0 (got -1)"],
    [
      "replicas .inf",
      svc("    replicas: .inf\n"),
      "components.s.replicas: replicas must be a finite number (got Infinity)",
    ],
    [
      "replicas a string",
      svc("    replicas: two\n"),
      'components.s.replicas: replicas must be a number, got the string "two"',
    ],
    [
      "balancer",
      svc("    balancer: fastest\n"),
      'components.s.balancer: balancer must be one of round-robin, least-outstanding, random, got the string "fastest"',
    ],
    ["coldStart .nan", svc("    coldStart: .nan\n"), "components.s.coldStart: a duration cannot be NaN"],
    [
      "timeout 0",
      svc("    resilience: { timeout: 0 }\n"),
      "components.s.resilience.timeout: timeout must be greater than 0",
    ],
    [
      "retries.max missing",
      svc("    resilience: { retries: {} }\n"),
      "components.s.resilience.retries.max: retries.max is required",
    ],
    [
      "retries.max 1.5",
      svc("    resilience: { retries: { max: 1.5 } }\n"),
      "components.s.resilience.retries.max: retries.max must be an integer ≥ 0 (got 1.5)",
    ],
    [
      "jitter yes",
      svc("    resilience: { retries: { max: 1, jitter: yes } }\n"),
      'components.s.resilience.retries.jitter: jitter must be true or false, got the string "yes"',
    ],
    [
      "failureRate 0",
      svc("    resilience: { circuitBreaker: { failureRate: 0 } }\n"),
      "components.s.resilience.circuitBreaker.failureRate: failureRate must be in (0, 1] (got 0)",
    ],
    [
      "bulkhead 0",
      svc("    resilience: { bulkhead: 0 }\n"),
      "components.s.resilience.bulkhead: bulkhead must be an integer ≥ 1 (got 0)",
    ],
    [
      "unknown resilience field",
      svc("    resilience: { timout: 1s }\n"),
      'components.s.resilience.timout: unknown field "timout" in resilience (did you mean "timeout"?)',
    ],
    [
      "targetUtilization 2",
      svc("    autoscale: { min: 1, max: 2, targetUtilization: 2 }\n"),
      "components.s.autoscale.targetUtilization: targetUtilization must be in (0, 1] (got 2)",
    ],
    [
      "autoscale.interval 0",
      svc("    autoscale: { min: 1, max: 2, interval: 0 }\n"),
      "components.s.autoscale.interval: autoscale.interval must be greater than 0",
    ],
    [
      "dependsOn a string",
      svc("    dependsOn: config\n"),
      'components.s.dependsOn: dependsOn takes a list of component ids, got the string "config"',
    ],
    ["exp 0", svc("", "{ work: { exp: 0 } }"), "components.s.operations.op.work.exp: exp mean must be greater than 0"],
    [
      "uniform three values",
      svc("", "{ work: { uniform: [1, 2, 3] } }"),
      "components.s.operations.op.work.uniform: uniform takes a list of two durations: [min, max]",
    ],
    [
      "uniform not a list",
      svc("", "{ work: { uniform: 5ms } }"),
      "components.s.operations.op.work.uniform: uniform takes a list of two durations: [min, max]",
    ],
    [
      "normal sd negative",
      svc("", "{ work: { normal: { mean: 1ms, sd: -1ms } } }"),
      "components.s.operations.op.work.normal.sd: a duration cannot be negative (got -1ms)",
    ],
    [
      "lognormal median 0",
      svc("", "{ work: { lognormal: { median: 0, p99: 1ms } } }"),
      "components.s.operations.op.work.lognormal: lognormal needs 0 < median ≤ p99 (got median 0ms, p99 1ms)",
    ],
    [
      "erlang k 1.5",
      svc("", "{ work: { erlang: { k: 1.5, mean: 1ms } } }"),
      "components.s.operations.op.work.erlang.k: erlang k must be an integer ≥ 1 (got 1.5)",
    ],
    [
      "erlang mean missing",
      svc("", "{ work: { erlang: { k: 2 } } }"),
      "components.s.operations.op.work.erlang.mean: mean is required",
    ],
    [
      "empirical not a list",
      svc("", "{ work: { empirical: 5 } }"),
      "components.s.operations.op.work.empirical: empirical takes a non-empty list of durations",
    ],
    [
      "a distribution with two keys",
      svc("", "{ work: { exp: 1, uniform: [1, 2] } }"),
      "components.s.operations.op.work: a distribution has exactly one key of exp, uniform, normal, lognormal, erlang, empirical (got exp, uniform)",
    ],
    [
      "an empty distribution",
      svc("", "{ work: {} }"),
      "components.s.operations.op.work: a distribution has exactly one key of exp, uniform, normal, lognormal, erlang, empirical (got none)",
    ],
    [
      "a distribution as a list",
      svc("", "{ work: [1ms] }"),
      "components.s.operations.op.work: expected a duration or a distribution (exp, uniform, normal, lognormal, erlang, empirical), got a list",
    ],
    [
      "a step that is a number",
      svc("", "{ steps: [5] }"),
      "components.s.operations.op.steps[0]: expected a step (a mapping with one of call, query, cache, publish, parallel, branch), got number 5",
    ],
    [
      "a step with no step key",
      svc("", "{ steps: [ { optional: true } ] }"),
      "components.s.operations.op.steps[0]: a step needs one of call, query, cache, publish, parallel, branch",
    ],
    [
      "steps not a list",
      svc("", "{ steps: { call: a.b } }"),
      "components.s.operations.op.steps: expected a list of steps, got a mapping",
    ],
    [
      "a call target without an operation",
      svc("", "{ steps: [ { call: inventory } ] }"),
      'components.s.operations.op.steps[0].call: invalid target "inventory": expected <service>.<operation>, e.g. inventory.reserve',
    ],
    [
      "a query step option it does not take",
      svc("", "{ steps: [ { query: db, outbox: true } ] }"),
      'components.s.operations.op.steps[0].outbox: unknown field "outbox" in a query step; allowed: query, optional, probability',
    ],
    [
      "optional yes",
      svc("", "{ steps: [ { query: db, optional: yes } ] }"),
      'components.s.operations.op.steps[0].optional: optional must be true or false, got the string "yes"',
    ],
    [
      "branch weight 0",
      svc("", "{ steps: [ { branch: [ { weight: 0, steps: [] } ] } ] }"),
      "components.s.operations.op.steps[0].branch[0].weight: a branch weight must be a positive number (got 0)",
    ],
    [
      "branch steps missing",
      svc("", "{ steps: [ { branch: [ { weight: 1 } ] } ] }"),
      "components.s.operations.op.steps[0].branch[0].steps: steps is required",
    ],
    [
      "a uniform bound with a bad unit",
      svc("", "{ work: { uniform: [5 parsecs, 1ms] } }"),
      'components.s.operations.op.work.uniform[0]: invalid duration "5 parsecs": the unit must be one of us, ms, s, m, h, written right after the number (e.g. 250ms, 1.5s)',
    ],
    [
      "a call target that is not a string",
      svc("", "{ steps: [ { call: 5 } ] }"),
      "components.s.operations.op.steps[0].call: expected <service>.<operation>, got number 5",
    ],
    [
      "a topic that is not a string",
      svc("", "{ steps: [ { publish: [a] } ] }"),
      "components.s.operations.op.steps[0].publish: expected a topic, got a list",
    ],
    [
      "branch not a list",
      svc("", "{ steps: [ { branch: { weight: 1 } } ] }"),
      "components.s.operations.op.steps[0].branch: branch takes a list of { weight, steps }",
    ],
    [
      "flavor",
      "archsim: 1\ncomponents:\n  b: { kind: broker, flavor: nats }\n",
      'components.b.flavor: flavor must be rabbitmq or kafka, got the string "nats"',
    ],
    [
      "sampling 2",
      "archsim: 1\ncomponents:\n  o: { kind: observability, sampling: 2 }\n",
      "components.o.sampling: sampling is a probability and must be in [0, 1] (got 2)",
    ],
    [
      "hitRatio -1",
      "archsim: 1\ncomponents:\n  c: { kind: cache, hitRatio: -1 }\n",
      "components.c.hitRatio: hitRatio is a probability and must be in [0, 1] (got -1)",
    ],
    [
      "pool 0",
      "archsim: 1\ncomponents:\n  d: { kind: database, pool: 0 }\n",
      "components.d.pool: pool must be an integer ≥ 1 (got 0)",
    ],
    [
      "rateLimit rps 0",
      "archsim: 1\ncomponents:\n  g: { kind: gateway, routes: {}, rateLimit: { rps: 0 } }\n",
      "components.g.rateLimit.rps: rateLimit.rps must be greater than 0",
    ],
    [
      "a route target that is not service.operation",
      "archsim: 1\ncomponents:\n  g: { kind: gateway, routes: { GET /a: x } }\n",
      'components.g.routes["GET /a"]: invalid target "x": expected <service>.<operation>, e.g. inventory.reserve',
    ],
    [
      "a long id",
      `archsim: 1\ncomponents:\n  a${"b".repeat(63)}: { kind: client }\n`,
      `components.a${"b".repeat(63)}: component id "a${"b".repeat(36)}..." is longer than 63 characters`,
    ],
    [
      "a label too long",
      `archsim: 1\ncomponents:\n  c: { kind: client, label: ${"x".repeat(201)} }\n`,
      "components.c.label: label is longer than 200 characters",
    ],
  ])("%s", (_what, text, expected) => {
    expect(firstError(text)).toBe(expected);
  });

  const wl = (body: string) =>
    `archsim: 1\ncomponents:\n  s: { kind: service, operations: { op: {} } }\nworkloads:\n  w: ${body}\n`;
  const sc = (body: string) => `${wl("{ entry: s.op, rate: 1 }")}scenarios:\n  x: ${body}\n`;
  it.each([
    ["entry missing", wl("{ rate: 1 }"), "workloads.w.entry: entry is required: a gateway id or <service>.<operation>"],
    [
      "arrivals",
      wl("{ entry: s.op, rate: 1, arrivals: burst }"),
      'workloads.w.arrivals: arrivals must be poisson or constant, got the string "burst"',
    ],
    ["rate negative", wl("{ entry: s.op, rate: -1 }"), "workloads.w.rate: rate cannot be negative (got -1)"],
    ["profile empty", wl("{ entry: s.op, profile: [] }"), "workloads.w.profile: a profile needs at least one point"],
    [
      "profile not a list",
      wl("{ entry: s.op, profile: 5 }"),
      "workloads.w.profile: profile takes a list of [time, rps] points",
    ],
    [
      "profile rate negative",
      wl("{ entry: s.op, profile: [[0, -5]] }"),
      "workloads.w.profile[0][1]: profile rate cannot be negative (got -5)",
    ],
    [
      "profile rate NaN",
      wl("{ entry: s.op, profile: [[0, .nan]] }"),
      "workloads.w.profile[0][1]: profile rate must be a finite number (got NaN)",
    ],
    [
      "a profile time with a bad unit",
      wl("{ entry: s.op, profile: [[0, 1], [2 min, 5]] }"),
      'workloads.w.profile[1][0]: invalid duration "2 min": the unit must be one of us, ms, s, m, h, written right after the number (e.g. 250ms, 1.5s)',
    ],
    [
      "a profile point of one value",
      wl("{ entry: s.op, profile: [[0]] }"),
      "workloads.w.profile[0]: a profile point is [time, rps], e.g. [60s, 1000]",
    ],
    [
      "mix weight negative",
      wl("{ entry: s.op, rate: 1, mix: { POST /a: -0.5 } }"),
      'workloads.w.mix["POST /a"]: a mix weight is a probability and must be in [0, 1] (got -0.5)',
    ],
    [
      "mix not a mapping",
      wl("{ entry: s.op, rate: 1, mix: [1] }"),
      "workloads.w.mix: expected mix (a mapping of route to weight), got a list",
    ],
    [
      "bad workload name",
      "archsim: 1\ncomponents: {}\nworkloads:\n  Steady: { entry: x.y, rate: 1 }\n",
      "workloads.Steady: invalid workload name \"Steady\": use lowercase letters, digits and '-', starting with a letter",
    ],
    [
      "bad scenario name",
      `${wl("{ entry: s.op, rate: 1 }")}scenarios:\n  my_run: { workload: w, duration: 1s }\n`,
      "scenarios.my_run: invalid scenario name \"my_run\": use lowercase letters, digits and '-', starting with a letter",
    ],
    ["duration missing", sc("{ workload: w }"), "scenarios.x.duration: duration is required"],
    ["duration 0", sc("{ workload: w, duration: 0s }"), "scenarios.x.duration: duration must be greater than 0"],
    [
      "faults not a list",
      sc("{ workload: w, duration: 1s, faults: { kind: crash } }"),
      "scenarios.x.faults: faults takes a list of faults",
    ],
    [
      "a fault without kind",
      sc("{ workload: w, duration: 1s, faults: [ { at: 0, target: s } ] }"),
      "scenarios.x.faults[0].kind: a fault needs a kind: one of crash, latency, errors, partition, slowdown",
    ],
    [
      "a fault that is not a mapping",
      sc("{ workload: w, duration: 1s, faults: [5] }"),
      "scenarios.x.faults[0]: expected a fault (a mapping with a kind), got number 5",
    ],
    [
      "fault at missing",
      sc("{ workload: w, duration: 1s, faults: [ { kind: crash, target: s } ] }"),
      "scenarios.x.faults[0].at: at is required",
    ],
    [
      "fault for 0",
      sc("{ workload: w, duration: 1s, faults: [ { kind: crash, at: 0, for: 0, target: s } ] }"),
      "scenarios.x.faults[0].for: for must be greater than 0",
    ],
    [
      "latency add missing",
      sc("{ workload: w, duration: 1s, faults: [ { kind: latency, at: 0, target: s } ] }"),
      "scenarios.x.faults[0].add: add is required",
    ],
    [
      "errors probability 2",
      sc("{ workload: w, duration: 1s, faults: [ { kind: errors, at: 0, target: s, probability: 2 } ] }"),
      "scenarios.x.faults[0].probability: probability must be in [0, 1] (got 2)",
    ],
    [
      "slowdown factor 0",
      sc("{ workload: w, duration: 1s, faults: [ { kind: slowdown, at: 0, target: s, factor: 0 } ] }"),
      "scenarios.x.faults[0].factor: factor must be greater than 0 (got 0)",
    ],
    [
      "partition of one",
      sc("{ workload: w, duration: 1s, faults: [ { kind: partition, at: 0, between: [s] } ] }"),
      "scenarios.x.faults[0].between: between takes two component ids: [a, b]",
    ],
    [
      "crash replicas 0",
      sc("{ workload: w, duration: 1s, faults: [ { kind: crash, at: 0, target: s, replicas: 0 } ] }"),
      "scenarios.x.faults[0].replicas: replicas must be an integer ≥ 1 (got 0)",
    ],
    [
      "a crash fault field of another kind",
      sc("{ workload: w, duration: 1s, faults: [ { kind: crash, at: 0, target: s, factor: 2 } ] }"),
      'scenarios.x.faults[0].factor: unknown field "factor" in a crash fault; allowed: kind, at, for, target, replicas',
    ],
    [
      "layout x missing",
      "archsim: 1\ncomponents:\n  c: { kind: client }\nlayout:\n  c: { y: 1 }\n",
      "layout.c.x: x is required",
    ],
    [
      "network unknown field",
      "archsim: 1\nnetwork: { latncy: 1ms }\ncomponents: {}\n",
      'network.latncy: unknown field "latncy" in network (did you mean "latency"?)',
    ],
    ["name not a string", "archsim: 1\nname: 5\ncomponents: {}\n", "name: name must be a string, got number 5"],
    [
      "archsim as a string",
      'archsim: "1"\ncomponents: {}\n',
      'archsim: archsim must be the number 1, not the string "1"',
    ],
    [
      "archsim as another string",
      'archsim: "v1"\ncomponents: {}\n',
      'archsim: unsupported format version "v1": this archsim reads version 1',
    ],
    [
      "components as a list",
      "archsim: 1\ncomponents: []\n",
      "components: expected components (a mapping of id to component), got a list",
    ],
    [
      "a design that is a list",
      "- archsim: 1\n",
      ": a design is a mapping with `archsim: 1` and `components` at its top level",
    ],
  ])("%s", (_what, text, expected) => {
    expect(firstError(text)).toBe(expected);
  });
});

describe("zod through its public API only", () => {
  it("no model source reaches into zod's internals or matches zod's own message text", () => {
    const dir = fileURLToPath(new URL(".", import.meta.url));
    for (const f of readdirSync(dir).filter((x) => x.endsWith(".ts") && !x.endsWith(".test.ts"))) {
      const text = readFileSync(dir + f, "utf8");
      expect(text, f).not.toMatch(/\._zod\b|\b_zod\s*:|received undefined|Invalid input/);
    }
  });

  it("a missing value without a message of its own is REQUIRED_MESSAGE, through the per-parse error map", () => {
    const r = z.object({ a: z.number() }).safeParse({}, PARSE_OPTIONS);
    expect(r.success).toBe(false);
    expect(r.error!.issues.map((i) => [i.path, i.message])).toEqual([[["a"], REQUIRED_MESSAGE]]);
    expect(
      parseDesign(
        "archsim: 1\ncomponents:\n  s: { kind: service, operations: { o: { work: { normal: { mean: 1ms } } } } }\n",
      ).errors.map((e) => `${e.path}: ${e.message}`),
    ).toEqual(["components.s.operations.o.work.normal.sd: sd is required"]);
  });

  it("getIssueFacts reads an issue's code and keys, also of an issue re-raised from a nested parse", () => {
    const strict = z.strictObject({ a: z.number() });
    const direct = strict.safeParse({ a: 1, b: 2, c: 3 }).error!.issues[0]!;
    expect(getIssueFacts(direct)).toEqual({ code: "unrecognized_keys", keys: ["b", "c"], atKey: false });
    const nested = distributionSchema.safeParse({ normal: { mean: 1, sd: 1, sdd: 2 } }).error!.issues[0]!;
    expect(nested.code).toBe("custom");
    expect(getIssueFacts(nested)).toEqual({ code: "unrecognized_keys", keys: ["sdd"], atKey: false });
    expect(nested.path).toEqual(["normal"]);
  });
});
