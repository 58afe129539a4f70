/** Cross-checks of the format's Validation section that the corpus does not pin down. */
import { describe, expect, it } from "vitest";
import type { DesignDiagnostic } from "./diagnostics";
import { parseDesign } from "./parse";
import type { Step } from "./schema";
import { FAN_OUT_WARNING, walkSteps } from "./validate";

const at = (d: DesignDiagnostic) => `${d.line}:${d.col} ${d.path}: ${d.message}`;
const messages = (text: string) => parseDesign(text).errors.map((e) => e.message);

/** Services in flow style, one per line: `name: op1 -> a.b, c.d; op2` */
function services(spec: Record<string, Record<string, string[]>>): string {
  let out = "archsim: 1\ncomponents:\n";
  for (const [svc, ops] of Object.entries(spec)) {
    const body = Object.entries(ops)
      .map(([op, calls]) => `${op}: { steps: [${calls.map((c) => ` { call: ${c} }`).join(",")} ] }`)
      .join(", ");
    out += `  ${svc}: { kind: service, operations: { ${body} } }\n`;
  }
  return out;
}

describe("cycles of sync calls", () => {
  it("names the cycle in full, from where it closes, even when entered from outside it", () => {
    const text = services({
      entry: { start: ["alpha.one"] },
      alpha: { one: ["beta.two"] },
      beta: { two: ["gamma.three"] },
      gamma: { three: ["alpha.one"] },
    });
    expect(messages(text)).toEqual(["a cycle of sync calls: alpha.one → beta.two → gamma.three → alpha.one"]);
  });

  it("reports each separate cycle once", () => {
    const text = services({
      a: { one: ["b.two"], other: ["c.x"] },
      b: { two: ["a.one"] },
      c: { x: ["d.y"] },
      d: { y: ["c.x"] },
    });
    expect(messages(text).sort()).toEqual([
      "a cycle of sync calls: a.one → b.two → a.one",
      "a cycle of sync calls: c.x → d.y → c.x",
    ]);
  });

  it("is not fooled by a diamond (two paths to one operation are not a cycle)", () => {
    const text = services({
      a: { one: ["b.two", "c.three"] },
      b: { two: ["d.four"] },
      c: { three: ["d.four"] },
      d: { four: [] },
    });
    expect(parseDesign(text).errors).toEqual([]);
    expect(parseDesign(text).warnings).toEqual([]);
  });

  it("ignores calls that are errors themselves (to a missing operation)", () => {
    const text = services({ a: { one: ["b.nope"] }, b: { two: ["a.one"] } });
    expect(messages(text)).toEqual(['service "b" has no operation "nope"; it has two']);
  });

  it("does not count publish as a sync call (a publish loop is a warning, not a cycle error)", () => {
    const r = parseDesign(`archsim: 1
components:
  bus: { kind: broker }
  a:
    kind: service
    operations:
      one: { steps: [ { publish: t.a } ] }
    subscribes: { t.b: one }
  b:
    kind: service
    operations:
      two: { steps: [ { publish: t.b } ] }
    subscribes: { t.a: two }
`);
    expect(r.errors).toEqual([]);
    expect(r.warnings.map(at)).toEqual([
      "12:34 components.b.operations.two.steps[0].publish: messages loop: t.a → t.b → t.a (each topic's handler publishes the next, itself or through its calls): every message brings another, forever",
    ]);
  });
});

