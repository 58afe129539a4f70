/**
 * Random faults for a random design (tests only): a few crashes, latency, errors, partitions
 * and slowdowns at random times, now and then a non-durable broker or a short queue.
 */
import type { Design, Fault } from "../../model";

const FAULT_KINDS = ["crash", "latency", "errors", "partition", "slowdown"] as const;

/** A small deterministic PRNG for picking faults (tests may not use Math.random either: determinism). */
export function prng(seed: number): () => number {
  let s = seed >>> 0 || 1;
  return () => {
    s ^= s << 13;
    s ^= s >>> 17;
    s ^= s << 5;
    return (s >>> 0) / 4294967296;
  };
}

export function withRandomFaults(design: Design, faultSeed: number, durationMs: number): Design {
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
