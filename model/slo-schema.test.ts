/** The `slos` of a gateway and the `slo` of a direct workload: parsing, one test per message, commands, JSON Schema. */
import { describe, expect, it } from "vitest";
import { applyDesignChange } from "./commands";
import { getDesignJsonSchema } from "./json-schema";
import { parseDesign } from "./parse";
import { printDesign } from "./print";

const design = (gatewayExtra: string, workloadExtra = "") => `archsim: 1
components:
  gateway:
    kind: gateway
    routes:
      POST /orders: order.create
      GET /orders/{id}: order.get
${gatewayExtra}
  order:
    kind: service
    operations:
      create: { http: POST /orders, work: 1ms }
      get: { http: "GET /orders/{id}", work: 1ms }
workloads:
  steady:
    entry: gateway
    rate: 10
    mix: { POST /orders: 0.5, "GET /orders/{id}": 0.5 }
${workloadExtra}
`;

const problems = (text: string) => parseDesign(text).errors.map((e) => `${e.line}:${e.path}: ${e.message}`);

describe("slos", () => {
  it("reads a p99 target as milliseconds and an error budget as a probability", () => {
    const r = parseDesign(
      design(
        `    slos:\n      POST /orders: { p99: 300ms, errorBudget: 0.001 }\n      "GET /orders/{id}": { p99: 1.5s }`,
      ),
    );
    expect(r.errors).toEqual([]);
    const gw = r.design!.components.gateway!;
    expect(gw.kind === "gateway" && gw.slos).toEqual({
      "POST /orders": { p99: 300, errorBudget: 0.001 },
      "GET /orders/{id}": { p99: 1500 },
    });
  });

  it("prints back as written: parse(print(d)) equals d", () => {
    const d = parseDesign(design(`    slos:\n      POST /orders: { p99: 300ms, errorBudget: 0.001 }`)).design!;
    const printed = printDesign(d);
    expect(printed).toContain("    slos:\n      POST /orders:\n        p99: 300ms\n        errorBudget: 0.001\n");
    expect(parseDesign(printed).design).toEqual(d);
  });

  it("a gateway without slos has none (the field is optional, nothing is filled in)", () => {
    const gw = parseDesign(design("")).design!.components.gateway!;
    expect("slos" in gw).toBe(false);
  });

  it("an empty slo is an error at it", () => {
    expect(problems(design(`    slos:\n      POST /orders: {}`))).toEqual([
      '9:components.gateway.slos["POST /orders"]: an slo needs a p99 target, an errorBudget or both (e.g. { p99: 300ms, errorBudget: 0.001 })',
    ]);
  });

  it("a p99 of 0, a budget above 1 and an unknown field are errors at each", () => {
    expect(problems(design(`    slos:\n      POST /orders: { p99: 0, errorBudget: 2, p95: 3 }`))).toEqual([
      `9:components.gateway.slos["POST /orders"].p99: an slo's p99 must be greater than 0`,
      '9:components.gateway.slos["POST /orders"].errorBudget: errorBudget is a probability and must be in [0, 1] (got 2)',
      '9:components.gateway.slos["POST /orders"].p95: unknown field "p95" in an slo (did you mean "p99"?)',
    ]);
  });

  it("an slo for a route the gateway does not have is an error at its key, with a suggestion", () => {
    expect(problems(design(`    slos:\n      POST /order: { p99: 300ms }`))).toEqual([
      '9:components.gateway.slos["POST /order"]: "POST /order" has an slo but is not a route of gateway "gateway" (did you mean "POST /orders"?)',
    ]);
    expect(problems(design(`    slos:\n      DELETE /carts: { p99: 300ms }`))).toEqual([
      '9:components.gateway.slos["DELETE /carts"]: "DELETE /carts" has an slo but is not a route of gateway "gateway"; its routes are POST /orders, GET /orders/{id}',
    ]);
  });

  it("a workload's slo is for a direct entry only", () => {
    expect(problems(design("", "    slo: { p99: 1s }"))).toEqual([
      `19:workloads.steady.slo: a workload's slo is for a <service>.<operation> entry; give the routes of gateway "gateway" their slos there (components.gateway.slos)`,
    ]);
    const direct = design("").replace(
      '    entry: gateway\n    rate: 10\n    mix: { POST /orders: 0.5, "GET /orders/{id}": 0.5 }\n',
      "    entry: order.get\n    rate: 10\n    slo: { errorBudget: 0.01 }\n",
    );
    const r = parseDesign(direct);
    expect(r.errors).toEqual([]);
    expect(r.design!.workloads.steady!.slo).toEqual({ errorBudget: 0.01 });
  });
});

describe("commands keep slos in step with routes", () => {
  it("set writes a route's slo in flow style, delete removes it", () => {
    const text = design("");
    const set = applyDesignChange(text, {
      type: "set",
      path: ["components", "gateway", "slos", "POST /orders"],
      value: { p99: "300ms", errorBudget: 0.001 },
    }).text;
    expect(set).toContain("    slos:\n      POST /orders: { p99: 300ms, errorBudget: 0.001 }\n");
    expect(parseDesign(set).errors).toEqual([]);
    const field = applyDesignChange(set, {
      type: "set",
      path: ["components", "gateway", "slos", "POST /orders", "p99"],
      value: "250ms",
    }).text;
    expect(field).toContain("POST /orders: { p99: 250ms, errorBudget: 0.001 }");
    const gone = applyDesignChange(field, { type: "delete", path: ["components", "gateway", "slos"] }).text;
    expect(gone.trimEnd()).toBe(text.trimEnd());
  });

  it("disconnecting a route drops its slo, and the slos when none is left", () => {
    const text = design(`    slos:\n      GET /orders/{id}: { p99: 50ms }`).replace(
      "      GET /orders/{id}: order.get\n",
      "      GET /orders/{id}: reader.get\n",
    );
    const withReader = text.replace(
      "workloads:",
      '  reader:\n    kind: service\n    operations:\n      get: { http: "GET /orders/{id}" }\nworkloads:',
    );
    const after = applyDesignChange(withReader, {
      type: "disconnect",
      kind: "route",
      source: "gateway",
      target: "reader",
    }).text;
    expect(after).not.toContain("slos");
    expect(after).not.toContain("GET /orders/{id}: reader.get");
  });
});

describe("JSON Schema", () => {
  it("describes slos, slo and their fields", () => {
    const schema = getDesignJsonSchema() as {
      properties: {
        components: { additionalProperties: { oneOf: { properties: Record<string, Record<string, unknown>> }[] } };
        workloads: {
          additionalProperties: {
            properties: Record<string, { properties?: Record<string, { description?: string }>; description?: string }>;
          };
        };
      };
    };
    const gateway = schema.properties.components.additionalProperties.oneOf.find(
      (v) => (v.properties.kind as { const?: string }).const === "gateway",
    )!;
    const slos = gateway.properties.slos as {
      description: string;
      additionalProperties: { description: string; properties: Record<string, { description: string }> };
    };
    expect(slos.description).toMatch(/^Service level objectives of its routes/);
    expect(slos.additionalProperties.description).toMatch(/p99\?, errorBudget\?/);
    expect(slos.additionalProperties.properties.p99!.description).toMatch(/p99 latency target/);
    expect(slos.additionalProperties.properties.errorBudget!.description).toMatch(/0\.001 is 0\.1%/);
    const slo = schema.properties.workloads.additionalProperties.properties.slo!;
    expect(slo.description).toMatch(/<service>\.<operation>` entry/);
    expect(slo.properties!.errorBudget!.description).toMatch(/fail or be rejected/);
  });
});
