/**
 * A run's faults as time spans, and a run turned back into a scenario: the scenario's own
 * faults and those injected while it ran, each from when it took effect to when it ended (its
 * `for`, a "recover all", or the end of the run). The timeline draws the spans; "save faults as
 * scenario" writes them as the format writes faults (docs/design-format.md §9).
 */
import { distributionToInput } from "./print";
import type { Fault, Scenario } from "./schema";

/** A fault injected during a run, with the simulated ms it took effect. */
export type InjectedFault = { fault: Fault; atMs: number };

/** One fault of a run, as it happened. */
export interface FaultSpan {
  fault: Fault;
  source: "scenario" | "injected";
  /** When it took effect, in simulated ms. */
  startMs: number;
  /** When it ended: its `for`, a heal, or Infinity (until the end of the run). */
  endMs: number;
  /** Whether a "recover all" ended it before its own end. */
  healed: boolean;
}

/**
 * The spans of a run's faults: the scenario's (those starting before `runEndMs`) and the
 * injected ones, in order of start. A heal at h ends every fault active at h, as the engine's
 * healAll does: started before h and not yet over.
 */
export function getFaultSpans(
  scenarioFaults: readonly Fault[],
  injected: readonly InjectedFault[],
  healedAtMs: readonly number[],
  runEndMs: number,
): FaultSpan[] {
  const heals = [...healedAtMs].sort((a, b) => a - b);
  const span = (fault: Fault, source: FaultSpan["source"], startMs: number): FaultSpan => {
    const own = fault.for === undefined ? Infinity : startMs + fault.for;
    const heal = heals.find((h) => h > startMs && h < own);
    return { fault, source, startMs, endMs: heal ?? own, healed: heal !== undefined };
  };
  return [
    ...scenarioFaults.filter((f) => f.at < runEndMs).map((f) => span(f, "scenario", f.at)),
    ...injected.map((i) => span(i.fault, "injected", i.atMs)),
  ].sort((a, b) => a.startMs - b.startMs);
}

/** What a fault hits: `payment`, `order ↔ inventory`. */
export function getFaultTarget(f: Fault): string {
  return f.kind === "partition" ? `${f.between[0]} ↔ ${f.between[1]}` : f.target;
}

/** A fault in a few words: `crash payment`, `latency inventory +200ms`, `errors payment 20%`. */
export function getFaultLabel(f: Fault): string {
  const who = `${f.kind} ${getFaultTarget(f)}`;
  switch (f.kind) {
    case "crash":
      return f.replicas ? `${who} (${f.replicas} replicas)` : who;
    case "latency": {
      const add = distributionToInput(f.add);
      return typeof add === "string" ? `${who} +${add}` : who;
    }
    case "errors":
      return `${who} ${Math.round(f.probability * 1000) / 10}%`;
    case "slowdown":
      return `${who} ×${f.factor}`;
    case "partition":
      return who;
  }
}

/**
 * A duration as a timeline reads it, exact: whole seconds as `90s` (not `1m30s`), else whole
 * ms as `42137ms`. The ms are rounded first: a fault takes effect at a simulated ms.
 */
export function formatTimelineDuration(ms: number): string {
  const whole = Math.round(ms);
  return whole % 1000 === 0 ? `${whole / 1000}s` : `${whole}ms`;
}

/**
 * A fault as the format writes it: `{ at: 60s, for: 90s, kind: crash, target: payment }`,
 * durations in whole seconds or ms (formatTimelineDuration), distributions in their written form.
 */
export function faultToInput(f: Fault): Record<string, unknown> {
  const out: Record<string, unknown> = { at: formatTimelineDuration(f.at) };
  if (f.for !== undefined) out.for = formatTimelineDuration(f.for);
  out.kind = f.kind;
  switch (f.kind) {
    case "crash":
      out.target = f.target;
      if (f.replicas !== undefined) out.replicas = f.replicas;
      break;
    case "latency":
      out.target = f.target;
      out.add = distributionToInput(f.add);
      break;
    case "errors":
      out.target = f.target;
      out.probability = f.probability;
      break;
    case "slowdown":
      out.target = f.target;
      out.factor = f.factor;
      break;
    case "partition":
      out.between = [...f.between];
      break;
  }
  return out;
}

/**
 * The fault a span replays: at the whole ms it took effect, for as long as it lasted. A fault
 * that was never healed keeps its own `for` (none: until the end of the run).
 */
export function spanToFault(s: FaultSpan): Fault {
  const at = Math.round(s.startMs);
  if (!s.healed) return { ...s.fault, at };
  // At least 1 ms: `for` must be positive.
  return { ...s.fault, at, for: Math.max(1, Math.round(s.endMs) - at) };
}

/**
 * A run written as a new scenario: the run's workload, duration and warm-up, and its faults as
 * they happened (the scenario's own, cut short where a heal ended them, and the injected ones).
 * @example
 * toRunScenario(design.scenarios["payment-outage"]!, spans, 300_000, "Faults of a run")
 * // { workload: "steady", duration: "300s", warmup: "10s", faults: [{ at: "60s", for: "90s", … }, …] }
 */
export function toRunScenario(
  base: Scenario,
  spans: readonly FaultSpan[],
  durationMs: number,
  description?: string,
): Record<string, unknown> {
  const out: Record<string, unknown> = { workload: base.workload, duration: formatTimelineDuration(durationMs) };
  // The warm-up must stay shorter than the run; a shorter run than the scenario's keeps none.
  if (base.warmup > 0 && base.warmup < durationMs) out.warmup = formatTimelineDuration(base.warmup);
  if (description) out.description = description;
  out.faults = spans.map((s) => faultToInput(spanToFault(s)));
  return out;
}

/** The first of `<base>-faults`, `<base>-faults-2`, … that is not taken, within the format's 63 characters. */
export function getFreeScenarioName(base: string, taken: readonly string[]): string {
  const stem = `${base.slice(0, 50)}-faults`;
  if (!taken.includes(stem)) return stem;
  for (let n = 2; ; n++) if (!taken.includes(`${stem}-${n}`)) return `${stem}-${n}`;
}
