/** Inputs of a run. Time is passed in (a Clock), never ambient, so runs are deterministic. */

/** Wall-clock source for the two wall fields and the wall-time limit; performance.now() in Node or a worker. */
export interface Clock {
  now(): number;
}

/** The part of AbortSignal the simulator reads (checked between event batches). */
export interface AbortSignalLike {
  readonly aborted: boolean;
}

export interface RequestOutcome {
  /** The route key (gateway route, or "<service>.<operation>" for a direct entry). */
  route: string;
  /** Simulated ms when the client sent it, and when the outcome came back. */
  sentAt: number;
  doneAt: number;
  ok: boolean;
  /** The cause of an unsuccessful request (a FailureCause), undefined when ok. */
  cause?: string;
  rejected: boolean;
}

/** Bounds on what grows with the input during a run (defaults: RUN_LIMITS in runtime/limits.ts). */
export interface RunLimits {
  /** Executions started and not yet finished. */
  liveExecutions: number;
  /** Message copies published and not yet resolved. */
  liveCopies: number;
  /** Bytes of circuit-breaker windows. */
  breakerBytes: number;
}

/**
 * Sampled request traces (see simulator/runtime/trace.ts): every `every`-th counted request
 * (default 1: all), at most `limit` kept (default and maximum TRACE_LIMITS.traces).
 */
export interface TraceOptions {
  every?: number;
  limit?: number;
}

export interface SimulateOptions {
  /** Scenario name from the design's `scenarios`. */
  scenario: string;
  /** PRNG seed; the same seed gives the same result. Default 1. */
  seed?: number;
  /** Overrides the scenario's duration (ms, warm-up included). */
  durationMs?: number;
  /** Include the per-second `timeseries`. */
  timeseries?: boolean;
  /** Stop with a partial result after this many events. Default 500 million. */
  maxEvents?: number;
  /**
   * Stop with a partial result (stopReason "inFlight") when more requests than this are in
   * flight at once: an overload that never drains would otherwise grow until memory runs out.
   * Default 1,000,000.
   */
  maxInFlight?: number;
  /**
   * Bounds on live executions, message copies and breaker memory (see RUN_LIMITS); a run
   * that crosses one stops with a partial result and the limit's stopReason.
   */
  limits?: Partial<RunLimits>;
  /** Stop with a partial result after this much wall time (ms), measured with `clock`. Default unlimited. */
  maxWallMs?: number;
  clock?: Clock;
  signal?: AbortSignalLike;
  /**
   * Called when a request's outcome reaches its client (warm-up included): the raw
   * material of trace views and of tests that look at one time window.
   */
  onRequestDone?: (outcome: RequestOutcome) => void;
  /** Called about every simulated second with the share done, in [0, 1]. */
  onProgress?: (fraction: number) => void;
  /**
   * Record sampled request traces, read with the run's `traces()`. Off when absent. They are
   * not part of the result, and recording them changes nothing in it.
   */
  traces?: TraceOptions;
}
