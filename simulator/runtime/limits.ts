/**
 * Bounds on what grows with the input during a run. A valid but hostile design (a fan-out
 * that multiplies, a publish loop, a flood into a slow consumer, huge breaker windows on
 * many replicas) stops at one of these with a partial result and its `stopReason`, instead
 * of exhausting memory. docs/design-format.md lists them under "Input limits".
 */
import type { RunLimits } from "../options";

export const RUN_LIMITS: Readonly<RunLimits> = {
  /** Executions started and not yet finished (running, queued, or on their way to a replica). */
  liveExecutions: 500_000,
  /** Message copies published and not yet resolved (queued, in an outbox, being handled). */
  liveCopies: 2_000_000,
  /** Bytes of circuit-breaker windows over all (caller replica, callee) pairs, BREAKER_OVERHEAD_BYTES each included. */
  breakerBytes: 256 * 1024 * 1024,
};

/** What a breaker costs beside its window (the object and its map entry), counted against breakerBytes. */
export const BREAKER_OVERHEAD_BYTES = 96;

/** The stop reason of each limit, as the result reports it. */
export type RunLimitReason = "executions" | "messages" | "breakers";

/**
 * Thrown inside an event when a limit is crossed; the run loop catches it and stops there.
 * Not an Error: it is control flow within the engine and never reaches a caller.
 */
export class RunLimitError {
  constructor(readonly reason: RunLimitReason) {}
}

/**
 * Bounds on sampled traces (trace.ts), so tracing a flood or a publish loop stays small:
 * traces kept at most (a run's `traces.limit` may only lower it), spans recorded per trace
 * (the rest are counted in `droppedSpans`, and their children go unrecorded), traced
 * requests unanswered at once (beyond it the sample skips requests until some are answered),
 * and spans over all the traces read at once (run.traces()): past it the largest traces are
 * cut to their first spans (exportTraces), so the designer's `traces` message stays small
 * enough for the page to receive and check in a few ms (500 traces × 300 spans were ~22 MB
 * and 130–215 ms of validation on the main thread). At least `traces`, so each keeps its root.
 */
export const TRACE_LIMITS = {
  traces: 500,
  spansPerTrace: 300,
  liveTraces: 2_000,
  totalSpans: 10_000,
} as const;

/** The share of the kept traces that failed requests may take (the rest are successes). */
export const FAILED_TRACE_SHARE = 0.5;

/** The share of the kept traces given to the slowest successes. */
export const SLOW_TRACE_SHARE = 0.1;
