import { readdirSync, readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { parseDesign } from "./parse";
import { distributionToInput, editDesignText, printDesign, stepToInput, toDesignInput } from "./print";
import type { Design } from "./schema";

const EXAMPLES = fileURLToPath(new URL("../examples/", import.meta.url));
const examples = readdirSync(EXAMPLES)
  .filter((f) => /\.(ya?ml|json)$/.test(f))
  .sort()
  .map((f) => [f, readFileSync(EXAMPLES + f, "utf8")] as const);
const ecommerce = readFileSync(EXAMPLES + "ecommerce.yaml", "utf8");

function parseValid(text: string): Design {
  const r = parseDesign(text);
  expect(r.errors).toEqual([]);
  return r.design!;
}

/** Every feature of the format at least once, with values that are not the defaults. */
const KITCHEN_SINK = `archsim: 1
name: Everything
description: every field, kind, step, distribution and fault
network: { latency: 250us }
components:
  web: { kind: client, label: Browser, description: shoppers, tech: react }
  edge:
    kind: gateway
    concurrency: 100
    queue: 10
    overhead: { exp: 1ms }
    rateLimit: { rps: 50.5, burst: 7 }
    resilience: { timeout: 2s, retries: { max: 1 }, circuitBreaker: {}, bulkhead: 3 }
    routes:
      POST /a: alpha.one
      "GET /a/{id}": alpha.two
  bus: { kind: broker, flavor: kafka, publishLatency: { uniform: [1ms, 2ms] }, deliveryLatency: 3ms, durable: false }
  reg: { kind: registry, detection: 1.5s }
  conf: { kind: config, fetchLatency: { normal: { mean: 20ms, sd: 5ms } } }
  obs: { kind: observability, overhead: 0.1ms, sampling: 0.25 }
  db: { kind: database, pool: 5, queryTime: { erlang: { k: 3, mean: 9ms } } }
  kv: { kind: cache, hitRatio: 0.8, latency: { empirical: [1ms, 2ms, 0.5ms] } }
  alpha:
    kind: service
    replicas: 3
    concurrency: 4
    queue: 0
    balancer: least-outstanding
    coldStart: 2m
    dependsOn: [conf, reg, db, bus, beta]
    resilience:
      timeout: 300ms
      retries: { max: 2, backoff: 10ms, jitter: true }
      circuitBreaker: { failureRate: 0.3, window: 7, openFor: 1h, halfOpenProbes: 2 }
      bulkhead: 9
    autoscale: { min: 1, max: 5, targetUtilization: 0.6, interval: 30s, coldStart: 4s }
    operations:
      one:
        http: POST /a
        work: { lognormal: { median: 3ms, p99: 40ms } }
        errorRate: 0.002
        description: creates
        steps:
          - call: beta.three
            timeout: 100ms
            retries: { max: 3 }
            circuitBreaker: { window: 5 }
            bulkhead: 2
            optional: true
            probability: 0.5
          - query: db
          - cache: kv
            miss:
              - query: db
          - publish: thing.done
            outbox: true
          - parallel:
              - query: db
              - call: beta.three
          - branch:
              - weight: 3
                steps: [ { query: db } ]
              - weight: 1
                steps: []
      two:
        http: "GET /a/{id}"
        work: 1ms
  beta:
    kind: service
    operations:
      three: { work: { exp: 2ms } }
      handle: {}
    subscribes:
      thing.done: handle
workloads:
  steady: { source: web, entry: edge, arrivals: constant, rate: 10, mix: { POST /a: 0.25, "GET /a/{id}": 0.75 }, clientLatency: 15ms, description: d }
  ramp: { entry: alpha.two, profile: [[0s, 1], [1m, 100], [90s, 5]] }
scenarios:
  chaos:
    workload: steady
    duration: 10m
    warmup: 30s
    description: all the faults
    faults:
      - { at: 1m, for: 1m, kind: crash, target: alpha, replicas: 1 }
      - { at: 2m, kind: latency, target: db, add: { exp: 5ms } }
      - { at: 3m, for: 10s, kind: errors, target: beta, probability: 0.5 }
      - { at: 4m, for: 10s, kind: partition, between: [alpha, beta] }
      - { at: 5m, for: 10s, kind: slowdown, target: alpha, factor: 2.5 }
layout:
  web: { x: 0, y: 0 }
  alpha: { x: 100.5, y: -20, width: 200, height: 80 }
`;

describe("printDesign", () => {
  it.each(examples)("round-trips %s: parse(print(d)) deep-equals d", (_name, text) => {
    const d = parseValid(text);
    const printed = printDesign(d);
    const again = parseDesign(printed);
    expect(again.errors).toEqual([]);
    expect(again.warnings).toEqual(
      parseDesign(text).warnings.map((w) => expect.objectContaining({ path: w.path, message: w.message })),
    );
    expect(again.design).toEqual(d);
  });

  it("round-trips a design that uses every field, kind, step, distribution and fault", () => {
    const d = parseValid(KITCHEN_SINK);
    expect(parseDesign(printDesign(d)).design).toEqual(d);
    // and printing is stable: print(parse(print(d))) is print(d)
    expect(printDesign(parseDesign(printDesign(d)).design!)).toBe(printDesign(d));
  });

  it("writes durations with units, distributions as one-key mappings and leaves out unbounded limits", () => {
    const d = parseValid(KITCHEN_SINK);
    const input = toDesignInput(d) as {
      components: Record<string, Record<string, unknown>>;
      scenarios: Record<string, Record<string, unknown>>;
    };
    expect(input.components.alpha!.coldStart).toBe("2m");
    expect(input.components.alpha!.queue).toBe(0);
    expect(input.components.beta!).not.toHaveProperty("queue");
    expect(input.components.db!.queryTime).toEqual({ erlang: { k: 3, mean: "9ms" } });
    expect(input.scenarios.chaos!.duration).toBe("10m");
    expect(distributionToInput({ type: "const", value: 0.25 })).toBe("0.25ms");
    expect(distributionToInput({ type: "uniform", min: 1000, max: 90_000 })).toEqual({ uniform: ["1s", "90s"] });
    expect(stepToInput({ call: "a.b", timeout: 1500, optional: false, probability: 1 })).toEqual({
      call: "a.b",
      timeout: "1500ms",
      optional: false,
      probability: 1,
    });
  });
});

describe("editDesignText", () => {
  /** ecommerce.yaml with comments added, so that their survival can be checked. */
  const commented = ecommerce
    .replace("archsim: 1\n", "# The shop, with comments.\narchsim: 1\n")
    .replace("  payment:\n", "  # Payments: an external provider behind it.\n  payment:\n")
    .replace(
      "    replicas: 2\n    concurrency: 8\n    dependsOn: [config]\n    resilience:",
      "    replicas: 2 # two at night too\n    concurrency: 8\n    dependsOn: [config]\n    resilience:",
    );

  function changedLines(before: string, after: string): [string | undefined, string | undefined][] {
    const a = before.split("\n");
    const b = after.split("\n");
    const out: [string | undefined, string | undefined][] = [];
    for (let i = 0; i < Math.max(a.length, b.length); i++) if (a[i] !== b[i]) out.push([a[i], b[i]]);
    return out;
  }

  it("sets a field deep inside the design, changing that line only: comments, key order and style survive", () => {
    expect(parseDesign(commented).errors).toEqual([]);
    const after = editDesignText(commented, [{ path: ["components", "order", "resilience", "timeout"], value: "1s" }]);
    expect(changedLines(commented, after)).toEqual([["      timeout: 800ms", "      timeout: 1s"]]);
    expect(after).toContain("# Payments: an external provider behind it.\n  payment:");
    expect(after).toContain("replicas: 2 # two at night too");
    const before = parseValid(commented);
    const edited = parseValid(after);
    expect(edited.components.order).toMatchObject({ kind: "service", resilience: { timeout: 1000 } });
    expect(Object.keys(edited.components)).toEqual(Object.keys(before.components));
    expect(Object.keys(edited)).toEqual(Object.keys(before));
    expect({ ...edited, components: { ...edited.components, order: before.components.order } }).toEqual(before);
  });

  it("edits inside a flow mapping and replaces a flow collection in its own style", () => {
    const a = editDesignText(commented, [{ path: ["components", "gateway", "rateLimit", "rps"], value: 100 }]);
    expect(changedLines(commented, a)).toEqual([
      ["    rateLimit: { rps: 5000, burst: 500 }", "    rateLimit: { rps: 100, burst: 500 }"],
    ]);
    const b = editDesignText(commented, [
      { path: ["components", "order", "dependsOn"], value: ["config", "registry"] },
    ]);
    expect(changedLines(commented, b)).toEqual([["    dependsOn: [config]", "    dependsOn: [config, registry]"]]);
    const c = editDesignText(commented, [
      { path: ["workloads", "steady", "mix"], value: { "POST /orders": 0.5, "GET /orders/{id}": 0.5 } },
    ]);
    expect(changedLines(commented, c)).toEqual([
      [
        '    mix: { POST /orders: 0.3, "GET /orders/{id}": 0.6, GET /products: 0.1 }',
        '    mix: { POST /orders: 0.5, "GET /orders/{id}": 0.5 }',
      ],
    ]);
    expect(parseValid(c).workloads.steady!.mix).toEqual({ "POST /orders": 0.5, "GET /orders/{id}": 0.5 });
  });

  it("quotes a string that a flow mapping could not hold plain", () => {
    const text = "archsim: 1\ncomponents:\n  gw: { kind: gateway, label: edge, routes: {} }\n";
    const after = editDesignText(text, [{ path: ["components", "gw", "label"], value: "edge, the {first} hop" }]);
    expect(parseValid(after).components.gw).toMatchObject({ label: "edge, the {first} hop" });
  });

  it("adds a field that is not there yet and deletes one, keeping comments", () => {
    const added = editDesignText(commented, [{ path: ["components", "payment", "queue"], value: 50 }]);
    expect(parseValid(added).components.payment).toMatchObject({ queue: 50 });
    expect(added).toContain("# Payments: an external provider behind it.");
    const removed = editDesignText(commented, [{ path: ["components", "order", "autoscale"], value: undefined }]);
    expect(parseValid(removed).components.order).not.toHaveProperty("autoscale.min");
    expect((parseValid(removed).components.order as { autoscale?: unknown }).autoscale).toBeUndefined();
    expect(removed).toContain("replicas: 2 # two at night too");
  });

  it("applies several edits in order", () => {
    const after = editDesignText(commented, [
      { path: ["components", "order", "replicas"], value: 3 },
      { path: ["components", "order", "replicas"], value: 4 },
      { path: ["scenarios", "baseline", "duration"], value: "2m" },
    ]);
    const d = parseValid(after);
    expect(d.components.order).toMatchObject({ replicas: 4 });
    expect(d.scenarios.baseline!.duration).toBe(120_000);
    expect(after).toContain("replicas: 4 # two at night too");
  });

  it("keeps a JSON design JSON-shaped when a value changes", () => {
    const json = JSON.stringify({ archsim: 1, components: { db: { kind: "database", pool: 4 } } }, null, 2);
    const after = editDesignText(json, [{ path: ["components", "db", "pool"], value: 8 }]);
    expect(after).toBe(json.replace('"pool": 4', '"pool": 8'));
  });

  it("refuses text that is not valid YAML", () => {
    expect(() => editDesignText("a: [", [{ path: ["a"], value: 1 }])).toThrow(/invalid/);
  });
});
