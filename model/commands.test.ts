import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import {
  applyDesignChange,
  createFieldReader,
  DesignChangeError,
  parseFieldInput,
  readDesignField,
  type DesignChange,
} from "./commands";
import { diffLines } from "./line-diff";
import { parseDesign } from "./parse";
import type { Design } from "./schema";

function run(text: string, ...changes: DesignChange[]): string {
  for (const c of changes) text = applyDesignChange(text, c).text;
  return text;
}

function valid(text: string): Design {
  const { design, errors } = parseDesign(text);
  expect(errors).toEqual([]);
  return design!;
}

/** Every call target, query, cache and publish of an operation's steps, nested ones included, in order. */
function stepRefs(design: Design, service: string, op: string): string[] {
  const out: string[] = [];
  const walk = (steps: readonly unknown[]): void => {
    for (const s of steps as Record<string, unknown>[]) {
      for (const k of ["call", "query", "cache", "publish"]) if (typeof s[k] === "string") out.push(`${k} ${s[k]}`);
      if (Array.isArray(s.parallel)) walk(s.parallel);
      if (Array.isArray(s.miss)) walk(s.miss);
      if (Array.isArray(s.branch)) for (const b of s.branch as { steps: unknown[] }[]) walk(b.steps);
    }
  };
  const comp = design.components[service] as { operations: Record<string, { steps: unknown[] }> };
  walk(comp.operations[op]!.steps);
  return out;
}

const EMPTY = "archsim: 1\nname: Shop\ncomponents: {}\n";

describe("applyDesignChange: drawing a design", () => {
  it("builds the e-commerce core from an empty design, each connection the format's own construct", () => {
    let text = EMPTY;
    const step = (c: DesignChange) => {
      const r = applyDesignChange(text, c);
      text = r.text;
      return r;
    };
    expect(step({ type: "addComponent", kind: "gateway", at: { x: 0, y: 100 } }).select).toBe("gateway");
    expect(step({ type: "addComponent", kind: "service", id: "order", at: { x: 240, y: 100 } }).select).toBe("order");
    step({ type: "addComponent", kind: "service", id: "inventory" });
    step({ type: "addComponent", kind: "service", id: "payment" });
    step({ type: "addComponent", kind: "broker" });
    step({ type: "addComponent", kind: "database", id: "orders-db" });
    step({ type: "addComponent", kind: "client", id: "web" });
    expect(
      step({ type: "connect", source: "gateway", target: "order", targetOperation: "create", route: "POST /orders" })
        .summary,
    ).toBe("Connected gateway → order (route POST /orders)");
    step({ type: "connect", source: "order", target: "inventory", operation: "create", targetOperation: "reserve" });
    step({ type: "connect", source: "order", target: "orders-db", operation: "create" });
    step({ type: "connect", source: "order", target: "broker", operation: "create", topic: "order.created" });
    step({ type: "connect", source: "broker", target: "payment", targetOperation: "charge" });
    expect(step({ type: "connect", source: "web", target: "gateway" }).summary).toBe(
      "Connected web → gateway (workload web, 100 requests/s)",
    );

    const d = valid(text);
    expect(Object.keys(d.components).sort()).toEqual([
      "broker",
      "gateway",
      "inventory",
      "order",
      "orders-db",
      "payment",
      "web",
    ]);
    expect(d.components.gateway).toMatchObject({ kind: "gateway", routes: { "POST /orders": "order.create" } });
    expect((d.components.order as { operations: Record<string, { http?: string }> }).operations.create!.http).toBe(
      "POST /orders",
    );
    expect(stepRefs(d, "order", "create")).toEqual([
      "call inventory.reserve",
      "query orders-db",
      "publish order.created",
    ]);
    expect(d.components.payment).toMatchObject({ subscribes: { "order.created": "charge" } });
    expect(d.workloads.web).toMatchObject({ source: "web", entry: "gateway", mix: { "POST /orders": 1 } });
    expect(d.layout).toEqual({ gateway: { x: 0, y: 100 }, order: { x: 240, y: 100 } });
  });

  it("names new components after their kind, numbering repeats", () => {
    const text = run(
      EMPTY,
      { type: "addComponent", kind: "service" },
      { type: "addComponent", kind: "service" },
      { type: "addComponent", kind: "observability" },
    );
    expect(Object.keys(valid(text).components)).toEqual(["service", "service-2", "telemetry"]);
    // The empty `components: {}` became a block: one component per line, not one long flow line.
    expect(text).toContain("\ncomponents:\n  service:\n    kind: service\n");
    // A design without layout loses a component cleanly too.
    expect(Object.keys(valid(run(text, { type: "removeComponents", ids: ["service"] })).components)).toEqual([
      "service-2",
      "telemetry",
    ]);
  });

  it("gives a gateway with several routes a workload whose mix sums to exactly 1", () => {
    let text = run(
      EMPTY,
      { type: "addComponent", kind: "gateway", id: "gw" },
      { type: "addComponent", kind: "service", id: "a" },
      { type: "addComponent", kind: "client", id: "app" },
    );
    for (const r of ["GET /a", "POST /a", "PUT /a"])
      text = run(text, {
        type: "connect",
        source: "gw",
        target: "a",
        targetOperation: r.split(" ")[0]!.toLowerCase(),
        route: r,
      });
    text = run(text, { type: "connect", source: "app", target: "gw" });
    const mix = valid(text).workloads.app!.mix!;
    expect(mix).toEqual({ "GET /a": 0.333333, "POST /a": 0.333333, "PUT /a": 0.333334 });
  });
});

