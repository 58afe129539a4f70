import fc from "fast-check";
import { readdirSync, readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { parse as parseYaml } from "yaml";
import { formatDiagnostic, type DesignDiagnostic, type PathSegment } from "./diagnostics";
import { MAX_ALIAS_NODES, MAX_DESIGN_BYTES, parseDesign } from "./parse";
import { escapeText } from "./quote";

const EXAMPLES = fileURLToPath(new URL("../examples/", import.meta.url));
const examples = readdirSync(EXAMPLES)
  .filter((f) => /\.(ya?ml|json)$/.test(f))
  .sort()
  .map((f) => [f, readFileSync(EXAMPLES + f, "utf8")] as const);
const ecommerce = readFileSync(EXAMPLES + "ecommerce.yaml", "utf8");

const at = (d: DesignDiagnostic) => `${d.line}:${d.col} ${d.path}: ${d.message}`;

describe("the shipped examples", () => {
  it("include the e-commerce one", () => {
    expect(examples.map(([f]) => f)).toContain("ecommerce.yaml");
  });

  it.each(examples)("%s is valid: no errors", (_name, text) => {
    const r = parseDesign(text);
    expect(r.errors.map(at)).toEqual([]);
    expect(r.design).toBeDefined();
    expect(r.design!.archsim).toBe(1);
  });

  it.each(examples)("%s reads the same as JSON", (_name, text) => {
    const design = parseDesign(text).design!;
    const raw = parseDesign(text).document!.toJS() as unknown;
    expect(parseDesign(JSON.stringify(raw, null, 2)).design).toEqual(design);
  });
});

describe("positions", () => {
  it("places errors in JSON input too", () => {
    const json = `{
  "archsim": 1,
  "components": {
    "order": {
      "kind": "service",
      "replicas": 0,
      "operations": { "create": { "steps": [ { "call": "stock.take" } ] } }
    }
  }
}`;
    const r = parseDesign(json);
    expect(r.errors.map(at)).toEqual([
      "6:19 components.order.replicas: replicas must be an integer ≥ 1 (got 0)",
      // the order component failed the schema, so its call is not checked
    ]);
    const ok = json.replace('"replicas": 0', '"replicas": 1');
    expect(parseDesign(ok).errors.map(at)).toEqual([
      '7:56 components.order.operations.create.steps[0].call: service "stock" does not exist',
    ]);
  });

  it("places an unknown key at the key and a bad value at the value, with an end position", () => {
    const r = parseDesign(
      "archsim: 1\ncomponents:\n  db:\n    kind: database\n    pol: 10\n    queryTime: 5 parsecs\n",
    );
    expect(r.errors.map(at)).toEqual([
      '5:5 components.db.pol: unknown field "pol" in a database (did you mean "pool"?)',
      '6:16 components.db.queryTime: invalid duration "5 parsecs": the unit must be one of us, ms, s, m, h, written right after the number (e.g. 250ms, 1.5s)',
    ]);
    expect(r.errors[0]).toMatchObject({ endLine: 5, endCol: 8 });
    expect(r.errors[1]).toMatchObject({ endLine: 6, endCol: 25 });
    expect(r.errors[0]!.segments).toEqual(["components", "db", "pol"]);
  });

  it("reports schema and reference errors of different parts together, sorted by position", () => {
    const text = ecommerce
      .replace(
        "    replicas: 2\n    concurrency: 16\n    dependsOn: [config]\n",
        "    replicas: 2\n    concurency: 16\n    dependsOn: [config]\n",
      )
      .replace("call: inventory.reserve", "call: inventory.reserv");
    const r = parseDesign(text);
    expect(r.errors.map(at)).toEqual([
      '67:19 components.order.operations.create.steps[0].call: service "inventory" has no operation "reserv" (did you mean "reserve"?); it has reserve, release, list',
      '118:5 components.payment.concurency: unknown field "concurency" in a service (did you mean "concurrency"?)',
    ]);
    expect(r.design).toBeUndefined();
  });

  it("formats one line per diagnostic for the CLI", () => {
    const r = parseDesign("archsim: 1\ncomponents:\n  a: { kind: servce }\n");
    expect(formatDiagnostic(r.errors[0]!, "d.yaml")).toBe(
      'd.yaml:3:14: components.a.kind: unknown kind "servce" (did you mean "service"?); expected one of client, gateway, service, broker, registry, config, observability, database, cache',
    );
    const w = parseDesign("archsim: 1\ncomponents: {}\nlayout: { ghost: { x: 0, y: 0 } }\n").warnings[0]!;
    expect(formatDiagnostic(w, "d.yaml")).toBe(
      'd.yaml:3:11: warning: layout.ghost: layout names "ghost", which is not a component',
    );
  });
});

describe("YAML", () => {
  it("accepts a few aliases", () => {
    const ok = parseDesign("archsim: 1\ncomponents:\n  a: &db { kind: database, queryTime: 2ms }\n  b: *db\n");
    expect(ok.errors).toEqual([]);
    expect(ok.design!.components.b).toEqual(ok.design!.components.a);
  });

  it("accepts 120 services sharing one resilience block and 1,000 uses of one scalar anchor", () => {
    const services = Array.from(
      { length: 120 },
      (_, i) =>
        `  s${i}:\n    kind: service\n    resilience: ${i === 0 ? "&r { timeout: 1s, retries: { max: 2, backoff: 50ms }, circuitBreaker: { window: 20 } }" : "*r"}\n    operations: { op: { work: 1ms } }`,
    );
    const r = parseDesign(`archsim: 1\ncomponents:\n${services.join("\n")}\n`);
    expect(r.errors.map(at)).toEqual([]);
    expect(r.design!.components.s119).toEqual(r.design!.components.s1);
    const scalars = Array.from({ length: 1000 }, () => "*d").join(", ");
    const many = parseDesign(
      `archsim: 1\ncomponents:\n  s: { kind: service, operations: { op: { work: &d 2ms }, op2: { work: { empirical: [${scalars}] } } } }\n`,
    );
    expect(many.errors.map(at)).toEqual([]);
    const op2 = (many.design!.components.s as { operations: Record<string, { work: unknown }> }).operations.op2!;
    expect(op2.work).toEqual({ type: "empirical", values: Array.from({ length: 1000 }, () => 2) });
  });

  it("refuses aliases that expand past MAX_ALIAS_NODES nodes, at the alias that crosses the limit", () => {
    const items = Array.from({ length: MAX_ALIAS_NODES + 1 }, () => "*x").join(",");
    const bomb = parseDesign(`archsim: 1\ncomponents: {}\ndescription: &x "y"\nname: [${items}]\n`);
    // The last alias is the one past the limit: "name: [" is 7 characters, each "*x," 3 more.
    expect(bomb.errors.map(at)).toEqual([
      `4:${8 + 3 * MAX_ALIAS_NODES} : YAML aliases expand to more than 100,000 nodes (refused as a resource-exhaustion risk)`,
    ]);
    // An anchored list counts with all it holds: 9 aliases of a 10,001-node list pass, the 10th does not.
    const list = `[${Array.from({ length: 10_000 }, () => "1").join(",")}]`;
    const nested = parseDesign(
      `archsim: 1\ncomponents: {}\ndescription: &l ${list}\nname: [*l, *l, *l, *l, *l, *l, *l, *l, *l, *l, *l]\n`,
    );
    expect(nested.errors.map(at)).toEqual([
      "4:44 : YAML aliases expand to more than 100,000 nodes (refused as a resource-exhaustion risk)",
    ]);
  });

  it("refuses an alias inside the node it names, at the alias", () => {
    const r = parseDesign("archsim: 1\ncomponents: &c { a: *c }\n");
    expect(r.errors.map(at)).toEqual(['2:21 : the alias "*c" is inside the node it names: it would expand forever']);
  });

  it("reports a duplicate key deep in the design at the second key, with the other errors", () => {
    const r = parseDesign(
      "archsim: 1\ncomponents:\n  db:\n    kind: database\n    pool: 4\n    pool: 5\n  x: { kind: nope }\n",
    );
    expect(r.errors.map(at)).toEqual([
      '6:5 : duplicate key "pool": each key may appear once in a mapping',
      '7:14 components.x.kind: unknown kind "nope"; expected one of client, gateway, service, broker, registry, config, observability, database, cache',
    ]);
  });

  it("hints at quoting a route key with braces in a flow mapping, wherever the key stands", () => {
    const hint = 'quote keys that contain {, }, [, ] or ","';
    for (const mix of [
      "{ GET /orders/{id}: 1 }",
      '{ "POST /orders": 0.5, GET /orders/{id}: 0.5 }',
      "{\n      GET /orders/{id}: 1\n    }",
    ]) {
      const r = parseDesign(`archsim: 1\ncomponents: {}\nworkloads:\n  w:\n    mix: ${mix}\n`);
      expect(r.errors[0]!.message, mix).toContain(hint);
    }
    // The errors that follow in the same mapping are echoes of the first: one error, not a cascade.
    const routes = parseDesign(
      "archsim: 1\ncomponents:\n  gw:\n    kind: gateway\n    routes: { GET /orders/{id}: s.o, GET /x: s.o }\n",
    );
    expect(routes.errors).toHaveLength(1);
    expect(routes.errors[0]).toMatchObject({ line: 5, col: 27 });
    expect(routes.errors[0]!.message).toContain(hint);
    // Block style needs no quotes; other syntax errors get no such hint.
    expect(
      parseDesign(
        "archsim: 1\ncomponents:\n  gw:\n    kind: gateway\n    routes:\n      GET /orders/{id}: order.get\n",
      ).errors.some((e) => e.message.includes(hint)),
    ).toBe(false);
    expect(parseDesign("archsim: 1\ncomponents: [a\n").errors[0]!.message).not.toContain(hint);
  });

  it("reads YAML 1.2: yes and no are strings, not booleans", () => {
    expect(parseDesign("archsim: 1\ncomponents:\n  b: { kind: broker, durable: no }\n").errors.map(at)).toEqual([
      '3:31 components.b.durable: durable must be true or false, got the string "no"',
    ]);
  });

  it("refuses empty text, a bare scalar and more than one document", () => {
    expect(parseDesign("").errors.map(at)).toEqual([
      "1:1 : the design is empty: it needs at least `archsim: 1` and `components`",
    ]);
    expect(parseDesign("  \n\n").errors[0]!.message).toMatch(/is empty/);
    expect(parseDesign("# only a comment\n").errors.map(at)).toEqual([
      "1:1 : the design is empty: it needs at least `archsim: 1` and `components`",
    ]);
    expect(parseDesign("# a comment\n---\n# and another\n").errors[0]!.message).toMatch(/is empty/);
    expect(parseDesign("~\n").errors[0]!.message).toMatch(/a design is a mapping/);
    expect(parseDesign("hello").errors[0]!.message).toMatch(/a design is a mapping/);
    expect(parseDesign("archsim: 1\ncomponents: {}\n---\narchsim: 1\n").errors.map(at)).toEqual([
      "3:1 : a design file holds one YAML document; this one has 2 (separated by ---)",
    ]);
    expect(parseDesign("---\narchsim: 1\ncomponents: {}\n--- \nx: 1\n---\n").errors.map(at)).toEqual([
      "4:1 : a design file holds one YAML document; this one has 3 (separated by ---)",
    ]);
  });

  it("skips a byte order mark", () => {
    expect(parseDesign("\ufeffarchsim: 1\ncomponents: {}\n").errors).toEqual([]);
  });

  it("refuses text over maxBytes, counted in UTF-8", () => {
    expect(parseDesign("archsim: 1\ncomponents: {}\n", { maxBytes: 10 }).errors.map(at)).toEqual([
      "1:1 : the design is larger than 10 bytes; split it or remove unused parts",
    ]);
    expect(parseDesign("archsim: 1\ncomponents: {} # ééé\n", { maxBytes: 34 }).errors[0]!.message).toMatch(
      /larger than 34 bytes/,
    );
    expect(parseDesign("archsim: 1\ncomponents: {} # ééé\n", { maxBytes: 35 }).errors).toEqual([]);
    expect(MAX_DESIGN_BYTES).toBe(5 * 1024 * 1024);
  });

  it("reports every __proto__ key, which a zod record would silently drop", () => {
    const r = parseDesign(`archsim: 1
components:
  gw:
    kind: gateway
    routes: { __proto__: s.op, "POST /x": s.op }
  s:
    kind: service
    operations: { op: { http: POST /x } }
workloads:
  w: { entry: gw, rate: 1, mix: { "POST /x": 1, __proto__: 0 } }
`);
    expect(r.errors.map(at)).toEqual([
      '5:15 components.gw.routes.__proto__: "__proto__" is a reserved name and cannot be used as a key',
      '10:49 workloads.w.mix.__proto__: "__proto__" is a reserved name and cannot be used as a key',
    ]);
    // Where the schema already reports the key, it is reported once.
    const c = parseDesign("archsim: 1\ncomponents:\n  __proto__: { kind: client }\n");
    expect(c.errors.map(at)).toEqual([
      '3:3 components.__proto__: "__proto__" is a reserved name and cannot be used as component id',
    ]);
    expect(
      Object.getPrototypeOf(parseDesign("archsim: 1\ncomponents: {}\nlayout: { __proto__: { x: 1, y: 2 } }\n").errors),
    ).toBe(Array.prototype);
  });
});

describe("references into parts that failed the schema", () => {
  it("does not report calls to a component whose kind is itself an error, nor call it a non-service", () => {
    const r = parseDesign(`archsim: 1
components:
  order:
    kind: service
    operations:
      create:
        steps: [ { call: stock.take }, { query: db }, { cache: db } ]
  stock: { kind: servce, operations: { take: {} } }
  db: { kind: databse }
workloads:
  w: { source: db, entry: stock.take, rate: 1 }
scenarios:
  s: { workload: w, duration: 1s, faults: [ { at: 0, kind: errors, target: db, probability: 1 } ] }
`);
    expect(r.errors.map(at)).toEqual([
      '8:18 components.stock.kind: unknown kind "servce" (did you mean "service"?); expected one of client, gateway, service, broker, registry, config, observability, database, cache',
      '9:15 components.db.kind: unknown kind "databse" (did you mean "database"?); expected one of client, gateway, service, broker, registry, config, observability, database, cache',
    ]);
  });

  it("still checks operation names of a service that failed the schema elsewhere", () => {
    const r = parseDesign(`archsim: 1
components:
  order:
    kind: service
    operations:
      create:
        steps: [ { call: stock.take }, { call: stock.give } ]
  stock:
    kind: service
    replcas: 2
    operations: { take: {} }
`);
    expect(r.errors.map(at)).toEqual([
      '7:48 components.order.operations.create.steps[1].call: service "stock" has no operation "give"; it has take',
      '10:5 components.stock.replcas: unknown field "replcas" in a service (did you mean "replicas"?)',
    ]);
  });

  it("does not crash on odd values anywhere", () => {
    const odd = [
      "null",
      "5",
      "[]",
      "{}",
      '"x"',
      "[1, [2]]",
      "{ kind: service, operations: [x] }",
      "{ kind: service, operations: 5 }",
      "{ kind: 5 }",
      "{ kind: constructor }",
    ];
    for (const v of odd) {
      for (const place of [
        "components:\n  a: V\n  b: { kind: service, operations: { op: { steps: [ { call: a.x } ] } } }\n",
        "components: V\n",
        "components: {}\nworkloads: V\n",
        "components: {}\nworkloads:\n  w: V\nscenarios:\n  s: { workload: w, duration: 1s }\n",
        "components: {}\nscenarios:\n  s: V\n",
        "components: {}\nlayout: V\n",
        "components: {}\nnetwork: V\n",
      ]) {
        const text = `archsim: 1\n${place.replace("V", v)}`;
        const r = parseDesign(text);
        for (const d of [...r.errors, ...r.warnings]) {
          expect(d.message, text).not.toMatch(/\bundefined\b(?! alias)|\[object Object\]/);
          expect(d.line, text).toBeGreaterThanOrEqual(1);
        }
      }
    }
  });

  it("does not check references when components itself is missing or not a mapping", () => {
    expect(parseDesign("archsim: 1\nworkloads:\n  w: { entry: gw, rate: 1 }\n").errors.map(at)).toEqual([
      "1:1 components: components is required",
    ]);
    expect(
      parseDesign("archsim: 1\ncomponents: [gw]\nworkloads:\n  w: { entry: gw, rate: 1 }\n").errors.map(at),
    ).toEqual(["2:13 components: expected components (a mapping of id to component), got a list"]);
  });
});

describe("warnings", () => {
  const base = `archsim: 1
components:
  bus: { kind: broker }
  a:
    kind: service
    operations:
      one: { steps: [ { publish: lonely.out } ] }
      two: {}
    subscribes:
      never.sent: two
`;

  it("a topic subscribed but never published, and one published with no subscriber", () => {
    const r = parseDesign(base);
    expect(r.errors).toEqual([]);
    expect(r.design).toBeDefined();
    expect(r.warnings.map(at)).toEqual([
      '7:34 components.a.operations.one.steps[0].publish: topic "lonely.out" is published but nothing subscribes to it',
      '10:7 components.a.subscribes["never.sent"]: topic "never.sent" is subscribed but never published',
    ]);
  });

  it("a cycle between services that is not a cycle between operations", () => {
    const r = parseDesign(`archsim: 1
components:
  a:
    kind: service
    operations:
      one: { steps: [ { call: b.two } ] }
      three: {}
  b:
    kind: service
    operations:
      two: { steps: [ { call: a.three } ] }
`);
    expect(r.errors).toEqual([]);
    expect(r.warnings.map(at)).toEqual([
      "6:31 components.a.operations.one.steps[0].call: services call each other in a cycle (a → b → a), though no operation calls itself back; this is fragile under load",
    ]);
  });

  it("no service-level warning when the services' cycle is an operations' cycle (that is an error)", () => {
    const r = parseDesign(
      "archsim: 1\ncomponents:\n  a: { kind: service, operations: { one: { steps: [ { call: b.two } ] } } }\n  b: { kind: service, operations: { two: { steps: [ { call: a.one } ] } } }\n",
    );
    expect(r.errors.map((e) => e.message)).toEqual(["a cycle of sync calls: a.one → b.two → a.one"]);
    expect(r.warnings).toEqual([]);
  });

  it("layout ids that are not components", () => {
    const r = parseDesign(
      "archsim: 1\ncomponents:\n  web: { kind: client }\nlayout:\n  web: { x: 0, y: 0 }\n  wbe: { x: 1, y: 1 }\n",
    );
    expect(r.errors).toEqual([]);
    expect(r.warnings.map(at)).toEqual(['6:3 layout.wbe: layout names "wbe", which is not a component']);
  });

  it("a bare number under 1000 for a scenario duration or a profile time", () => {
    const r = parseDesign(`archsim: 1
components:
  s: { kind: service, operations: { op: {} } }
workloads:
  w: { entry: s.op, profile: [[0, 1], [60, 10], [1000, 5], [2s, 1]] }
scenarios:
  x: { workload: w, duration: 300 }
  y: { workload: w, duration: 300s }
  z: { workload: w, duration: 1000 }
`);
    expect(r.errors).toEqual([]);
    expect(r.warnings.map(at)).toEqual([
      "5:40 workloads.w.profile[1][0]: 60 is a bare number, read as 60 milliseconds; write 60s if you meant seconds",
      "7:31 scenarios.x.duration: 300 is a bare number, read as 300 milliseconds; write 300s if you meant seconds",
    ]);
  });

  it("a fault that starts at or after the scenario's end", () => {
    const text = (at: string) =>
      `archsim: 1\ncomponents:\n  s: { kind: service, operations: { op: {} } }\nworkloads:\n  w: { entry: s.op, rate: 1 }\nscenarios:\n  x: { workload: w, duration: 1m, faults: [ { at: ${at}, kind: crash, target: s } ] }\n`;
    const after = parseDesign(text("2m"));
    expect(after.errors).toEqual([]);
    expect(after.warnings.map((w) => w.message)).toEqual([
      "this fault starts at 2m, at or after the scenario's end (1m): it never happens",
    ]);
    expect(parseDesign(text("1m")).warnings.map((w) => w.message)).toEqual([
      "this fault starts at 1m, at or after the scenario's end (1m): it never happens",
    ]);
    expect(parseDesign(text("59s")).warnings).toEqual([]);
  });

  it("warnings do not make a design invalid; the examples have none", () => {
    for (const [name, text] of examples) expect(parseDesign(text).warnings.map(at), name).toEqual([]);
  });
});

describe("robustness", () => {
  it("never throws on mangled designs, and every diagnostic has a place and no 'undefined'", () => {
    const lines = ecommerce.split("\n");
    const junk = [
      "{",
      "}",
      "[",
      "]",
      ":",
      ",",
      "-",
      '"',
      "'",
      "#",
      "&a",
      "*a",
      "!",
      "|",
      ">",
      "  ",
      "\t",
      "~",
      "null",
      "1e999",
      ".nan",
      "__proto__",
      "constructor",
      "µ",
      "\\",
    ];
    fc.assert(
      fc.property(
        fc.array(
          fc.oneof(
            fc.record({ op: fc.constant("delete" as const), line: fc.nat() }),
            fc.record({ op: fc.constant("duplicate" as const), line: fc.nat() }),
            fc.record({
              op: fc.constant("insert" as const),
              line: fc.nat(),
              col: fc.nat(),
              junk: fc.constantFrom(...junk),
            }),
          ),
          { minLength: 1, maxLength: 4 },
        ),
        (edits) => {
          const t = [...lines];
          for (const e of edits) {
            const i = e.line % t.length;
            if (e.op === "delete") t.splice(i, 1);
            else if (e.op === "duplicate") t.splice(i, 0, t[i]!);
            else t[i] = t[i]!.slice(0, e.col % (t[i]!.length + 1)) + e.junk + t[i]!.slice(e.col % (t[i]!.length + 1));
          }
          const r = parseDesign(t.join("\n"));
          expect(r.design === undefined).toBe(r.errors.length > 0);
          for (const d of [...r.errors, ...r.warnings]) {
            expect(d.message).not.toMatch(/\bundefined\b(?! alias)|\[object Object\]|NaNms/);
            expect(d.line).toBeGreaterThanOrEqual(1);
            expect(d.col).toBeGreaterThanOrEqual(1);
            expect(d.line).toBeLessThanOrEqual(t.length + 1);
          }
        },
      ),
      { numRuns: 400, seed: 42 },
    );
  });

  it("never throws when parts of a valid design are replaced by arbitrary values or removed", () => {
    const raw = parseYaml(ecommerce) as unknown;
    const paths: PathSegment[][] = [];
    const walk = (v: unknown, p: PathSegment[]) => {
      if (p.length) paths.push(p);
      if (Array.isArray(v)) v.forEach((x, i) => walk(x, [...p, i]));
      else if (v !== null && typeof v === "object") for (const [k, x] of Object.entries(v)) walk(x, [...p, k]);
    };
    walk(raw, []);
    const ids = [
      "order.create",
      "inventory",
      "gateway",
      "orders-db",
      "broker",
      "config",
      "web",
      "1s",
      "order.nope",
      "x.y",
      "payment.charge",
      "constructor",
      "__proto__",
      "toString",
    ];
    fc.assert(
      fc.property(
        fc.array(fc.tuple(fc.nat(), fc.oneof(fc.jsonValue({ maxDepth: 2 }), fc.constantFrom(...ids)), fc.boolean()), {
          minLength: 1,
          maxLength: 5,
        }),
        (edits) => {
          const d = structuredClone(raw) as Record<string, unknown>;
          for (const [i, value, remove] of edits) {
            const p = paths[i % paths.length]!;
            let o: unknown = d;
            for (const seg of p.slice(0, -1))
              o = o !== null && typeof o === "object" ? (o as Record<PathSegment, unknown>)[seg] : undefined;
            if (o === null || typeof o !== "object") continue;
            if (remove && !Array.isArray(o)) delete (o as Record<PathSegment, unknown>)[p[p.length - 1]!];
            else (o as Record<PathSegment, unknown>)[p[p.length - 1]!] = value;
          }
          const r = parseDesign(JSON.stringify(d));
          for (const x of [...r.errors, ...r.warnings])
            expect(x.message).not.toMatch(/\bundefined\b(?! alias)|\[object Object\]|NaNms/);
        },
      ),
      { numRuns: 300, seed: 1127 },
    );
  });
});

describe("user text in messages", () => {
  /** Any control character, line break, or bidirectional or zero-width mark. */
  const UNSAFE = /[\u0000-\u001f\u007f-\u009f\u2028\u2029\u200b-\u200f\u202a-\u202e\u2060-\u2069\ufeff]/;
  const hostile = ["\\e]0;title\\a", "a\\nb: error", "x\\u202Ey", "p\\u2028q"];

  it.each(hostile)("never reaches a message raw: ids, keys, routes, topics, names, values (%s)", (h) => {
    const q = `"${h}"`;
    const text = `archsim: 1
components:
  ${q}: { kind: service, operations: { op: {} } }
  s:
    kind: ${q}
  t:
    kind: service
    ${q}: 1
    subscribes: { ${q}: op, ev: ${q} }
    operations:
      ${q}: {}
      op:
        work: { ${q}: 1 }
        steps:
          - { ${q}: 1 }
          - { call: ${q} }
          - { query: ${q} }
          - { publish: ${q} }
          - { cache: ${q} }
          - { call: t.op, timeout: ${q} }
  gw: { kind: gateway, routes: { ${q}: t.op, GET /x: ${q} } }
workloads:
  ${q}: { entry: t.op, rate: 1 }
  w: { entry: ${q}, rate: 1, arrivals: ${q} }
  v: { entry: gw, rate: 1, mix: { ${q}: 1 } }
scenarios:
  s: { workload: ${q}, duration: 1m, faults: [ { at: 0, kind: ${q} } ] }
layout:
  ${q}: { x: 0, y: 0 }
`;
    const r = parseDesign(text);
    const all = [...r.errors, ...r.warnings];
    expect(all.length).toBeGreaterThan(15);
    for (const d of all) {
      expect(d.message, d.message).not.toMatch(UNSAFE);
      expect(d.path, d.path).not.toMatch(UNSAFE);
      expect(formatDiagnostic(d, "d.yaml").split("\n")).toHaveLength(1);
    }
    // The escaped form is what the user sees, e.g. "\u001b]0;title\u0007".
    const escaped = escapeText(parseYaml(q) as string);
    expect(all.filter((d) => d.message.includes(escaped) || d.path.includes(escaped)).length).toBeGreaterThan(10);
  });

  it("escapes YAML-level text too: an unknown directive, a duplicate key, an undefined alias", () => {
    const r = [
      parseDesign("%FOO\u202ex\n---\narchsim: 1\ncomponents: {}\n"),
      parseDesign('archsim: 1\ncomponents: {}\n"a\\nb": 1\n"a\\nb": 2\n'),
      parseDesign("archsim: 1\ncomponents: *a\u202e\n"),
    ].flatMap((x) => x.errors);
    expect(r.map((d) => d.message).filter((m) => !m.startsWith("unknown field"))).toEqual([
      'unknown directive "%FOO\\u202ex": the only directive allowed is %YAML 1.2',
      'duplicate key "a\\nb": each key may appear once in a mapping',
      'undefined alias "*a\\u202e": an alias needs an anchor (&a\\u202e) defined before it',
    ]);
  });
});
