import { describe, expect, it } from "vitest";
import { parseDesign } from "../../model";
import { simulate } from "../index";
import { generateRandomDesign, getRandomDesignStats } from "./random-design";

const SIZES = [1, 2, 5, 50, 200];
const SEEDS = [1, 2, 3, 42, 20240601];

describe("generateRandomDesign", () => {
  for (const services of SIZES) {
    it(`gives valid designs with ${services} services for several seeds`, () => {
      for (const seed of SEEDS) {
        const { design, errors, warnings } = parseDesign(generateRandomDesign({ services, seed }));
        expect(errors.map((e) => `seed ${seed} ${e.line}:${e.col} ${e.path}: ${e.message}`)).toEqual([]);
        expect(warnings.map((w) => `seed ${seed} ${w.path}: ${w.message}`)).toEqual([]);
        const serviceIds = Object.entries(design!.components).filter(([, c]) => c.kind === "service");
        expect(serviceIds).toHaveLength(services);
        expect(design!.scenarios.load?.duration).toBe(60_000);
        expect(design!.scenarios.load?.faults.length).toBeGreaterThanOrEqual(1);
      }
    });
  }

  it("is deterministic: the same options give the same text", () => {
    for (const services of [5, 50, 200]) {
      expect(generateRandomDesign({ services, seed: 7 })).toBe(generateRandomDesign({ services, seed: 7 }));
    }
  });

  it("varies with the seed", () => {
    expect(generateRandomDesign({ services: 50, seed: 1 })).not.toBe(generateRandomDesign({ services: 50, seed: 2 }));
  });

  it("uses every feature the benchmark needs at 200 services", () => {
    const text = generateRandomDesign({ services: 200, seed: 1 });
    const { design } = parseDesign(text);
    const kinds = new Set(Object.values(design!.components).map((c) => c.kind));
    for (const kind of ["client", "gateway", "service", "database", "cache", "broker"]) expect(kinds).toContain(kind);
    for (const needle of [
      "parallel:",
      "branch:",
      "miss:",
      "outbox: true",
      "optional: true",
      "probability:",
      "resilience:",
      "autoscale:",
      "subscribes:",
    ]) {
      expect(text).toContain(needle);
    }
    const mix = Object.values(design!.workloads.main!.mix!);
    expect(Math.abs(mix.reduce((a, b) => a + b, 0) - 1)).toBeLessThan(1e-9);
  });

  it("plans every service and database below 0.8 utilization", () => {
    for (const services of [5, 50, 200]) {
      for (const seed of SEEDS)
        expect(getRandomDesignStats({ services, seed }).maxPlannedUtilization).toBeLessThan(0.8);
    }
  });

  it("runs stably in the simulator: every component below 0.8 utilization, almost every request served", () => {
    for (const services of [5, 50]) {
      for (const seed of [1, 2]) {
        const r = simulate(parseDesign(generateRandomDesign({ services, seed })).design!, {
          scenario: "load",
          seed: 1,
        });
        expect(r.requests.total).toBeGreaterThan(0);
        expect(r.requests.succeeded / r.requests.total).toBeGreaterThan(0.98);
        for (const [id, c] of Object.entries(r.components)) expect([id, c.utilization < 0.8]).toEqual([id, true]);
      }
    }
  });

  it("rejects a size that is not a positive integer", () => {
    expect(() => generateRandomDesign({ services: 0, seed: 1 })).toThrow(RangeError);
    expect(() => generateRandomDesign({ services: 2.5, seed: 1 })).toThrow(RangeError);
  });
});
