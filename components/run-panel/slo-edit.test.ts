import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { applyDesignChange, parseDesign, type DesignChange } from "../../model";
import { getSloRoutes } from "../../simulator/slo";
import { formatBudgetInput, formatP99Input, getJudgedRun, getSloEdit } from "./slo-edit";

const ecommerce = readFileSync("examples/ecommerce.yaml", "utf8");

function routeOf(text: string, route: string) {
  const design = parseDesign(text).design!;
  return { design, route: getSloRoutes(design, "payment-outage").find((r) => r.route === route)! };
}

function apply(text: string, edit: ReturnType<typeof getSloEdit>): string {
  if (!("change" in edit) || !edit.change) throw new Error(`no change: ${JSON.stringify(edit)}`);
  return applyDesignChange(text, edit.change as DesignChange).text;
}

describe("getSloEdit", () => {
  it("writes a typed p99 and a budget in percent as the format writes them, and reads them back", () => {
    const { design, route } = routeOf(ecommerce, "POST /orders");
    const edit = getSloEdit(design, route, "300ms", "0.1");
    expect(edit).toEqual({
      change: {
        type: "set",
        path: ["components", "gateway", "slos", "POST /orders"],
        value: { p99: "300ms", errorBudget: 0.001 },
        label: "Set the SLO of POST /orders",
      },
    });
    const text = apply(ecommerce, edit);
    expect(text).toContain("    slos:\n      POST /orders: { p99: 300ms, errorBudget: 0.001 }\n");
    const after = routeOf(text, "POST /orders").route;
    expect(after.slo).toEqual({ p99: 300, errorBudget: 0.001 });
    expect([formatP99Input(after.slo), formatBudgetInput(after.slo)]).toEqual(["300ms", "0.1"]);
  });

  it("accepts a bare number as milliseconds and a trailing %; one field alone is an SLO", () => {
    const { design, route } = routeOf(ecommerce, "GET /products");
    expect(getSloEdit(design, route, "1500", "")).toMatchObject({ change: { value: { p99: "1500ms" } } });
    expect(getSloEdit(design, route, "", "2.5 %")).toMatchObject({ change: { value: { errorBudget: 0.025 } } });
  });

  it("changes nothing when the fields say what the design says", () => {
    const text = apply(
      ecommerce,
      getSloEdit(...(Object.values(routeOf(ecommerce, "POST /orders")) as [never, never]), "300ms", "0.1"),
    );
    const { design, route } = routeOf(text, "POST /orders");
    expect(getSloEdit(design, route, "0.3s", "0.1%")).toEqual({ change: null });
    expect(getSloEdit(design, routeOf(text, "GET /products").route, "", "")).toEqual({ change: null });
  });

  it("removes an SLO whose fields are emptied, and the slos with the last one", () => {
    let text = ecommerce;
    for (const [r, p99] of [
      ["POST /orders", "300ms"],
      ["GET /products", "80ms"],
    ] as const) {
      const { design, route } = routeOf(text, r);
      text = apply(text, getSloEdit(design, route, p99, ""));
    }
    const first = routeOf(text, "POST /orders");
    const removeOne = getSloEdit(first.design, first.route, "", "");
    expect(removeOne).toMatchObject({
      change: { type: "delete", path: ["components", "gateway", "slos", "POST /orders"] },
    });
    text = apply(text, removeOne);
    expect(text).toContain("    slos:\n      GET /products: { p99: 80ms }\n");
    const last = routeOf(text, "GET /products");
    const removeLast = getSloEdit(last.design, last.route, " ", "");
    expect(removeLast).toMatchObject({ change: { type: "delete", path: ["components", "gateway", "slos"] } });
    expect(apply(text, removeLast)).toBe(ecommerce);
  });

  it("refuses what is not a duration or a percentage, saying why", () => {
    const { design, route } = routeOf(ecommerce, "POST /orders");
    expect(getSloEdit(design, route, "5 parsecs", "")).toEqual({
      error: expect.stringMatching(/^p99 target of POST \/orders: invalid duration "5 parsecs"/),
    });
    expect(getSloEdit(design, route, "0ms", "")).toEqual({
      error: "p99 target of POST /orders: must be greater than 0",
    });
    expect(getSloEdit(design, route, "", "120")).toEqual({
      error: 'error budget of POST /orders: a percentage from 0 to 100, got "120"',
    });
    expect(getSloEdit(design, route, "", "a lot")).toEqual({
      error: 'error budget of POST /orders: a percentage from 0 to 100, got "a lot"',
    });
  });
});

describe("the run the SLOs tab judges (rows and badge)", () => {
  it("the last run only when it ran the chosen scenario", () => {
    const run = { scenario: "inventory-slow" };
    expect(getJudgedRun(run, "inventory-slow")).toBe(run);
    expect(getJudgedRun(run, "baseline")).toBeNull();
    expect(getJudgedRun(run, undefined)).toBeNull();
    expect(getJudgedRun(null, "baseline")).toBeNull();
  });
});