const COMMENTED = `# The shop: hand-written, with comments the app must keep.
archsim: 1
name: Shop   # shown in the title

components:
  # the front door
  gateway:
    kind: gateway
    routes:
      POST /orders: order.create   # the only route
  order:
    kind: service
    replicas: 2        # two of them
    dependsOn: [config]
    operations:
      create:
        http: POST /orders
        work: 2ms
        steps:
          - call: inventory.reserve   # sync
            timeout: 200ms
          - parallel:
              - { call: inventory.check }
              - cache: geo
                miss: [ { query: db } ]
          - branch:
              - weight: 1
                steps: [ { call: inventory.reserve } ]
  inventory:
    kind: service
    operations:
      reserve: { work: 1ms }
      check: { work: 1ms }
  geo: { kind: cache, hitRatio: 0.5 }
  db: { kind: database }
  config: { kind: config }
  web: { kind: client }

workloads:
  # peak traffic
  peak: { source: web, entry: gateway, rate: 10, mix: { POST /orders: 1 } }
  direct: { entry: inventory.reserve, rate: 5 }

scenarios:
  sale: { workload: peak, duration: 10s, faults: [ { at: 1s, kind: crash, target: inventory }, { at: 2s, kind: partition, between: [order, inventory] } ] }
  batch: { workload: direct, duration: 10s }

layout:
  inventory: { x: 10, y: 20 }
`;