describe("references", () => {
  const base = `archsim: 1
components:
  web: { kind: client }
  gateway: { kind: gateway, routes: { POST /orders: order.create } }
  orders-db: { kind: database }
  order-cache: { kind: cache }
  order:
    kind: service
    operations:
      create: { http: POST /orders }
`;

  it("suggests a component of the kind the reference needs, not just the nearest id", () => {
    const text = `${base}  order-svc:
    kind: service
    operations:
      op:
        steps:
          - query: order
          - cache: order-cach
          - call: orders-d.create
          - call: ordr.create
`;
    expect(messages(text)).toEqual([
      'query needs a database; "order" is a service',
      'cache "order-cach" does not exist (did you mean "order-cache"?)',
      'service "orders-d" does not exist',
      'service "ordr" does not exist (did you mean "order"?)',
    ]);
  });

  it("a service cannot depend on itself; dependsOn names a config, registry, database, broker or service", () => {
    const text = `${base}  x:\n    kind: service\n    dependsOn: [x, orders-db, order-cache, web, gateway]\n    operations: { op: {} }\n`;
    expect(messages(text)).toEqual([
      '"x" cannot depend on itself',
      'dependsOn may name a config, registry, database, broker or service; "order-cache" is a cache',
      'dependsOn may name a config, registry, database, broker or service; "web" is a client',
      'dependsOn may name a config, registry, database, broker or service; "gateway" is a gateway',
    ]);
  });

  it("a route to a component that is not a service, or to a missing service", () => {
    const text = base.replace(
      "routes: { POST /orders: order.create }",
      "routes: { POST /orders: order.create, GET /x: orders-db.get, GET /y: ordr.create }",
    );
    expect(messages(text)).toEqual([
      '"orders-db" is a database, not a service: only services have operations',
      'service "ordr" does not exist (did you mean "order"?)',
    ]);
  });

  it("subscribing without exactly one broker", () => {
    const text = `${base}  shipping:\n    kind: service\n    operations: { ship: {} }\n    subscribes: { order.created: ship }\n`;
    expect(parseDesign(text).errors.map(at)).toEqual([
      '14:19 components.shipping.subscribes["order.created"]: subscribing needs exactly one broker in the design; it has none',
    ]);
  });

  it("a workload entry that is a service without an operation, or not a valid target", () => {
    expect(messages(`${base}workloads:\n  w: { entry: order, rate: 1 }\n`)).toEqual([
      'entry must be a gateway or <service>.<operation>; "order" is a service',
    ]);
    expect(messages(`${base}workloads:\n  w: { entry: Order.Create, rate: 1 }\n`)).toEqual([
      'invalid entry "Order.Create": expected a gateway id or <service>.<operation>',
    ]);
  });

  it("mix: a route may be left out (weight 0); the sum is checked within 1e-6", () => {
    const two = base
      .replace(
        "routes: { POST /orders: order.create }",
        'routes: { POST /orders: order.create, "GET /orders/{id}": order.get }',
      )
      .replace(
        "create: { http: POST /orders }",
        'create: { http: POST /orders }\n      get: { http: "GET /orders/{id}" }',
      );
    expect(messages(`${two}workloads:\n  w: { entry: gateway, rate: 1, mix: { POST /orders: 1 } }\n`)).toEqual([]);
    expect(
      messages(
        `${two}workloads:\n  w: { entry: gateway, rate: 1, mix: { POST /orders: 0.1, "GET /orders/{id}": 0.90001 } }\n`,
      ),
    ).toEqual(["mix weights must sum to 1; they sum to 1.00001"]);
    expect(
      messages(
        `${two}workloads:\n  w: { entry: gateway, rate: 1, mix: { POST /orders: 0.1, "GET /orders/{id}": 0.9000001 } }\n`,
      ),
    ).toEqual([]);
    expect(
      messages(
        `${two}workloads:\n  w: { entry: gateway, rate: 1, mix: { POST /orders: 0.7, "GET /orders/{id}": 0.2, GET /products: 0.1 } }\n`,
      ),
    ).toEqual(['"GET /products" is not a route of gateway "gateway"; its routes are POST /orders, GET /orders/{id}']);
  });

  it("fault targets: crash takes any component but a client; replicas only for a service; partition any two", () => {
    const scenario = (fault: string) =>
      `${base}workloads:\n  w: { entry: order.create, rate: 1 }\nscenarios:\n  s:\n    workload: w\n    duration: 1m\n    faults: [ ${fault} ]\n`;
    expect(messages(scenario("{ at: 0, kind: crash, target: gateway }"))).toEqual([]);
    expect(messages(scenario("{ at: 0, kind: crash, target: orders-db, replicas: 1 }"))).toEqual([
      'replicas applies only to a service; "orders-db" is a database',
    ]);
    expect(messages(scenario("{ at: 0, kind: latency, target: orders-db, add: 5ms }"))).toEqual([]);
    expect(messages(scenario("{ at: 0, kind: latency, target: order-cache, add: 5ms }"))).toEqual([
      'a latency fault takes a service or a database; "order-cache" is a cache',
    ]);
    expect(messages(scenario("{ at: 0, kind: partition, between: [web, order-cache] }"))).toEqual([]);
    expect(messages(scenario("{ at: 0, kind: partition, between: [web, ordr] }"))).toEqual([
      'component "ordr" does not exist (did you mean "order"?)',
    ]);
    expect(messages(scenario("{ at: 0, kind: errors, target: ordr, probability: 1 }"))).toEqual([
      'component "ordr" does not exist (did you mean "order"?)',
    ]);
  });

  it("a scenario may name a workload that failed the schema without a second error", () => {
    const text = `${base}workloads:\n  w: { entry: order.create, rate: -1 }\nscenarios:\n  s: { workload: w, duration: 1m }\n`;
    expect(messages(text)).toEqual(["rate cannot be negative (got -1)"]);
  });

  it("a design without workloads or scenarios, and a client no workload names, are valid", () => {
    const r = parseDesign(base);
    expect(r.errors).toEqual([]);
    expect(r.warnings).toEqual([]);
  });
});

describe("walkSteps", () => {
  it("visits every step depth first, through parallel, branch and cache misses, with paths", () => {
    const d = parseDesign(`archsim: 1
components:
  db: { kind: database }
  kv: { kind: cache }
  s:
    kind: service
    operations:
      op:
        steps:
          - parallel: [ { query: db }, { cache: kv, miss: [ { query: db } ] } ]
          - branch: [ { weight: 1, steps: [ { query: db } ] }, { weight: 1, steps: [] } ]
`).design!;
    const op = d.components.s!.kind === "service" ? d.components.s!.operations.op! : undefined;
    const seen: string[] = [];
    walkSteps(op!.steps, ["steps"], (step: Step, path) => seen.push(`${path.join("/")}:${Object.keys(step)[0]}`));
    expect(seen).toEqual([
      "steps/0:parallel",
      "steps/0/parallel/0:query",
      "steps/0/parallel/1:cache",
      "steps/0/parallel/1/miss/0:query",
      "steps/1:branch",
      "steps/1/branch/0/steps/0:query",
    ]);
  });
});

