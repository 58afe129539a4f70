import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import type { Fault } from "../../model";
import type { SimulationResult } from "../../simulator";
import { getLastRunStore, toLastRun } from "./last-run";

const text = readFileSync("examples/ecommerce.yaml", "utf8");
const result = { scenario: "payment-outage", simulatedSeconds: 300 } as SimulationResult;

describe("the last run", () => {
  it("holds the scenario's faults and the injected ones as spans, a heal cutting short what was active", () => {
    const injected: Fault = { kind: "crash", target: "inventory", at: 200_000 };
    const run = toLastRun(
      { designText: text, scenario: "payment-outage", seed: 7 },
      result,
      [{ fault: injected, atMs: 200_000 }],
      [230_000],
    );
    expect(run.designText).toBe(text);
    expect(run.scenario).toBe("payment-outage");
    expect(run.seed).toBe(7);
    expect(run.result).toBe(result);
    expect(
      run.spans.map((s) => [s.fault.kind, "target" in s.fault ? s.fault.target : "", s.source, s.startMs, s.endMs]),
    ).toEqual([
      ["crash", "payment", "scenario", 60_000, 150_000],
      ["crash", "inventory", "injected", 200_000, 230_000],
    ]);
  });

  it("is one store per document, replaced by the next run", () => {
    const a = {};
    const b = {};
    const run = toLastRun({ designText: text, scenario: "baseline", seed: 1 }, result, [], []);
    getLastRunStore(a).getState().set(run);
    expect(getLastRunStore(a).getState().run).toBe(run);
    expect(getLastRunStore(b).getState().run).toBeNull();
    expect(run.spans).toEqual([]);
  });
});
