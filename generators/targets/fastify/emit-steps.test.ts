import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { parseDesign, type Design, type Step } from "../../../model";
import { getCallPolicies } from "./design-info";
import { emitList, getOutboxPlan } from "./emit-steps";

function load(path: string): Design {
  const r = parseDesign(readFileSync(path, "utf8"));
  if (!r.design) throw new Error(`${path} does not validate`);
  return r.design;
}

function operation(design: Design, service: string, op: string) {
  const s = design.components[service];
  if (s?.kind !== "service") throw new Error(`no service ${service}`);
  return { service: s, op: s.operations[op]! };
}

/** The database each outbox publish of the operation writes to, by topic (null: the in-memory outbox). */
function bindings(design: Design, service: string, op: string): Record<string, string | null> | undefined {
  const plan = getOutboxPlan(design, operation(design, service, op).op);
  if (!plan) return undefined;
  return Object.fromEntries(
    [...plan.databaseOf].map(([step, db]) => [(step as Extract<Step, { publish: string }>).publish, db ?? null]),
  );
}

describe("getOutboxPlan", () => {
  const ecommerce = load("examples/ecommerce.yaml");
  const banking = load("examples/banking.yaml");

  it("binds an outbox publish to the Postgres database of the query step before it", () => {
    expect(bindings(ecommerce, "order", "create")).toEqual({ "order.created": "orders-db" });
    // inside a branch, after a query written before the branch
    expect(bindings(banking, "transfers", "create")).toEqual({
      "transfer.completed": "accounts-db",
      "transfer.flagged": "accounts-db",
    });
  });

  it("keeps an outbox publish with no query before it in memory, and plans nothing without an outbox publish", () => {
    expect(bindings(banking, "transfers", "executeStandingOrder")).toEqual({ "transfer.completed": null });
    expect(getOutboxPlan(ecommerce, operation(ecommerce, "order", "confirm").op)).toBeUndefined();
  });

  it("ignores a query on a database that is not Postgres", () => {
    const design = load("examples/ecommerce.yaml");
    const db = design.components["orders-db"];
    if (db?.kind === "database") db.tech = "mysql";
    expect(bindings(design, "order", "create")).toEqual({ "order.created": null });
  });
});

describe("emitList with an outbox plan", () => {
  const ecommerce = load("examples/ecommerce.yaml");
  const { service, op } = operation(ecommerce, "order", "create");
  const lines = emitList(op.steps, {
    design: ecommerce,
    serviceId: "order",
    service,
    operationId: "create",
    method: "POST",
    policies: getCallPolicies(service),
    outbox: getOutboxPlan(ecommerce, op),
  }).join("\n");

  it("runs the query in the unit of work and writes the outbox row through it", () => {
    expect(lines).toContain('await query(uow.join(ctx.repositories["orders-db"]), "order", "POST", input, result);');
    expect(lines).toContain(
      'await ctx.outbox.publish(uow, "order.created", { topic: "order.created", source: "order.create", data: result }, ctx.repositories["orders-db"]);',
    );
    expect(lines).not.toContain("ctx.outbox.add");
  });
});