describe("applyDesignChange: keeping the user's text", () => {
  it("changes only what the command touches: every comment and the untouched lines survive", () => {
    valid(COMMENTED);
    const after = run(COMMENTED, { type: "set", path: ["components", "order", "replicas"], value: 3 });
    const before = COMMENTED.split("\n");
    const lines = after.split("\n");
    expect(lines.length).toBe(before.length);
    const changed = lines.flatMap((l, i) => (l === before[i] ? [] : [[before[i], l]]));
    expect(changed).toEqual([["    replicas: 2        # two of them", "    replicas: 3        # two of them"]]);
  });

  it("renames a component and every reference to it, keeping comments and key order", () => {
    const after = run(COMMENTED, { type: "renameComponent", from: "inventory", to: "stock" });
    const d = valid(after);
    expect(Object.keys(d.components)).toEqual(["gateway", "order", "stock", "geo", "db", "config", "web"]);
    expect(stepRefs(d, "order", "create")).toEqual([
      "call stock.reserve",
      "call stock.check",
      "cache geo",
      "query db",
      "call stock.reserve",
    ]);
    expect(d.workloads.direct!.entry).toBe("stock.reserve");
    expect(d.scenarios.sale!.faults).toMatchObject([{ target: "stock" }, { between: ["order", "stock"] }]);
    expect(Object.keys(d.layout)).toEqual(["stock"]);
    for (const comment of ["# the front door", "# sync", "# the only route", "# peak traffic", "# two of them"])
      expect(after).toContain(comment);
    expect(after).not.toMatch(/inventory/);
    // Only the lines that named inventory changed; the rest are as the user wrote them, spacing included.
    const before = COMMENTED.split("\n");
    const lines = after.split("\n");
    expect(lines.length).toBe(before.length);
    const changed = before.filter((l, i) => l !== lines[i]);
    expect(changed.length).toBe(before.filter((l) => l.includes("inventory")).length);
    expect(changed.every((l) => l.includes("inventory"))).toBe(true);
  });

  it("removes a component with every reference: nested steps, faults, its workloads and their scenarios", () => {
    const r = applyDesignChange(COMMENTED, { type: "removeComponents", ids: ["inventory"] });
    expect(r.summary).toBe("Removed inventory with 5 references, 1 workload, 1 scenario");
    const d = valid(r.text);
    expect(Object.keys(d.components)).toEqual(["gateway", "order", "geo", "db", "config", "web"]);
    expect(stepRefs(d, "order", "create")).toEqual(["cache geo", "query db"]);
    expect(Object.keys(d.workloads)).toEqual(["peak"]);
    expect(Object.keys(d.scenarios)).toEqual(["sale"]);
    expect(d.scenarios.sale!.faults).toEqual([]);
    expect(d.layout).toEqual({});
    expect(r.text).toContain("# the front door");
  });

  it("removes a gateway with its workload and the scenario that runs it; a client only leaves its workloads' source", () => {
    const d = valid(run(COMMENTED, { type: "removeComponents", ids: ["gateway", "web"] }));
    expect(Object.keys(d.workloads)).toEqual(["direct"]);
    expect(Object.keys(d.scenarios)).toEqual(["batch"]);
    const noClient = valid(run(COMMENTED, { type: "removeComponents", ids: ["web"] }));
    expect(noClient.workloads.peak!.source).toBeUndefined();
    expect(Object.keys(noClient.scenarios)).toEqual(["sale", "batch"]);
  });

  it("moves components into layout, rounding to whole pixels, adding entries where there were none", () => {
    const d = valid(
      run(COMMENTED, {
        type: "moveComponents",
        positions: { inventory: { x: 100.4, y: -20.6 }, order: { x: 5, y: 6 } },
      }),
    );
    expect(d.layout).toEqual({ inventory: { x: 100, y: -21 }, order: { x: 5, y: 6 } });
  });

  it("disconnects each kind of edge by removing its constructs", () => {
    const noCalls = valid(run(COMMENTED, { type: "disconnect", kind: "call", source: "order", target: "inventory" }));
    expect(stepRefs(noCalls, "order", "create")).toEqual(["cache geo", "query db"]);
    // The route goes, and with it its share of the mix that entered it: the emptied mix is the user's to fix.
    const noRoute = parseDesign(
      run(COMMENTED, { type: "disconnect", kind: "route", source: "gateway", target: "order" }),
    );
    expect(noRoute.errors.map((e) => e.path)).toEqual(["workloads.peak.mix"]);
    expect(run(COMMENTED, { type: "disconnect", kind: "route", source: "gateway", target: "order" })).toContain(
      "peak: { source: web, entry: gateway, rate: 10, mix: {} }",
    );
    const noDep = valid(run(COMMENTED, { type: "disconnect", kind: "depends", source: "order", target: "config" }));
    expect((noDep.components.order as { dependsOn: string[] }).dependsOn).toEqual([]);
    const noQuery = valid(run(COMMENTED, { type: "disconnect", kind: "query", source: "order", target: "db" }));
    expect(stepRefs(noQuery, "order", "create")).not.toContain("query db");
    const noRequest = valid(run(COMMENTED, { type: "disconnect", kind: "request", source: "web", target: "gateway" }));
    expect(noRequest.workloads.peak!.source).toBeUndefined();
  });
});

