/**
 * Property: over random valid designs with random faults, a run never throws,
 * conserves requests and topic copies, and reports sane figures. Seeds that
 * once failed are pinned below and always run.
 */
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { parseDesign } from "../model";
import { simulate, type SimulationResult } from "./index";
import { generateRandomDesign } from "./testing/random-design";
import { withRandomFaults } from "./testing/random-faults";

/** Seeds (design seed, fault seed, services) that exposed bugs; they stay as regressions. */
const REGRESSIONS: [number, number, number][] = [
  // A crash cleared the replica's bulkhead counts while its calls were in flight; their release then threw.
  [499999, 261885, 10],
];

function checkInvariants(r: SimulationResult): void {
  expect(r.partial).toBe(false);
  const q = r.requests;
  expect(q.total).toBe(q.succeeded + q.failed + q.rejected + q.inFlight);
  expect(q.inFlight).toBeGreaterThanOrEqual(0);
  expect(Object.values(q.causes).reduce((a, b) => a + b, 0)).toBe(q.failed + q.rejected);
  for (const [name, t] of Object.entries(r.topics)) {
    expect(t.published, name).toBe(t.delivered + t.deadLettered + t.lost + t.depth);
    expect(t.depth, name).toBeGreaterThanOrEqual(0);
  }
  for (const [id, c] of Object.entries(r.components)) {
    expect(c.utilization, id).toBeGreaterThanOrEqual(0);
    expect(c.utilization, id).toBeLessThanOrEqual(1 + 1e-9);
    expect(c.cpuUtilization, id).toBeLessThanOrEqual(c.utilization + 1e-9);
    expect(c.meanQueueLength, id).toBeGreaterThanOrEqual(-1e-9);
    expect(c.replicas.min, id).toBeLessThanOrEqual(c.replicas.max);
  }
  for (const v of Object.values(r.latency)) expect(Number.isFinite(v)).toBe(true);
}

function runCase(designSeed: number, faultSeed: number, services: number): void {
  const parsed = parseDesign(generateRandomDesign({ services, seed: designSeed }));
  expect(parsed.errors).toEqual([]);
  const design = withRandomFaults(parsed.design!, faultSeed, 8000);
  const r = simulate(design, { scenario: "load", seed: faultSeed });
  checkInvariants(r);
}

describe("property: random designs under random faults", () => {
  it.each(REGRESSIONS)(
    "pinned regression: design seed %i, fault seed %i, %i services",
    (designSeed, faultSeed, services) => {
      runCase(designSeed, faultSeed, services);
    },
  );

  it("never throws and conserves requests and copies", () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 1_000_000 }),
        fc.integer({ min: 1, max: 1_000_000 }),
        fc.integer({ min: 1, max: 12 }),
        (designSeed, faultSeed, services) => {
          runCase(designSeed, faultSeed, services);
        },
      ),
      { numRuns: Number(process.env.PROPERTY_RUNS ?? 40), seed: Number(process.env.PROPERTY_SEED ?? 20261127) },
    );
  });
});
