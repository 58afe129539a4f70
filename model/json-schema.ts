import { z } from "zod";
import { designSchema } from "./schema";

const DURATION = {
  description: "A duration: milliseconds, or a number with one of the units us, ms, s, m, h (e.g. 250ms, 1.5s)",
  anyOf: [
    { type: "number", minimum: 0 },
    { type: "string", pattern: "^\\s*[+]?(\\d+(\\.\\d*)?|\\.\\d+)([eE][+-]?\\d+)?(us|ms|s|m|h)\\s*$" },
  ],
};
const one = (key: string, value: unknown) => ({
  type: "object",
  properties: { [key]: value },
  required: [key],
  additionalProperties: false,
});
const obj = (props: Record<string, unknown>, required: string[]) => ({
  type: "object",
  properties: props,
  required,
  additionalProperties: false,
});

const DISTRIBUTION = {
  description: "A duration (constant) or one of exp, uniform, normal, lognormal, erlang, empirical",
  anyOf: [
    { $ref: "#/$defs/duration" },
    one("exp", { $ref: "#/$defs/duration" }),
    one("uniform", {
      type: "array",
      prefixItems: [{ $ref: "#/$defs/duration" }, { $ref: "#/$defs/duration" }],
      minItems: 2,
      maxItems: 2,
    }),
    one("normal", obj({ mean: { $ref: "#/$defs/duration" }, sd: { $ref: "#/$defs/duration" } }, ["mean", "sd"])),
    one(
      "lognormal",
      obj({ median: { $ref: "#/$defs/duration" }, p99: { $ref: "#/$defs/duration" } }, ["median", "p99"]),
    ),
    one("erlang", obj({ k: { type: "integer", minimum: 1 }, mean: { $ref: "#/$defs/duration" } }, ["k", "mean"])),
    one("empirical", { type: "array", items: { $ref: "#/$defs/duration" }, minItems: 1 }),
  ],
};

const common = {
  optional: { type: "boolean", default: false },
  probability: { type: "number", minimum: 0, maximum: 1, default: 1 },
};
const steps = { type: "array", items: { $ref: "#/$defs/step" } };
const STEP = {
  description: "A step: exactly one of call, query, cache, publish, parallel, branch",
  oneOf: [
    obj(
      {
        call: { type: "string", pattern: "^[a-z]([a-z0-9-]{0,61}[a-z0-9])?\\.[a-z][a-zA-Z0-9]{0,62}$" },
        timeout: { $ref: "#/$defs/duration" },
        retries: { type: "object" },
        circuitBreaker: { type: "object" },
        bulkhead: { type: "integer", minimum: 1 },
        ...common,
      },
      ["call"],
    ),
    obj({ query: { type: "string" }, ...common }, ["query"]),
    obj({ cache: { type: "string" }, miss: steps, ...common }, ["cache"]),
    obj({ publish: { type: "string" }, outbox: { type: "boolean", default: false }, ...common }, ["publish"]),
    obj({ parallel: steps, ...common }, ["parallel"]),
    obj(
      {
        branch: {
          type: "array",
          minItems: 1,
          items: obj({ weight: { type: "number", exclusiveMinimum: 0 }, steps }, ["weight", "steps"]),
        },
        ...common,
      },
      ["branch"],
    ),
  ],
};

/**
 * The JSON Schema (draft 2020-12) of the written design, for editors such as Monaco.
 * Cross-reference rules are not expressible there; parseDesign checks them.
 */
export function getDesignJsonSchema(): Record<string, unknown> {
  const schema = z.toJSONSchema(designSchema, {
    io: "input",
    unrepresentable: "any",
    target: "draft-2020-12",
    override: (ctx) => {
      const description = (ctx.jsonSchema as { description?: string }).description;
      // The transforms of units and steps have no JSON shape of their own: describe their input.
      if (description === DURATION.description) replace(ctx.jsonSchema, { $ref: "#/$defs/duration" });
      else if (description === DISTRIBUTION.description) replace(ctx.jsonSchema, { $ref: "#/$defs/distribution" });
      else if (description === STEP.description) replace(ctx.jsonSchema, { $ref: "#/$defs/step" });
    },
  }) as Record<string, unknown>;
  // A deep copy: describeFields writes into it, and no node may be shared by two fields
  // (the constants above are shared between calls, and zod may reuse a node it inlines).
  const result = JSON.parse(
    JSON.stringify({
      ...schema,
      $id: "https://archsim.dev/schema/design-v1.json",
      title: "archsim design (format version 1)",
      $defs: { ...((schema.$defs as object) ?? {}), duration: DURATION, distribution: DISTRIBUTION, step: STEP },
    }),
  ) as JsonObject;
  describeFields(result);
  return result;
}