describe("message loops", () => {
  const design = (handlers: string) => `archsim: 1
components:
  bus: { kind: broker }
${handlers}`;

  it("warns at the publish step when a handler publishes its own topic", () => {
    const r = parseDesign(
      design(`  a:
    kind: service
    operations:
      on: { steps: [ { publish: t.a } ] }
    subscribes: { t.a: on }
`),
    );
    expect(r.errors).toEqual([]);
    expect(r.warnings.map(at)).toEqual([
      "7:33 components.a.operations.on.steps[0].publish: messages loop: t.a → t.a (each topic's handler publishes the next, itself or through its calls): every message brings another, forever",
    ]);
  });

  it("follows sync calls from a handler to the publish that closes the loop", () => {
    const r = parseDesign(
      design(`  a:
    kind: service
    operations:
      on: { steps: [ { call: b.work } ] }
    subscribes: { t.a: on }
  b:
    kind: service
    operations:
      work: { steps: [ { parallel: [ { publish: t.b } ] } ] }
  c:
    kind: service
    operations:
      on: { steps: [ { publish: t.a } ] }
    subscribes: { t.b: on }
`),
    );
    expect(r.errors).toEqual([]);
    expect(r.warnings.map((w) => `${w.line}:${w.col} ${w.path}`)).toEqual([
      "12:49 components.b.operations.work.steps[0].parallel[0].publish",
    ]);
    expect(r.warnings[0]!.message).toContain("messages loop: t.a → t.b → t.a");
  });

  it("does not warn about a chain of topics that ends", () => {
    const r = parseDesign(
      design(`  a:
    kind: service
    operations:
      start: { steps: [ { publish: t.a } ] }
      on: { steps: [ { publish: t.b } ] }
    subscribes: { t.a: on }
  c:
    kind: service
    operations:
      on: {}
    subscribes: { t.b: on }
`),
    );
    expect(r.errors).toEqual([]);
    expect(r.warnings).toEqual([]);
  });
});

describe("fan-out", () => {
  /** A chain of services s0 → s1 → … where each operation makes `call(next)` steps. */
  const chain = (levels: number, call: (next: string) => string) => {
    let out = "archsim: 1\ncomponents:\n  kv: { kind: cache, hitRatio: 0.9 }\n";
    for (let i = 0; i < levels; i++) {
      const steps = i + 1 < levels ? call(`s${i + 1}.op`) : "";
      out += `  s${i}: { kind: service, operations: { op: { steps: [ ${steps} ] } } }\n`;
    }
    return out;
  };
  const tenCalls = (next: string) => Array.from({ length: 10 }, () => `{ call: ${next} }`).join(", ");

  it(`warns where the runs per request first pass ${FAN_OUT_WARNING}, at that operation only`, () => {
    // s1 makes 1 + 10 + 100 + 1,000 = 1,111 runs; s0 makes 1 + 10 × 1,111 = 11,111.
    const r = parseDesign(chain(5, tenCalls));
    expect(r.errors).toEqual([]);
    expect(r.warnings.map(at)).toEqual([
      "4:38 components.s0.operations.op: one run of s0.op makes about 11,111 operation runs through its calls, more than 10,000: calls repeated or in parallel multiply at each level",
    ]);
    expect(parseDesign(chain(4, tenCalls)).warnings).toEqual([]);
  });

  it("counts parallel branches, step probabilities, branch weights and cache hit ratios", () => {
    const parallel = (next: string) => `{ parallel: [ ${tenCalls(next)} ] }`;
    expect(parseDesign(chain(5, parallel)).warnings.map((w) => w.path)).toEqual(["components.s0.operations.op"]);
    // Each call runs half the time: 5 per level, 1 + 5 + 25 + 125 + 625 runs.
    const half = (next: string) => Array.from({ length: 10 }, () => `{ call: ${next}, probability: 0.5 }`).join(", ");
    expect(parseDesign(chain(5, half)).warnings).toEqual([]);
    expect(parseDesign(chain(7, half)).warnings.map((w) => w.path)).toEqual(["components.s0.operations.op"]);
    const branch = (next: string) =>
      `{ branch: [ { weight: 1, steps: [ ${tenCalls(next)} ] }, { weight: 1, steps: [] } ] }`;
    expect(parseDesign(chain(5, branch)).warnings).toEqual([]);
    const miss = (next: string) => `{ cache: kv, miss: [ ${tenCalls(next)}, ${tenCalls(next)} ] }`;
    expect(parseDesign(chain(5, miss)).warnings).toEqual([]);
    expect(parseDesign(chain(6, (n) => `${tenCalls(n)}, ${tenCalls(n)}`)).warnings).toHaveLength(1);
  });
});
