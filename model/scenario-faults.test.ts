import { describe, expect, it } from "vitest";
import { parseDesign } from "./parse";
import type { Fault } from "./schema";
import {
  faultToInput,
  getFaultLabel,
  getFaultSpans,
  getFreeScenarioName,
  spanToFault,
  toRunScenario,
  type FaultSpan,
} from "./scenario-faults";

const crashPayment: Fault = { kind: "crash", at: 60_000, for: 90_000, target: "payment" };

describe("getFaultSpans", () => {
  it("a scenario fault runs for its `for`; an injected one without `for` until the end of the run", () => {
    const injected: Fault = { kind: "crash", at: 42_137, target: "inventory" };
    const spans = getFaultSpans([crashPayment], [{ fault: injected, atMs: 42_137 }], [], 300_000);
    expect(spans.map((s) => [s.source, s.startMs, s.endMs, s.healed])).toEqual([
      ["injected", 42_137, Infinity, false],
      ["scenario", 60_000, 150_000, false],
    ]);
  });

  it("a heal ends the faults active at that moment, scenario ones too, and nothing that starts later", () => {
    const inj = (atMs: number, forMs?: number) => ({
      fault: { kind: "slowdown", at: atMs, target: "order", factor: 3, ...(forMs ? { for: forMs } : {}) } as Fault,
      atMs,
    });
    // 10 s: slowdown for 30 s (over at 40 s); 50 s: slowdown until recovered; heal at 70 s ends
    // it and payment's crash (60..150 s); 100 s: slowdown until recovered, never healed.
    const spans = getFaultSpans([crashPayment], [inj(10_000, 30_000), inj(50_000), inj(100_000)], [70_000], 300_000);
    expect(spans.map((s) => [s.startMs, s.endMs, s.healed])).toEqual([
      [10_000, 40_000, false],
      [50_000, 70_000, true],
      [60_000, 70_000, true],
      [100_000, Infinity, false],
    ]);
  });

  it("a scenario fault that starts after a stopped run's end did not happen", () => {
    expect(getFaultSpans([crashPayment], [], [], 45_000)).toEqual([]);
  });
});

describe("writing faults back", () => {
  it("writes each kind as the format does", () => {
    expect(faultToInput(crashPayment)).toEqual({ at: "60s", for: "90s", kind: "crash", target: "payment" });
    expect(faultToInput({ kind: "crash", at: 1500, target: "order", replicas: 1 })).toEqual({
      at: "1500ms",
      kind: "crash",
      target: "order",
      replicas: 1,
    });
    expect(faultToInput({ kind: "latency", at: 0, for: 10_000, target: "db", add: { type: "exp", mean: 20 } })).toEqual(
      { at: "0s", for: "10s", kind: "latency", target: "db", add: { exp: "20ms" } },
    );
    expect(faultToInput({ kind: "errors", at: 60_000, target: "payment", probability: 0.2 })).toEqual({
      at: "60s",
      kind: "errors",
      target: "payment",
      probability: 0.2,
    });
    expect(faultToInput({ kind: "partition", at: 5000, for: 20_000, between: ["order", "inventory"] })).toEqual({
      at: "5s",
      for: "20s",
      kind: "partition",
      between: ["order", "inventory"],
    });
  });

  it("a healed span lasts until the heal, in whole ms; an unhealed one keeps its own for", () => {
    const healed: FaultSpan = {
      fault: { kind: "crash", at: 0, target: "x" },
      source: "injected",
      startMs: 42_137.4,
      endMs: 61_000.6,
      healed: true,
    };
    expect(spanToFault(healed)).toEqual({ kind: "crash", at: 42_137, for: 18_864, target: "x" });
    expect(spanToFault({ ...healed, healed: false, endMs: Infinity })).toEqual({
      kind: "crash",
      at: 42_137,
      target: "x",
    });
  });

  it("labels say kind, target and the parameter", () => {
    expect(getFaultLabel(crashPayment)).toBe("crash payment");
    expect(getFaultLabel({ kind: "latency", at: 0, target: "db", add: { type: "const", value: 200 } })).toBe(
      "latency db +200ms",
    );
    expect(getFaultLabel({ kind: "errors", at: 0, target: "p", probability: 0.25 })).toBe("errors p 25%");
    expect(getFaultLabel({ kind: "slowdown", at: 0, target: "o", factor: 3 })).toBe("slowdown o ×3");
    expect(getFaultLabel({ kind: "partition", at: 0, between: ["a", "b"] })).toBe("partition a ↔ b");
  });

  it("a run becomes a scenario that parses, with the faults where they took effect", () => {
    const text = `archsim: 1
name: t
components:
  api: { kind: service, operations: { get: { work: 1ms } } }
  db: { kind: database }
workloads:
  steady: { entry: api.get, rate: 10 }
scenarios:
  base:
    workload: steady
    duration: 120s
    warmup: 10s
    faults:
      - { at: 60s, for: 30s, kind: crash, target: db }
`;
    const design = parseDesign(text).design!;
    const base = design.scenarios.base!;
    const spans = getFaultSpans(
      base.faults,
      [{ fault: { kind: "crash", at: 20_250, target: "api" }, atMs: 20_250 }],
      [75_000],
      120_000,
    );
    const written = toRunScenario(base, spans, 120_000, "Faults of a run of base");
    expect(written).toEqual({
      workload: "steady",
      duration: "120s",
      warmup: "10s",
      description: "Faults of a run of base",
      faults: [
        { at: "20250ms", for: "54750ms", kind: "crash", target: "api" },
        { at: "60s", for: "15s", kind: "crash", target: "db" },
      ],
    });
    const again = parseDesign(text.replace("scenarios:\n", `scenarios:\n  saved: ${JSON.stringify(written)}\n`));
    expect(again.errors).toEqual([]);
    expect(again.design!.scenarios.saved!.faults.map((f) => [f.at, f.for])).toEqual([
      [20_250, 54_750],
      [60_000, 15_000],
    ]);
    // A run shorter than the warm-up keeps none.
    expect(toRunScenario(base, [], 5000)).toEqual({ workload: "steady", duration: "5s", faults: [] });
  });

  it("names the new scenario after the run's, free of the names taken", () => {
    expect(getFreeScenarioName("payment-outage", ["payment-outage"])).toBe("payment-outage-faults");
    expect(getFreeScenarioName("payment-outage", ["payment-outage-faults", "payment-outage-faults-2"])).toBe(
      "payment-outage-faults-3",
    );
    expect(getFreeScenarioName("a".repeat(63), []).length).toBeLessThanOrEqual(63);
  });
});
