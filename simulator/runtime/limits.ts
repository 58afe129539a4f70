/**
 * Bounds on what grows with the input during a run. A valid but hostile design (a fan-out
 * that multiplies, a publish loop, a flood into a slow consumer, huge breaker windows on
 * many replicas) stops at one of these with a partial result and its `stopReason`, instead
 * of exhausting memory. docs/design-format.md lists them under "Input limits".
 */
export const RUN_LIMITS = {
  /** Executions started and not yet finished (running, queued, or on their way to a replica). */
  liveExecutions: 2_000_000,
  /** Message copies published and not yet resolved (queued, in an outbox, being handled). */
  liveCopies: 5_000_000,
  /** Bytes of circuit-breaker windows over all (caller replica, callee) pairs. */
  breakerBytes: 256 * 1024 * 1024,
} as const;

/** The stop reason of each limit, as the result reports it. */
export type RunLimitReason = "executions" | "messages" | "breakers";

/**
 * Thrown inside an event when a limit is crossed; the run loop catches it and stops there.
 * Not an Error: it is control flow within the engine and never reaches a caller.
 */
export class RunLimitError {
  constructor(readonly reason: RunLimitReason) {}
}
