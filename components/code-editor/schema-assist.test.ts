import { readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { getDesignJsonSchema } from "../../model/json-schema";
import { getCompletions, getHover } from "./schema-assist";

const schema = getDesignJsonSchema();
const ECOMMERCE = readFileSync(fileURLToPath(new URL("../../examples/ecommerce.yaml", import.meta.url)), "utf8");

/** The text with `|` taken out as the cursor. */
function at(marked: string): [string, number] {
  const offset = marked.indexOf("|");
  if (offset < 0 || marked.indexOf("|", offset + 1) >= 0) throw new Error("mark the cursor with one |");
  return [marked.slice(0, offset) + marked.slice(offset + 1), offset];
}
const labels = (marked: string) => {
  const [text, offset] = at(marked);
  return getCompletions(text, offset, schema).items.map((i) => i.label);
};
/** The ecommerce example with `marker` replaced by `replacement` (which holds the cursor). */
const inExample = (marker: string, replacement: string) => {
  expect(ECOMMERCE).toContain(marker);
  return ECOMMERCE.replace(marker, replacement);
};

describe("getCompletions: keys", () => {
  it("offers the fields of the component's kind that it does not have yet", () => {
    const service = labels("archsim: 1\ncomponents:\n  api:\n    kind: service\n    |\n");
    expect(service).toEqual(expect.arrayContaining(["replicas", "concurrency", "balancer", "operations", "label"]));
    expect(service).not.toContain("kind");
    expect(service).not.toContain("pool");
    const db = labels("archsim: 1\ncomponents:\n  db:\n    kind: database\n    |\n");
    expect(db).toEqual(expect.arrayContaining(["pool", "queryTime", "tech"]));
    expect(db).not.toContain("replicas");
  });

  it("replaces the word being typed, and says the type, default and meaning", () => {
    const [text, offset] = at("components:\n  api:\n    kind: service\n    rep|\n");
    const result = getCompletions(text, offset, schema);
    expect(text.slice(result.from, result.to)).toBe("rep");
    const replicas = result.items.find((i) => i.label === "replicas")!;
    expect(replicas).toMatchObject({ kind: "property", insertText: "replicas: ", detail: "number · default 1" });
    expect(replicas.documentation).toMatch(/^Initial replica count/);
    const operations = result.items.find((i) => i.label === "operations")!;
    expect(operations.detail).toBe("object · required");
  });

  it("reads the kind in the example's other components and in flow mappings", () => {
    const text = inExample("    durable: true\n", "    durable: true\n    |\n");
    // The broker already has its own fields: what is left is the common ones.
    expect(labels(text)).toEqual(["label", "description", "tech"]);
    expect(labels("components:\n  g:\n    kind: gateway\n    rateLimit: { rps: 10, | }\n")).toEqual(["burst"]);
  });

  it("offers the top level's fields at the top, without those present", () => {
    expect(labels("archsim: 1\ncomponents: {}\n|\n")).toEqual([
      "name",
      "description",
      "network",
      "workloads",
      "scenarios",
      "layout",
    ]);
  });

  it("narrows a step by its step key, and offers every step key in a new step", () => {
    const fresh = labels(
      "components:\n  a:\n    kind: service\n    operations:\n      x:\n        steps:\n          - |\n",
    );
    expect(fresh).toEqual(expect.arrayContaining(["call", "query", "cache", "publish", "parallel", "branch"]));
    const call = labels(
      "components:\n  a:\n    kind: service\n    operations:\n      x:\n        steps:\n          - call: b.y\n            |\n",
    );
    expect(call).toEqual(["timeout", "retries", "circuitBreaker", "bulkhead", "optional", "probability"]);
  });

  it("offers a fault's fields by its kind, and the resilience parts' fields", () => {
    expect(labels("scenarios:\n  s:\n    faults:\n      - { kind: slowdown, | }\n")).toEqual([
      "at",
      "for",
      "target",
      "factor",
    ]);
    const retries = labels(inExample("retries: { max: 2, backoff: 50ms, jitter: true }", "retries: { max: 2, | }"));
    expect(retries).toEqual(["backoff", "jitter"]);
  });

  it("offers nothing in a comment, a free-text value or a mapping of ids", () => {
    expect(labels("archsim: 1 # |\n")).toEqual([]);
    expect(labels("name: My |\n")).toEqual([]);
    expect(labels("components:\n  |\n")).toEqual([]);
  });
});

describe("getCompletions: values", () => {
  it("offers an enum's values and a boolean's", () => {
    expect(labels("components:\n  a:\n    kind: service\n    balancer: |\n")).toEqual([
      "round-robin",
      "least-outstanding",
      "random",
    ]);
    expect(labels("components:\n  b:\n    kind: broker\n    durable: |\n")).toEqual(["true", "false"]);
    expect(labels("workloads:\n  w:\n    arrivals: con|\n")).toEqual(["poisson", "constant"]);
  });

  it("offers every kind for kind, whatever fields the component has", () => {
    expect(labels("components:\n  a:\n    kind: |\n    replicas: 2\n")).toEqual([
      "client",
      "gateway",
      "service",
      "broker",
      "registry",
      "config",
      "observability",
      "database",
      "cache",
    ]);
    expect(labels("scenarios:\n  s:\n    faults:\n      - { kind: |, at: 1s }\n")).toEqual([
      "crash",
      "latency",
      "errors",
      "partition",
      "slowdown",
    ]);
  });
});

describe("getCompletions: references", () => {
  it("offers the design's databases for a query step and its services' operations for a call", () => {
    const query = getCompletions(
      ...at(inExample("          - query: inventory-db\n      release:", "          - query: |\n      release:")),
      schema,
    );
    expect(query.items.map((i) => i.label)).toEqual(["orders-db", "inventory-db"]);
    expect(query.items[0]).toMatchObject({ kind: "reference", detail: "database · postgres" });
    const call = labels(inExample("          - call: inventory.reserve", "          - call: inv|"));
    expect(call).toEqual(expect.arrayContaining(["inventory.reserve", "inventory.release", "payment.charge"]));
    expect(call).not.toContain("orders-db");
  });

  it("offers components for dependsOn (not itself, only kinds it may depend on), in flow and block lists", () => {
    const flow = labels(
      inExample(
        "    dependsOn: [config]\n    autoscale: { min: 2, max: 8",
        "    dependsOn: [config, |]\n    autoscale: { min: 2, max: 8",
      ),
    );
    expect(flow).toEqual([
      "registry",
      "config",
      "broker",
      "orders-db",
      "inventory-db",
      "order",
      "payment",
      "notification",
    ]);
    const block = labels(
      "components:\n  db: { kind: database }\n  web: { kind: client }\n  a:\n    kind: service\n    dependsOn:\n      - |\n",
    );
    expect(block).toEqual(["db"]);
  });

  it("offers workloads, entries, sources, fault targets and a service's own operations", () => {
    expect(
      labels(inExample("    workload: steady\n    duration: 120s", "    workload: |\n    duration: 120s")),
    ).toEqual(["steady", "peak-sale"]);
    expect(
      labels(
        inExample(
          "    source: web\n    entry: gateway\n    arrivals: poisson\n    rate: 200",
          "    source: |\n    entry: gateway\n    arrivals: poisson\n    rate: 200",
        ),
      ),
    ).toEqual(["web"]);
    const entry = labels(
      inExample(
        "    entry: gateway\n    arrivals: poisson\n    rate: 200",
        "    entry: |\n    arrivals: poisson\n    rate: 200",
      ),
    );
    expect(entry.slice(0, 2)).toEqual(["gateway", "order.create"]);
    const target = labels(inExample("kind: crash, target: payment", "kind: crash, target: |"));
    expect(target).toContain("payment");
    expect(target).not.toContain("web");
    expect(labels(inExample("      payment.failed: release", "      payment.failed: |"))).toEqual([
      "reserve",
      "release",
      "list",
    ]);
    expect(labels(inExample("          - publish: order.confirmed", "          - publish: |"))).toEqual(
      expect.arrayContaining(["order.created", "payment.completed", "payment.failed"]),
    );
  });

  it("offers the components without a position as layout keys", () => {
    expect(
      labels("components:\n  a: { kind: client }\n  b: { kind: client }\nlayout:\n  a: { x: 0, y: 0 }\n  |\n"),
    ).toEqual(["b"]);
  });
});

describe("getHover", () => {
  const hover = (marked: string) => {
    const [text, offset] = at(marked);
    return getHover(text, offset, schema);
  };

  it("describes the key under the cursor by its place: a service's replicas, a crash's replicas", () => {
    const [text, offset] = at(
      inExample(
        "    replicas: 2\n    concurrency: 8\n    dependsOn",
        "    repl|icas: 2\n    concurrency: 8\n    dependsOn",
      ),
    );
    const h = getHover(text, offset, schema)!;
    expect(h.contents).toMatch(/^\*\*replicas\*\*\n\nInitial replica count/);
    expect(text.slice(h.from, h.to)).toBe("replicas");
    expect(hover("scenarios:\n  s:\n    faults:\n      - { kind: crash, repl|icas: 1 }\n")!.contents).toMatch(
      /how many replicas stop/,
    );
  });

  it("describes keys inside flow mappings and the choices of an enum", () => {
    expect(hover(inExample("rateLimit: { rps: 5000", "rateLimit: { r|ps: 5000"))!.contents).toMatch(/Refill rate/);
    const balancer = hover("components:\n  a:\n    kind: service\n    bal|ancer: random\n")!;
    expect(balancer.contents).toMatch(/One of: `round-robin`, `least-outstanding`, `random`/);
  });

  it("describes a key's value too, and an entry of a mapping of ids", () => {
    expect(hover("components:\n  a:\n    kind: service\n    replicas: |3\n")!.contents).toMatch(
      /Initial replica count/,
    );
    expect(hover("components:\n  or|der:\n    kind: service\n")!.contents).toMatch(/A component/);
    expect(hover("work: { lognormal: { med|ian: 2ms } }\n")).toBeNull();
    expect(
      hover(inExample("queryTime: { lognormal: { median: 2ms", "queryTime: { lognormal: { med|ian: 2ms"))!.contents,
    ).toMatch(/Median/);
  });

  it("says nothing where the schema knows nothing", () => {
    expect(hover("components:\n  a:\n    kind: service\n    unknownField|: 1\n")).toBeNull();
    expect(hover("# a comment |here\narchsim: 1\n")).toBeNull();
  });
});
