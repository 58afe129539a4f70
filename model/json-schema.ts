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
  return {
    ...schema,
    $id: "https://archsim.dev/schema/design-v1.json",
    title: "archsim design (format version 1)",
    $defs: { ...((schema.$defs as object) ?? {}), duration: DURATION, distribution: DISTRIBUTION, step: STEP },
  };
}

function replace(target: Record<string, unknown>, value: Record<string, unknown>): void {
  for (const k of Object.keys(target)) delete target[k];
  Object.assign(target, value);
}