function replace(target: Record<string, unknown>, value: Record<string, unknown>): void {
  for (const k of Object.keys(target)) delete target[k];
  Object.assign(target, value);
}

type JsonObject = Record<string, unknown>;

/** What each field means, from docs/design-format.md, by where it appears (a kind, or a part such as retries). */
const FIELD_DOCS: Record<string, Record<string, string>> = {
  design: {
    archsim: "Format version: the number 1. Any other value is an error.",
    name: "The design's name (at most 200 characters), shown in the app and used by generators.",
    description: "Free text (at most 10,000 characters).",
    network:
      "The network: `latency`, the one-way latency of every hop between two components. Default `{ latency: 0 }`.",
    components:
      "The system: a mapping of component id (a DNS label such as `orders-db`) to component. Required; may be `{}`.",
    workloads: "Traffic: a mapping of workload name to workload. Default `{}`.",
    scenarios:
      "Runs: a mapping of scenario name to scenario (a workload, a duration and faults). A design without scenarios cannot be simulated.",
    layout:
      "Canvas positions: a mapping of component id to `{ x, y, width?, height? }`. Ignored by the simulator and generators.",
  },
  network: { latency: "One-way latency of every hop between two components: a distribution. Default 0." },
  component: {
    kind: "The component's kind: client, gateway, service, broker, registry, config, observability, database or cache. Required.",
    label: "Display name on the canvas (at most 200 characters).",
    description: "Free text (at most 10,000 characters).",
    tech: "Technology shown on the canvas and used by generators (at most 100 characters): fastify, postgres, rabbitmq, …",
  },
  gateway: {
    routes:
      "What each route calls: a mapping of route (`GET /orders/{id}`) to `<service>.<operation>`; the target operation's `http` must equal the route. Required (may be empty).",
    concurrency: "Slots: requests the gateway holds at once, an integer ≥ 1. Default: unbounded.",
    queue:
      "Requests waiting for a slot, an integer ≥ 0; when full, a request is rejected with 503. Default: unbounded.",
    overhead: "Processing per request (auth, routing, TLS): a distribution. Default 0.",
    rateLimit:
      "Token bucket: `rps` > 0 refill rate, `burst` (integer ≥ 1) capacity; excess requests get 429. Default: none.",
    resilience: "Timeout, retries, circuit breaker and bulkhead for the gateway's call to each route's operation.",
    slos: "Service level objectives of its routes: a mapping of route to `{ p99?, errorBudget? }`. Judges a run's result; changes nothing in it. Default: none.",
  },
  service: {
    replicas: "Initial replica count, an integer ≥ 1 (clamped to autoscale [min, max]). Default 1.",
    concurrency: "Slots per replica: requests one replica holds at once, an integer ≥ 1. Default 16.",
    queue: "Waiting requests per replica, an integer ≥ 0; when full, 503; 0 means no waiting. Default: unbounded.",
    balancer: "How callers pick a replica: round-robin, least-outstanding or random. Default round-robin.",
    coldStart: "Time from (re)start to serving: a duration. Default 0.",
    dependsOn:
      "Component ids a replica needs: it starts only while these are up (config, registry, database, broker or service components). Default [].",
    resilience: "Timeout, retries, circuit breaker and bulkhead for every outgoing `call` step of this service.",
    autoscale: "Replica count driven by utilization: `{ min, max, targetUtilization?, interval?, coldStart? }`.",
    operations: "What the service does: a mapping of operation id (`create`, `getById`) to operation. At least one.",
    subscribes:
      "Message handling: a mapping of topic to the operation id run once per message of that topic. Default {}.",
  },
  broker: {
    flavor: "Which client the generators emit: rabbitmq or kafka (both are simulated alike). Default rabbitmq.",
    publishLatency: "Broker-side time to accept a publish; the publisher waits for it. A distribution, default 0.",
    deliveryLatency: "Time from enqueue to hand-over to a consumer. A distribution, default 0.",
    durable: "Whether copies survive a broker crash (false: they are lost). Default true.",
  },
  registry: { detection: "How long until a dead replica stops receiving calls: a duration. Default 0." },
  config: {
    fetchLatency: "Added to the start of each replica that has this config in `dependsOn`. A distribution, default 0.",
  },
  observability: {
    overhead: "Added to the `work` of every operation of every service. A distribution, default 0.",
    sampling: "Share of requests whose traces are kept for the trace view: a probability in [0, 1]. Default 1.",
  },
  database: {
    pool: "Concurrent queries of all callers together, an integer ≥ 1; more wait FIFO. Default: unbounded.",
    queryTime: "Time one query holds a connection. A distribution, default 0.",
  },
  cache: {
    hitRatio: "Probability that a lookup is a hit, in [0, 1]. Default 0.",
    latency: "Time of one lookup, hit or miss. A distribution, default 0.",
  },
  rateLimit: {
    rps: "Refill rate of the token bucket, in requests per second (> 0). Required.",
    burst: "Capacity of the token bucket, an integer ≥ 1. Default: one second of tokens, ceil(rps).",
  },
  resilience: {
    timeout:
      "Per attempt, measured at the caller, network both ways included: a duration > 0, at most 1h. Default: none.",
    retries: "Retries of a failed attempt: `{ max, backoff?, jitter? }`. Default: none.",
    circuitBreaker:
      "A circuit breaker per callee: `{ failureRate?, window?, openFor?, halfOpenProbes? }`; `{}` gives the defaults. Default: none.",
    bulkhead: "Concurrent calls from one caller replica to one callee service, an integer ≥ 1. Default: none.",
  },
  retries: {
    max: "Number of retries, an integer ≥ 0: `max: 2` means at most 3 attempts. Required.",
    backoff: "Base wait: before retry i the wait is backoff·2^(i−1). A duration, default 0.",
    jitter: "Wait uniformly on [0, that wait] instead. Default false.",
  },
  circuitBreaker: {
    failureRate: "Opens when failures / window ≥ this: a number in (0, 1]. Default 0.5.",
    window: "The last N completed attempts it counts (a count, not a time), an integer ≥ 1. Default 20.",
    openFor: "Time open before half-open: a duration. Default 10s.",
    halfOpenProbes: "Trial calls let through when half-open, an integer ≥ 1. Default 1.",
  },
  autoscale: {
    min: "Lower bound of the replica count, an integer ≥ 1. Required.",
    max: "Upper bound of the replica count, an integer ≥ 1 (not below min). Required.",
    targetUtilization: "The utilization the autoscaler aims at: a number in (0, 1]. Default 0.7.",
    interval: "Evaluation period: a duration from 1s to 1h. Default 15s.",
    coldStart: "Start-up time of replicas the autoscaler adds: a duration. Default: the service's coldStart.",
  },
  operation: {
    http: "The route the operation serves (`POST /orders`); a gateway route to it must be equal. Default: none.",
    work: "The operation's own processing, holding a slot: a distribution. Default 0.",
    errorRate: "Probability that an attempt fails on its own, in [0, 1]. Default 0.",
    steps: "Steps run in order after `work`, still holding the slot. Default [].",
    description: "Free text.",
  },
  step: {
    call: "A synchronous request/response to `<service>.<operation>`.",
    timeout: "This call's timeout per attempt, replacing the service's: a duration > 0.",
    retries: "This call's retries `{ max, backoff?, jitter? }`, replacing the service's.",
    circuitBreaker: "This call's circuit breaker, replacing the service's.",
    bulkhead: "This call's bulkhead (concurrent calls from one replica), replacing the service's.",
    query: "One query to a database: waits FIFO for a connection of its `pool`, holds it for `queryTime`.",
    cache: "A lookup in a cache: pays its `latency`; with probability `hitRatio` that is all, otherwise `miss` runs.",
    miss: "Steps run when the cache lookup misses. Default [].",
    publish: "Publishes a message of this topic to the design's one broker.",
    outbox: "Succeed at once and send the copy when the broker can take it. Default false.",
    parallel: "Steps run all at once; done when all are done, failed at the first non-optional failure.",
    branch: "Alternatives `{ weight, steps }`: exactly one runs, chosen by weight.",
    optional: "A failure of this step does not fail the operation. Default false.",
    probability: "The step runs only with this probability, in [0, 1] (otherwise it is skipped). Default 1.",
  },
  branch: {
    weight: "Relative weight of this alternative, a positive number (92 and 8 mean 92% and 8%). Required.",
    steps: "The steps of this alternative. Required.",
  },
  workload: {
    source: "The client drawn as the origin of the traffic (display only): a client id.",
    entry: "Where requests arrive: a gateway id or `<service>.<operation>`. Required.",
    arrivals: "The arrival process: poisson or constant. Default poisson.",
    rate: "A constant rate in requests per second, ≥ 0. Exactly one of rate and profile.",
    profile:
      "A piecewise-linear rate: a list of [time, rps] points from time 0, times increasing. Exactly one of rate and profile.",
    mix: "For a gateway entry (required there, forbidden otherwise): a mapping of route to weight; weights sum to 1.",
    clientLatency: "One-way latency between the clients and the entry, paid both ways. A distribution, default 0.",
    slo: "For a `<service>.<operation>` entry: its service level objective `{ p99?, errorBudget? }`. Default: none.",
    description: "Free text.",
  },
  slo: {
    p99: "The p99 latency target of the route's succeeded requests: a duration > 0. The route passes while its p99 is at most this.",
    errorBudget:
      "The share of the route's requests that may fail or be rejected, a probability in [0, 1] (0.001 is 0.1%).",
  },
  scenario: {
    workload: "The traffic: a workload name. Required.",
    duration: "The whole run, warm-up included: a duration > 0 (write 300s, not 300). Required.",
    warmup: "Requests arriving before this are simulated but not counted; shorter than duration. Default 0.",
    faults: "What breaks, and when: a list of faults. Default [].",
    description: "Free text.",
  },
  fault: {
    kind: "What happens: crash, latency, errors, slowdown or partition. Required.",
    at: "Start time, from the start of the run: a duration. Required.",
    for: "How long it lasts: a duration > 0. Default: until the end.",
    target: "The component the fault hits: a component id.",
  },
  crash: {
    target: "The component that stops (any but a client); it restarts at the end.",
    replicas: "For a service target: how many replicas stop, an integer ≥ 1. Default: all.",
  },
  latency: {
    target: "A service or a database whose every operation (or query) gets `add` added.",
    add: "Latency added to every operation or query of the target: a distribution. Required.",
  },
  errors: {
    target: "A service whose every attempt gets a failure probability added.",
    probability: "The failure probability added to every attempt, in [0, 1]. Required.",
  },
  slowdown: {
    target: "A service whose `work` is multiplied by `factor`.",
    factor: "Multiplies the target's `work`: a number > 0. Required.",
  },
  partition: { between: "Two different components `[a, b]`: every interaction between them fails at once." },
  layout: {
    x: "Horizontal position on the canvas, a finite number. Required.",
    y: "Vertical position on the canvas, a finite number. Required.",
    width: "Width on the canvas, a number ≥ 0.",
    height: "Height on the canvas, a number ≥ 0.",
  },
  distribution: {
    exp: "Exponential with this mean (> 0): `{ exp: 5ms }`.",
    uniform: "Uniform on [min, max]: `{ uniform: [200us, 800us] }`.",
    normal: "Normal `{ mean, sd }`; negative draws are redrawn.",
    lognormal: "Lognormal given by its median and 99th percentile: `{ lognormal: { median: 2ms, p99: 15ms } }`.",
    erlang: "Sum of k exponential phases: `{ erlang: { k: 4, mean: 8ms } }`.",
    empirical: "One of the listed durations, each equally likely: `{ empirical: [3ms, 4ms, 30ms] }`.",
  },
  normal: { mean: "Mean, a duration ≥ 0.", sd: "Standard deviation, a duration ≥ 0." },
  lognormal: { median: "Median, a duration > 0.", p99: "99th percentile, a duration ≥ median." },
  erlang: { k: "Number of exponential phases, an integer ≥ 1.", mean: "Mean of the whole, a duration > 0." },
};