describe("applyDesignChange: refusals say why", () => {
  const refuse = (text: string, c: DesignChange) => {
    try {
      applyDesignChange(text, c);
    } catch (e) {
      expect(e).toBeInstanceOf(DesignChangeError);
      return (e as Error).message;
    }
    throw new Error("the change was not refused");
  };

  it("refuses ids that are taken, malformed or reserved, and unknown components", () => {
    expect(refuse(COMMENTED, { type: "addComponent", kind: "service", id: "order" })).toBe(
      'a component named "order" already exists',
    );
    expect(refuse(COMMENTED, { type: "renameComponent", from: "order", to: "Order!" })).toMatch(
      /^a component id is lowercase letters.*got "Order!"$/,
    );
    expect(refuse(COMMENTED, { type: "renameComponent", from: "order", to: "constructor" })).toBe(
      '"constructor" is a reserved name and cannot be a component id',
    );
    expect(refuse(COMMENTED, { type: "removeComponents", ids: ["nope"] })).toBe('there is no component "nope"');
    expect(refuse(COMMENTED, { type: "renameComponent", from: "order", to: "inventory" })).toBe(
      'a component named "inventory" already exists',
    );
  });

  it("refuses connections the format has no construct for, and broken YAML", () => {
    expect(refuse(COMMENTED, { type: "connect", source: "db", target: "order" })).toBe(
      "a database cannot connect to a service (db → order)",
    );
    expect(refuse(COMMENTED, { type: "connect", source: "order", target: "order" })).toBe(
      "a component cannot connect to itself",
    );
    expect(refuse(COMMENTED, { type: "connect", source: "gateway", target: "order", route: "FETCH /x" })).toMatch(
      /^a route is a method and a path/,
    );
    expect(refuse(COMMENTED, { type: "connect", source: "gateway", target: "order", route: "POST /orders" })).toBe(
      'gateway already has the route "POST /orders"',
    );
    expect(refuse("archsim: 1\ncomponents: [\n", { type: "addComponent", kind: "service" })).toMatch(
      /^the YAML must be fixed first: /,
    );
    expect(refuse(COMMENTED, { type: "disconnect", kind: "call", source: "order", target: "db" })).toBe(
      "nothing of kind call joins order and db",
    );
  });

  it("leaves the text untouched when it refuses", () => {
    const text = COMMENTED;
    expect(() => applyDesignChange(text, { type: "connect", source: "db", target: "order" })).toThrow();
    expect(text).toBe(COMMENTED);
  });
});

describe("readDesignField and parseFieldInput: a form's view of the text", () => {
  it("reads a field as written: plain, quoted, flow and block values; absent ones undefined", () => {
    expect(readDesignField(COMMENTED, ["components", "order", "replicas"])).toBe("2");
    expect(readDesignField(COMMENTED, ["components", "order", "operations", "create", "work"])).toBe("2ms");
    expect(readDesignField(COMMENTED, ["components", "geo"])).toBe("{ kind: cache, hitRatio: 0.5 }");
    expect(readDesignField(COMMENTED, ["components", "order", "dependsOn"])).toBe("[config]");
    expect(readDesignField(COMMENTED, ["components", "gateway", "routes"])).toBe("{ POST /orders: order.create }");
    expect(readDesignField('archsim: 1\nname: "Shop: v2"\ncomponents: {}\n', ["name"])).toBe("Shop: v2");
    expect(readDesignField(COMMENTED, ["components", "order", "queue"])).toBeUndefined();
    expect(readDesignField("components: [\n", ["components"])).toBeUndefined();
  });

  it("parses numbers, booleans and flow collections as YAML, anything else as the string, empty as remove", () => {
    expect(parseFieldInput(" 3 ")).toEqual({ value: 3 });
    expect(parseFieldInput("true")).toEqual({ value: true });
    expect(parseFieldInput("{ exp: 3ms }")).toEqual({ value: { exp: "3ms" } });
    expect(parseFieldInput("[config, db]")).toEqual({ value: ["config", "db"] });
    expect(parseFieldInput("250ms")).toEqual({ value: "250ms" });
    expect(parseFieldInput("GET /orders/{id}")).toEqual({ value: "GET /orders/{id}" });
    expect(parseFieldInput("{ broken")).toEqual({ value: "{ broken" });
    expect(parseFieldInput("   ")).toEqual({ remove: true });
  });

  it("round-trips a field through set: what the form shows is what it writes", () => {
    for (const input of ["3", "{ exp: 3ms }", "250ms", "[config]"]) {
      const parsed = parseFieldInput(input) as { value: unknown };
      const text = applyDesignChange(COMMENTED, {
        type: "set",
        path: ["components", "order", "coldStart"],
        value: parsed.value,
      }).text;
      expect(parseFieldInput(readDesignField(text, ["components", "order", "coldStart"])!)).toEqual(parsed);
    }
  });
});

