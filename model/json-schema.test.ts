import { readdirSync, readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { getDesignJsonSchema } from "./json-schema";
import { parseDesign } from "./parse";
import { COMPONENT_KINDS } from "./schema";

type Schema = Record<string, unknown> & {
  properties?: Record<string, Schema>;
  required?: string[];
  additionalProperties?: boolean | Schema;
  oneOf?: Schema[];
  anyOf?: Schema[];
  $ref?: string;
};

const EXAMPLES = fileURLToPath(new URL("../examples/", import.meta.url));
const examples = readdirSync(EXAMPLES)
  .filter((f) => /\.(ya?ml|json)$/.test(f))
  .sort()
  .map(
    (f) => [f, parseDesign(readFileSync(EXAMPLES + f, "utf8")).document!.toJS() as Record<string, unknown>] as const,
  );

const schema = getDesignJsonSchema() as Schema;
const defs = schema.$defs as Record<string, Schema>;

function resolve(s: Schema): Schema {
  if (typeof s.$ref === "string" && s.$ref.startsWith("#/$defs/")) return defs[s.$ref.slice("#/$defs/".length)]!;
  return s;
}

/** The branch of a component's oneOf whose kind is `kind`. */
function componentSchema(kind: string): Schema {
  const components = schema.properties!.components!;
  const union = resolve(components.additionalProperties as Schema);
  const variants = (union.oneOf ?? union.anyOf)!.map(resolve);
  return variants.find((v) => (v.properties?.kind as { const?: string } | undefined)?.const === kind)!;
}

const components = () => schema.properties!.components!;

describe("getDesignJsonSchema", () => {
  it("is JSON: it survives stringify and parse unchanged", () => {
    expect(JSON.parse(JSON.stringify(schema))).toEqual(schema);
  });

  it("is draft 2020-12 with an id and a title", () => {
    expect(schema.$schema).toBe("https://json-schema.org/draft/2020-12/schema");
    expect(schema.$id).toMatch(/^https:\/\//);
    expect(schema.title).toMatch(/archsim/);
  });

  it("describes the top level: required archsim and components, nothing else allowed", () => {
    expect(Object.keys(schema.properties!).sort()).toEqual([
      "archsim",
      "components",
      "description",
      "layout",
      "name",
      "network",
      "scenarios",
      "workloads",
    ]);
    expect(schema.required).toEqual(expect.arrayContaining(["archsim", "components"]));
    expect(schema.additionalProperties).toBe(false);
    expect(schema.properties!.archsim).toMatchObject({ const: 1 });
  });

  it("has one component schema per kind, each closed to unknown fields", () => {
    for (const kind of COMPONENT_KINDS) {
      const c = componentSchema(kind);
      expect(c, kind).toBeDefined();
      expect(c.additionalProperties, kind).toBe(false);
      expect(c.required, kind).toContain("kind");
    }
    expect(componentSchema("service").required).toEqual(expect.arrayContaining(["kind", "operations"]));
    expect(componentSchema("gateway").required).toEqual(expect.arrayContaining(["kind", "routes"]));
  });

  it("describes durations, distributions and steps by their written form", () => {
    expect(Object.keys(defs)).toEqual(expect.arrayContaining(["duration", "distribution", "step"]));
    const pattern = new RegExp((defs.duration!.anyOf![1] as { pattern: string }).pattern);
    for (const ok of ["250us", "8ms", "1.5s", "2m", "1h"]) expect(pattern.test(ok), ok).toBe(true);
    for (const bad of ["5 parsecs", "2 min", "µs", "-5ms"]) expect(pattern.test(bad), bad).toBe(false);
    expect(JSON.stringify(defs.distribution)).toMatch(/lognormal/);
    expect(defs.step!.oneOf).toHaveLength(6);
  });

  it.each(examples)("accepts the structure of %s: every field it uses is a property the schema knows", (_name, doc) => {
    for (const key of Object.keys(doc)) expect(Object.keys(schema.properties!), key).toContain(key);
    for (const [id, c] of Object.entries(doc.components as Record<string, Record<string, unknown>>)) {
      const s = componentSchema(c.kind as string);
      for (const field of Object.keys(c)) expect(Object.keys(s.properties!), `${id}.${field}`).toContain(field);
      for (const req of s.required ?? []) expect(Object.keys(c), `${id} needs ${req}`).toContain(req);
    }
    const workload = resolve(schema.properties!.workloads!.additionalProperties as Schema);
    for (const w of Object.values((doc.workloads ?? {}) as Record<string, Record<string, unknown>>)) {
      for (const field of Object.keys(w)) expect(Object.keys(workload.properties!)).toContain(field);
    }
    const scenario = resolve(schema.properties!.scenarios!.additionalProperties as Schema);
    for (const s of Object.values((doc.scenarios ?? {}) as Record<string, Record<string, unknown>>)) {
      for (const field of Object.keys(s)) expect(Object.keys(scenario.properties!)).toContain(field);
    }
  });

  it("describes every field, so an editor can show what it means", () => {
    const undescribed: string[] = [];
    const walk = (node: unknown, path: string) => {
      if (Array.isArray(node)) node.forEach((n, i) => walk(n, `${path}/${i}`));
      else if (node && typeof node === "object") {
        const s = node as Schema;
        for (const [key, prop] of Object.entries(s.properties ?? {}))
          if (typeof prop.description !== "string" || prop.description.length < 10) undescribed.push(`${path}/${key}`);
        for (const [key, child] of Object.entries(s)) walk(child, `${path}/${key}`);
      }
    };
    walk(schema, "");
    expect(undescribed).toEqual([]);
  });

  it("describes a field by where it is: the same name means what its kind or part says", () => {
    const service = componentSchema("service").properties!;
    expect(service.replicas!.description).toMatch(/^Initial replica count.*Default 1\./);
    expect(service.balancer!.description).toMatch(/round-robin, least-outstanding or random/);
    expect(service.kind!.description).toMatch(/client, gateway, service/);
    expect(componentSchema("gateway").properties!.overhead!.description).toMatch(/auth, routing, TLS/);
    expect(componentSchema("observability").properties!.overhead!.description).toMatch(/every operation/);
    const retries = service.resilience!.properties!.retries!;
    expect(retries.description).toMatch(/max, backoff\?, jitter\?/);
    expect(retries.properties!.max!.description).toMatch(/at most 3 attempts/);
    const scenario = resolve(schema.properties!.scenarios!.additionalProperties as Schema);
    const faults = (scenario.properties!.faults as Schema & { items: Schema }).items.oneOf!;
    const crash = faults.find((f) => (f.properties!.kind as { const?: string }).const === "crash")!;
    expect(crash.properties!.replicas!.description).toMatch(/how many replicas stop/);
    expect(crash.properties!.at!.description).toMatch(/Start time/);
    const call = defs.step!.oneOf!.find((v) => v.properties!.call)!;
    expect(call.properties!.timeout!.description).toMatch(/replacing the service's/);
    expect((components().additionalProperties as Schema).description).toMatch(/^A component/);
  });

  it("adds descriptions without changing what it validates, and each call gets its own copy", () => {
    const a = getDesignJsonSchema() as Schema;
    ((a.$defs as Record<string, Schema>).step!.oneOf![0]!.properties!.call as Schema).description = "changed";
    expect(JSON.stringify(getDesignJsonSchema())).not.toMatch(/"changed"/);
    // A $ref keeps its target, with the field's meaning beside it.
    expect(componentSchema("service").properties!.coldStart).toMatchObject({
      $ref: "#/$defs/duration",
      description: expect.stringMatching(/from \(re\)start to serving/),
    });
  });
});
