/**
 * Property: over random valid designs with random faults, a run never throws,
 * conserves requests and topic copies, and reports sane figures. Seeds that
 * once failed are pinned below and always run.
 */
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { parseDesign, type Design, type Fault } from "../model";
import { simulate, type SimulationResult } from "./index";
import { generateRandomDesign } from "./testing/random-design";

/** Seeds (design seed, fault seed, services) that exposed bugs; they stay as regressions. */
const REGRESSIONS: [number, number, number][] = [
  // A crash cleared the replica's bulkhead counts while its calls were in flight; their release then threw.
  [499999, 261885, 10],
];

const FAULT_KINDS = ["crash", "latency", "errors", "partition", "slowdown"] as const;

/** A small deterministic PRNG for picking faults (tests may not use Math.random either: determinism). */
function prng(seed: number): () => number {
  let s = seed >>> 0 || 1;
  return () => {
    s ^= s << 13;
    s ^= s >>> 17;
    s ^= s << 5;
    return (s >>> 0) / 4294967296;
  };
}

function withRandomFaults(design: Design, faultSeed: number, durationMs: number): Design {
  const rnd = prng(faultSeed);
  const ids = Object.keys(design.components).filter((id) => design.components[id]!.kind !== "client");
  const services = ids.filter((id) => design.components[id]!.kind === "service");
  const pick = <T>(xs: readonly T[]) => xs[Math.floor(rnd() * xs.length)]!;
  const faults: Fault[] = [];
  const count = 1 + Math.floor(rnd() * 5);
  for (let i = 0; i < count; i++) {
    const kind = pick(FAULT_KINDS);
    const at = Math.floor(rnd() * durationMs * 0.8);
    const forMs = rnd() < 0.2 ? undefined : 200 + Math.floor(rnd() * durationMs * 0.5);
    const base = { at, ...(forMs === undefined ? {} : { for: forMs }) };
    if (kind === "crash")
      faults.push({ ...base, kind, target: pick(ids), ...(rnd() < 0.3 ? { replicas: 1 } : {}) } as Fault);
    else if (kind === "latency")
      faults.push({ ...base, kind, target: pick(services), add: { type: "exp", mean: 1 + rnd() * 50 } } as Fault);
    else if (kind === "errors") faults.push({ ...base, kind, target: pick(services), probability: rnd() } as Fault);
    else if (kind === "slowdown")
      faults.push({ ...base, kind, target: pick(services), factor: 0.5 + rnd() * 4 } as Fault);
    else {
      const a = pick(ids);
      const b = pick(ids.filter((x) => x !== a));
      faults.push({ ...base, kind, between: [a, b] } as Fault);
    }
  }
  // Crash faults on a non-service take no `replicas`.
  for (const f of faults)
    if (f.kind === "crash" && design.components[f.target]!.kind !== "service")
      delete (f as { replicas?: number }).replicas;
  const scenario = { ...design.scenarios.load!, duration: durationMs, warmup: Math.floor(rnd() * 2000), faults };
  // Make the broker non-durable now and then, so lost copies are exercised.
  const components = { ...design.components };
  for (const id of ids) {
    const c = components[id]!;
    if (c.kind === "broker" && rnd() < 0.5) components[id] = { ...c, durable: false };
    if (c.kind === "service" && rnd() < 0.3) components[id] = { ...c, queue: Math.floor(rnd() * 4) };
  }
  return { ...design, components, scenarios: { ...design.scenarios, load: scenario } };
}

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