describe("applyDesignChange on the shipped e-commerce example", () => {
  const shipped = readFileSync("examples/ecommerce.yaml", "utf8");

  it("removing a component changes only the lines that named it; comments and folded text stay as written", () => {
    const after = applyDesignChange(shipped, { type: "removeComponents", ids: ["payment"] }).text;
    const d = diffLines(shipped, after);
    const removed = d.filter((l) => l.kind === "removed").map((l) => l.text);
    const added = d.filter((l) => l.kind === "added").map((l) => l.text);
    // Nothing is rewritten: lines only go, but for a list the removal empties (`faults: []`).
    expect(added).toEqual(["    faults: []"]);
    expect(removed.length).toBeGreaterThan(0);
    const before = shipped.split("\n");
    const description = before.slice(
      before.findIndex((l) => l.startsWith("description:")),
      before.indexOf("network:") > 0 ? before.indexOf("network:") : undefined,
    );
    for (const line of description) expect(after).toContain(line);
    for (const comment of before.filter((l) => l.trim().startsWith("#")))
      if (!/payment/.test(comment)) expect(after).toContain(comment);
    expect(parseDesign(after).design!.components.payment).toBeUndefined();
  });
});

describe("applyDesignChange: cases a review found", () => {
  it("removing a cache puts its miss steps where the cache step was, comments and all", () => {
    const text = `archsim: 1
components:
  geo: { kind: cache }
  db: { kind: database }
  a:
    kind: service
    operations:
      op:
        steps:
          - cache: geo
            miss:
              - query: db   # important
          - query: db
`;
    const after = run(text, { type: "removeComponents", ids: ["geo"] });
    expect(stepRefs(valid(after), "a", "op")).toEqual(["query db", "query db"]);
    expect(after).toContain("# important");
  });

  it("edits designs whose aliases expand past the yaml library's default of 100", () => {
    const services = Array.from(
      { length: 120 },
      (_, i) => `  s${i}: { kind: service, resilience: *r, operations: { op: {} } }`,
    ).join("\n");
    const text = `archsim: 1\ncomponents:\n  base: { kind: service, resilience: &r { timeout: 1s }, operations: { op: {} } }\n${services}\n`;
    valid(text);
    const after = run(
      text,
      { type: "addComponent", kind: "cache", id: "c" },
      { type: "renameComponent", from: "s1", to: "t1" },
    );
    expect(Object.keys(valid(after).components)).toContain("t1");
  });

  it("refuses to make a service depend on observability, which dependsOn may not name", () => {
    const text = run(
      EMPTY,
      { type: "addComponent", kind: "service", id: "a" },
      { type: "addComponent", kind: "observability" },
    );
    expect(() => applyDesignChange(text, { type: "connect", source: "a", target: "telemetry" })).toThrow(
      "a service cannot connect to an observability (a → telemetry)",
    );
  });

  it("keeps a string field a string, whatever it looks like", () => {
    expect(parseFieldInput("2024", "string")).toEqual({ value: "2024" });
    expect(parseFieldInput("404: not found", "string")).toEqual({ value: "404: not found" });
    const text = applyDesignChange(EMPTY, { type: "set", path: ["name"], value: "2024" }).text;
    expect(valid(text).name).toBe("2024");
  });
});