/** What the entries of the top level's and a service's mappings are. */
const ENTRY_DOCS = {
  component: "A component: a mapping with a `kind` and that kind's fields.",
  workload: "A workload: a stream of requests (`entry` and one of `rate` and `profile`).",
  scenario: "A scenario: one simulation run of a workload, for a duration, with faults.",
  layout: "A canvas position `{ x, y, width?, height? }` of the component with this id.",
  operation: "An operation: one thing the service does (`http`, `work`, `steps`).",
  route: "The `<service>.<operation>` this route calls.",
  subscription: "The operation id run once per message of this topic.",
  mix: "The probability that a request takes this route, in [0, 1].",
  slo: "This route's service level objective: `{ p99?, errorBudget? }`, one or both.",
  fault: "A fault: `kind`, `at`, `for` and the kind's fields.",
};

/** Adds each field's meaning as its `description`, where the format says what the field is. */
function describeFields(root: JsonObject): void {
  const get = (node: unknown, ...path: string[]): JsonObject => {
    let n = node as JsonObject;
    for (const key of path) n = (n[key] as JsonObject | undefined) ?? {};
    return n;
  };
  const describe = (node: JsonObject, ...scopes: string[]) => {
    const properties = (node.properties ?? {}) as Record<string, JsonObject>;
    for (const [key, prop] of Object.entries(properties)) {
      const doc = scopes.map((s) => FIELD_DOCS[s]?.[key]).find((d) => d !== undefined);
      if (doc !== undefined) prop.description = doc;
    }
  };
  const entries = (node: JsonObject, doc: string) => {
    const value = node.additionalProperties as JsonObject | undefined;
    if (value && typeof value === "object") value.description = doc;
  };
  const kindOf = (variant: JsonObject) => get(variant, "properties", "kind").const as string;

  const top = get(root, "properties");
  describe(root, "design");
  describe(get(top, "network"), "network");
  const components = get(top, "components");
  entries(components, ENTRY_DOCS.component);
  for (const variant of (get(components, "additionalProperties").oneOf ?? []) as JsonObject[]) {
    const kind = kindOf(variant);
    describe(variant, kind, "component");
    const fields = get(variant, "properties");
    describe(get(fields, "rateLimit"), "rateLimit");
    describe(get(fields, "resilience"), "resilience");
    describe(get(fields, "resilience", "properties", "retries"), "retries");
    describe(get(fields, "resilience", "properties", "circuitBreaker"), "circuitBreaker");
    describe(get(fields, "autoscale"), "autoscale");
    entries(get(fields, "operations"), ENTRY_DOCS.operation);
    describe(get(fields, "operations", "additionalProperties"), "operation");
    entries(get(fields, "routes"), ENTRY_DOCS.route);
    entries(get(fields, "slos"), ENTRY_DOCS.slo);
    describe(get(fields, "slos", "additionalProperties"), "slo");
    entries(get(fields, "subscribes"), ENTRY_DOCS.subscription);
  }
  const workloads = get(top, "workloads");
  entries(workloads, ENTRY_DOCS.workload);
  describe(get(workloads, "additionalProperties"), "workload");
  entries(get(workloads, "additionalProperties", "properties", "mix"), ENTRY_DOCS.mix);
  describe(get(workloads, "additionalProperties", "properties", "slo"), "slo");
  const scenarios = get(top, "scenarios");
  entries(scenarios, ENTRY_DOCS.scenario);
  describe(get(scenarios, "additionalProperties"), "scenario");
  const faults = get(scenarios, "additionalProperties", "properties", "faults", "items");
  faults.description = ENTRY_DOCS.fault;
  for (const variant of (faults.oneOf ?? []) as JsonObject[]) describe(variant, kindOf(variant), "fault");
  entries(get(top, "layout"), ENTRY_DOCS.layout);
  describe(get(top, "layout", "additionalProperties"), "layout");

  const defs = get(root, "$defs");
  for (const variant of (get(defs, "distribution").anyOf ?? []) as JsonObject[]) {
    describe(variant, "distribution");
    for (const [key, inner] of Object.entries(get(variant, "properties"))) describe(inner as JsonObject, key);
  }
  for (const variant of (get(defs, "step").oneOf ?? []) as JsonObject[]) {
    describe(variant, "step");
    describe(get(variant, "properties", "branch", "items"), "branch");
  }
}
