import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { parseDesign } from "../../../model";
import { simulate } from "../../../simulator";
import { toLastRun } from "../../store/last-run";
import { checkBlastAgainstRun } from "./blast-check";

// ecommerce with a scenario that crashes inventory from 30 s to 60 s.
const TEXT =
  readFileSync("examples/ecommerce.yaml", "utf8") +
  "  inventory-outage:\n    workload: steady\n    duration: 90s\n    warmup: 10s\n    faults:\n      - { at: 30s, for: 30s, kind: crash, target: inventory }\n";
const design = parseDesign(TEXT).design!;
const result = simulate(design, { scenario: "inventory-outage", seed: 1, timeseries: true });
const run = toLastRun({ designText: TEXT, scenario: "inventory-outage", seed: 1 }, result, [], []);

describe("the blast radius checked against the last run", () => {
  it("the run's own design: every route's prediction confirmed", () => {
    const check = checkBlastAgainstRun(design, "inventory", run);
    expect(check.kind).toBe("checked");
    if (check.kind !== "checked") return;
    expect(check.heading).toBe("Confirmed in the last run (inventory-outage, seed 1)");
    expect(check.rows.map((r) => [r.route, r.predicted, r.check])).toEqual([
      ["POST /orders", "fails", "confirmed"],
      ["GET /orders/{id}", "none", "confirmed"],
      ["GET /products", "fails", "confirmed"],
    ]);
    expect(check.mismatches).toBe(0);
  });

  it("canvas positions alone do not change the design", () => {
    const moved = parseDesign(TEXT + "layout:\n  inventory: { x: 40, y: 80 }\n").design!;
    expect(checkBlastAgainstRun(moved, "inventory", run).kind).toBe("checked");
  });

  it("the design changed since the run (order no longer calls inventory): nothing is judged", () => {
    const edited = parseDesign(TEXT.replace("          - call: inventory.reserve\n", "")).design!;
    expect(edited).not.toBeNull();
    expect(checkBlastAgainstRun(edited, "inventory", run)).toEqual({
      kind: "changed",
      which: "inventory-outage, seed 1",
    });
  });

  it("a component the run did not take down", () => {
    expect(checkBlastAgainstRun(design, "payment", run)).toEqual({
      kind: "notDown",
      which: "inventory-outage, seed 1",
    });
  });

  it("when a prediction does not hold the heading counts the confirmed ones, never 'Confirmed'", () => {
    // The same run, but POST /orders observed without a failure in the crash window.
    const timeseries = result.timeseries!.map((e) => ({
      ...e,
      routes: { ...e.routes, "POST /orders": { ...e.routes["POST /orders"]!, failed: 0 } },
    }));
    const odd = { ...run, result: { ...result, timeseries } };
    const check = checkBlastAgainstRun(design, "inventory", odd);
    expect(check.kind).toBe("checked");
    if (check.kind !== "checked") return;
    expect(check.rows.map((r) => [r.route, r.check])).toEqual([
      ["POST /orders", "mismatch"],
      ["GET /orders/{id}", "confirmed"],
      ["GET /products", "confirmed"],
    ]);
    expect(check.mismatches).toBe(1);
    expect(check.heading).toBe("Checked against the last run (inventory-outage, seed 1): 2 of 3 confirmed");
  });
});