/** A service with commented steps and a scenario with flow-style faults, as a user writes them. */
const STEPS = `archsim: 1
components:
  order:
    kind: service   # the one that matters
    operations:
      create:
        work: 2ms
        steps:
          - call: inventory.reserve   # sync
            timeout: 200ms
          - query: orders-db
          - { publish: order.created }
scenarios:
  outage:
    workload: steady
    duration: 60s
    faults:
      - { at: 10s, for: 20s, kind: crash, target: payment }
`;
const CREATE_STEPS = ["components", "order", "operations", "create", "steps"];

describe("applyDesignChange: lists and entries, as the inspector edits them", () => {
  it("inserts a step at a place, block style among block steps, and labels the change as asked", () => {
    const r = applyDesignChange(STEPS, {
      type: "insertItem",
      path: CREATE_STEPS,
      index: 1,
      value: { cache: "geo", miss: [] },
      label: "Added a cache step to order.create",
    });
    expect(r.summary).toBe("Added a cache step to order.create");
    expect(r.text).toBe(
      STEPS.replace(
        "          - query: orders-db\n",
        "          - cache: geo\n            miss: []\n          - query: orders-db\n",
      ),
    );
    // Without a label and an index: appended, in flow style like the step before it; the summary names the place.
    const appended = applyDesignChange(STEPS, { type: "insertItem", path: CREATE_STEPS, value: { query: "db" } });
    expect(appended.summary).toBe("Added components.order.operations.create.steps[3]");
    expect(appended.text).toBe(
      STEPS.replace(
        "          - { publish: order.created }\n",
        "          - { publish: order.created }\n          - { query: db }\n",
      ),
    );
  });

  it("inserts a fault in flow style among flow faults, and makes a list where there was none", () => {
    const faults = ["scenarios", "outage", "faults"];
    const text = run(STEPS, {
      type: "insertItem",
      path: faults,
      value: { kind: "errors", at: "5s", target: "order", probability: 0.2 },
    });
    expect(text).toBe(
      STEPS.replace(
        "      - { at: 10s, for: 20s, kind: crash, target: payment }\n",
        "      - { at: 10s, for: 20s, kind: crash, target: payment }\n      - { kind: errors, at: 5s, target: order, probability: 0.2 }\n",
      ),
    );
    const made = run(STEPS, {
      type: "insertItem",
      path: ["components", "order", "operations", "create", "steps", 1, "miss"],
      value: { query: "db" },
    });
    expect(made).toBe(
      STEPS.replace(
        "          - query: orders-db\n",
        "          - query: orders-db\n            miss:\n              - query: db\n",
      ),
    );
  });

  it("moves a step down and back up, its options and comment going with it as written", () => {
    const down = run(STEPS, { type: "moveItem", path: CREATE_STEPS, from: 0, to: 2 });
    expect(down).toBe(
      STEPS.replace(
        "          - call: inventory.reserve   # sync\n            timeout: 200ms\n          - query: orders-db\n          - { publish: order.created }\n",
        "          - query: orders-db\n          - { publish: order.created }\n          - call: inventory.reserve   # sync\n            timeout: 200ms\n",
      ),
    );
    expect(applyDesignChange(down, { type: "moveItem", path: CREATE_STEPS, from: 2, to: 0 }).summary).toBe(
      "Moved components.order.operations.create.steps[2] to 1",
    );
    // Moved back, it is exactly the text the user wrote.
    expect(run(down, { type: "moveItem", path: CREATE_STEPS, from: 2, to: 0 })).toBe(STEPS);
  });

  it("removes one step, keeping the others and every comment elsewhere", () => {
    expect(run(STEPS, { type: "delete", path: [...CREATE_STEPS, 1], label: "Removed step 2 of order.create" })).toBe(
      STEPS.replace("          - query: orders-db\n", ""),
    );
  });

  it("adds an operation, a workload and a scenario entry; refuses a name that is taken", () => {
    const op = applyDesignChange(STEPS, {
      type: "addEntry",
      path: ["components", "order", "operations"],
      key: "refund",
      value: { work: "1ms" },
      label: "Added operation order.refund",
    });
    expect(op.summary).toBe("Added operation order.refund");
    expect(op.text).toBe(STEPS.replace("scenarios:\n", "      refund: { work: 1ms }\nscenarios:\n"));
    // A missing section is made; an empty flow `{}` becomes a block.
    const wl = run(STEPS, {
      type: "addEntry",
      path: ["workloads"],
      key: "steady",
      value: { entry: "order.create", rate: 100 },
    });
    expect(wl).toBe(`${STEPS}workloads:\n  steady: { entry: order.create, rate: 100 }\n`);
    const empty = run("archsim: 1\ncomponents: {}\nscenarios: {}\n", {
      type: "addEntry",
      path: ["scenarios"],
      key: "base",
      value: {
        workload: "steady",
        duration: "60s",
        faults: [{ at: "10s", kind: "crash", target: "a-very-long-name" }],
      },
    });
    expect(empty).toBe(
      "archsim: 1\ncomponents: {}\nscenarios:\n  base:\n    workload: steady\n    duration: 60s\n    faults:\n      - at: 10s\n        kind: crash\n        target: a-very-long-name\n",
    );
    expect(() =>
      applyDesignChange(STEPS, {
        type: "addEntry",
        path: ["components", "order", "operations"],
        key: "create",
        value: {},
      }),
    ).toThrow(new DesignChangeError('"create" already exists in components.order.operations'));
    expect(() => applyDesignChange(STEPS, { type: "addEntry", path: ["scenarios"], key: " ", value: {} })).toThrow(
      "a new entry needs a name",
    );
  });

  it("refuses places that are not in the list, and lists that are not lists", () => {
    expect(() => applyDesignChange(STEPS, { type: "moveItem", path: CREATE_STEPS, from: 0, to: 3 })).toThrow(
      "components.order.operations.create.steps has no item 3 (it has 3 items)",
    );
    expect(() => applyDesignChange(STEPS, { type: "insertItem", path: CREATE_STEPS, index: 5, value: {} })).toThrow(
      "components.order.operations.create.steps has no place 5 (it has 3 items)",
    );
    expect(() =>
      applyDesignChange(STEPS, { type: "insertItem", path: ["components", "order", "operations"], value: {} }),
    ).toThrow("components.order.operations is not a list");
    expect(() => applyDesignChange(STEPS, { type: "addEntry", path: CREATE_STEPS, key: "x", value: 1 })).toThrow(
      "components.order.operations.create.steps is not a mapping",
    );
  });

  it("writes a new field's short collection in flow style, as the format does, and keeps other lines as written", () => {
    const text = run(STEPS, {
      type: "set",
      path: [...CREATE_STEPS, 0, "retries"],
      value: { max: 2, backoff: "50ms" },
    });
    expect(text).toBe(
      STEPS.replace(
        "            timeout: 200ms\n",
        "            timeout: 200ms\n            retries: { max: 2, backoff: 50ms }\n",
      ),
    );
    // A key added to a flow step stays on its line.
    expect(run(STEPS, { type: "set", path: [...CREATE_STEPS, 2, "outbox"], value: true })).toBe(
      STEPS.replace("{ publish: order.created }", "{ publish: order.created, outbox: true }"),
    );
    // Deleting a field leaves the other lines, comments and spacing included, as they were.
    expect(run(STEPS, { type: "delete", path: [...CREATE_STEPS, 0, "timeout"] })).toBe(
      STEPS.replace("            timeout: 200ms\n", ""),
    );
  });

  it("reads many fields from one parse: text as written, plain values for lists", () => {
    const read = createFieldReader(STEPS);
    expect(read.ok).toBe(true);
    expect(read.text([...CREATE_STEPS, 0, "timeout"])).toBe("200ms");
    expect(read.value(CREATE_STEPS)).toEqual([
      { call: "inventory.reserve", timeout: "200ms" },
      { query: "orders-db" },
      { publish: "order.created" },
    ]);
    expect(read.value(["scenarios", "outage", "duration"])).toBe("60s");
    expect(read.value(["workloads"])).toBeUndefined();
    const broken = createFieldReader("a: [\n");
    expect(broken.ok).toBe(false);
    expect(broken.text(["a"])).toBeUndefined();
  });
});
