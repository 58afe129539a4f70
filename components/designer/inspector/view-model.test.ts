import { describe, expect, it } from "vitest";
import { createFieldReader } from "../../../model";
import {
  checkDraft,
  describeStep,
  findEdgeSteps,
  freeName,
  getDesignRefs,
  getFieldProblems,
  newStep,
  parseEdgeId,
} from "./view-model";
import { parseDesign } from "../../../model";

const TEXT = `archsim: 1
components:
  gw: { kind: gateway, routes: { POST /orders: order.create } }
  order:
    kind: service
    operations:
      create:
        http: POST /orders
        steps:
          - call: stock.reserve
            timeout: 200ms
          - parallel:
              - { call: stock.check }
              - { query: db }
          - cache: geo
            miss: [ { query: db } ]
          - branch:
              - { weight: 1, steps: [ { publish: order.created } ] }
  stock:
    kind: service
    operations: { reserve: {}, check: {} }
    subscribes: { order.paid: reserve }
  db: { kind: database }
  geo: { kind: cache }
  web: { kind: client }
workloads:
  steady: { source: web, entry: gw, rate: 10, mix: { POST /orders: 1 } }
`;
const design = createFieldReader(TEXT).value([]);

describe("the inspector's view of a design's text", () => {
  it("knows the names fields refer to, nested publishes and subscriptions included", () => {
    const refs = getDesignRefs(design);
    expect(refs.targets).toEqual(["order.create", "stock.reserve", "stock.check"]);
    expect(refs.services).toEqual(["order", "stock"]);
    expect(refs.databases).toEqual(["db"]);
    expect(refs.caches).toEqual(["geo"]);
    expect(refs.clients).toEqual(["web"]);
    expect(refs.topics).toEqual(["order.created", "order.paid"]);
    expect(refs.routes).toEqual({ gw: ["POST /orders"] });
    expect(refs.workloads).toEqual(["steady"]);
  });

  it("makes new steps that refer to what the design has, and placeholders the model flags otherwise", () => {
    const refs = getDesignRefs(design);
    expect(newStep("call", refs, "order")).toEqual({ call: "stock.reserve" });
    expect(newStep("call", refs, "stock")).toEqual({ call: "order.create" });
    expect(newStep("query", refs, "order")).toEqual({ query: "db" });
    expect(newStep("cache", refs, "order")).toEqual({ cache: "geo" });
    expect(newStep("publish", refs, "order")).toEqual({ publish: "order.created" });
    expect(newStep("parallel", refs, "order")).toEqual({ parallel: [] });
    expect(newStep("branch", refs, "order")).toEqual({ branch: [{ weight: 1, steps: [] }] });
    const empty = getDesignRefs({ components: {} });
    expect(newStep("publish", empty, "order")).toEqual({ publish: "order.updated" });
    expect(newStep("call", empty, "order")).toEqual({ call: "service.operation" });
  });

  it("describes steps in one line", () => {
    expect(describeStep({ call: "stock.reserve", timeout: "1s" })).toBe("call stock.reserve");
    expect(describeStep({ parallel: [{}, {}] })).toBe("parallel (2 steps)");
    expect(describeStep({ branch: [{}] })).toBe("branch (1 alternative)");
    expect(describeStep({ oops: 1 })).toBe("step");
  });

  it("reads an edge's id and finds the steps it draws, nested ones with their full paths", () => {
    expect(parseEdgeId("call:order->stock")).toEqual({ kind: "call", source: "order", target: "stock" });
    expect(parseEdgeId("query:orders-db->x-y")).toEqual({ kind: "query", source: "orders-db", target: "x-y" });
    expect(parseEdgeId("nonsense")).toBeUndefined();
    expect(parseEdgeId("teleport:a->b")).toBeUndefined();
    const op = ["components", "order", "operations", "create", "steps"];
    expect(findEdgeSteps(design, { kind: "call", source: "order", target: "stock" }).map((s) => s.path)).toEqual([
      [...op, 0],
      [...op, 1, "parallel", 0],
    ]);
    expect(findEdgeSteps(design, { kind: "query", source: "order", target: "db" }).map((s) => s.path)).toEqual([
      [...op, 1, "parallel", 1],
      [...op, 2, "miss", 0],
    ]);
    const pub = findEdgeSteps(design, { kind: "publish", source: "order", target: "broker" });
    expect(pub).toEqual([
      { operation: "create", path: [...op, 3, "branch", 0, "steps", 0], step: { publish: "order.created" } },
    ]);
    expect(findEdgeSteps(design, { kind: "call", source: "nobody", target: "stock" })).toEqual([]);
  });

  it("gives the model's diagnostics of a field, and of a draft before it is written", () => {
    const timeout = ["components", "order", "operations", "create", "steps", 0, "timeout"];
    const draft = checkDraft(TEXT, timeout, "-5ms");
    expect(draft.map((d) => [d.severity, d.path, d.message])).toEqual([
      ["error", "components.order.operations.create.steps[0].timeout", "a duration cannot be negative (got -5ms)"],
    ]);
    expect(checkDraft(TEXT, timeout, "250ms")).toEqual([]);
    expect(checkDraft(TEXT, timeout, "")).toEqual([]);
    // A key with a space is matched through the model's own path format.
    const mix = ["workloads", "steady", "mix", "POST /orders"];
    expect(checkDraft(TEXT, mix, "2").map((d) => d.message)).toEqual([
      "a mix weight is a probability and must be in [0, 1] (got 2)",
    ]);
    // Problems at a path and inside it; with exact, only at it; errors before warnings.
    const bad = parseDesign(TEXT.replace("rate: 10", "rate: -1").replace("timeout: 200ms", "timeout: 1parsec"));
    const all = [...bad.errors, ...bad.warnings];
    expect(getFieldProblems(all, ["workloads", "steady"]).map((d) => d.path)).toEqual(["workloads.steady.rate"]);
    expect(getFieldProblems(all, ["workloads", "steady"], true)).toEqual([]);
  });

  it("picks a free name", () => {
    expect(freeName("steady", [])).toBe("steady");
    expect(freeName("steady", ["steady", "steady-2"])).toBe("steady-3");
  });
});
