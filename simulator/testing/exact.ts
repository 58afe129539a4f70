/**
 * Helpers for tests that run tiny designs through the public API and check answers worked
 * out by hand: a design from YAML text, and a run that keeps every request's outcome. Test
 * support only.
 */
import { expect } from "vitest";
import { parseDesign, type Design } from "../../model";
import { simulate } from "../run";
import type { RequestOutcome, SimulateOptions } from "../options";
import type { SimulationResult } from "../result";

/** Parses a design and fails the test on any error. */
export function design(yaml: string): Design {
  const r = parseDesign(yaml);
  expect(r.errors).toEqual([]);
  return r.design!;
}

export interface OutcomeRun {
  result: SimulationResult;
  /** Every request's outcome, in the order outcomes reached the clients (warm-up included). */
  outcomes: RequestOutcome[];
}

/** Simulates a scenario (seed 1 unless given) and collects every request's outcome. */
export function runOutcomes(d: Design, options: Omit<SimulateOptions, "onRequestDone">): OutcomeRun {
  const outcomes: RequestOutcome[] = [];
  const result = simulate(d, { seed: 1, ...options, onRequestDone: (o) => outcomes.push(o) });
  return { result, outcomes };
}

/** A request's outcome in short: [sentAt, latency, cause or "ok"], the form hand-worked answers take. */
export function brief(o: RequestOutcome): [number, number, string] {
  return [o.sentAt, o.doneAt - o.sentAt, o.cause ?? "ok"];
}
