/** The result object of a run, exactly as the format page's "The result of a run" gives it. */

export interface LatencySummary {
  mean: number;
  p50: number;
  p90: number;
  p95: number;
  p99: number;
  p999: number;
  max: number;
}

export const FAILURE_CAUSES = [
  "timeout",
  "rejected",
  "rateLimited",
  "circuitOpen",
  "bulkhead",
  "crashed",
  "partitioned",
  "error",
  "brokerDown",
] as const;
export type FailureCause = (typeof FAILURE_CAUSES)[number];
export type CauseCounts = Record<FailureCause, number>;

export interface RequestCounts {
  total: number;
  succeeded: number;
  failed: number;
  rejected: number;
  timedOut: number;
  inFlight: number;
  causes: CauseCounts;
}

export interface RouteResult {
  /** Answered after the warm-up: succeeded + failed + rejected. */
  count: number;
  succeeded: number;
  failed: number;
  rejected: number;
  /**
   * Sent after the warm-up and still unanswered when the run ended (the route's share of
   * `requests.inFlight`). Came later: the engine always sets it; optional so that results
   * made without it (kept from an older version, or by hand in tests) still type.
   */
  inFlight?: number;
  latency: LatencySummary;
}

export interface ComponentResult {
  utilization: number;
  cpuUtilization: number;
  throughput: number;
  meanQueueLength: number;
  failed: number;
  latency: LatencySummary;
  replicas: { min: number; max: number; mean: number };
}

export interface TopicResult {
  published: number;
  delivered: number;
  deadLettered: number;
  lost: number;
  depth: number;
  maxDepth: number;
  latency: LatencySummary;
}

export type CircuitState = "closed" | "open" | "halfOpen";

/**
 * One simulated second [t, t+1), warm-up included. `p95`, `causes` and a route's `rejected`
 * came later: the engine always sets them; they are optional so that snapshots made without
 * them (by hand in tests, or by a sender that predates them) still type.
 */
export interface TimeseriesEntry {
  t: number;
  requests: { succeeded: number; failed: number; rejected: number };
  latency: { p50: number; p95?: number; p99: number };
  /** Unsuccessful outcomes (failed and rejected) that reached the client in this second, by cause; they sum to failed + rejected. */
  causes?: CauseCounts;
  /**
   * Per route, the outcomes that reached the client in this second: `count` of them, of which
   * `failed` and `rejected` (refused at the entry); the rest succeeded. Latencies are of the successes.
   */
  routes: Record<string, { count: number; failed: number; rejected?: number; p50: number; p95?: number; p99: number }>;
  components: Record<
    string,
    {
      throughput: number;
      utilization: number;
      queue: number;
      replicas: number;
      failed: number;
      circuits: Record<string, CircuitState>;
    }
  >;
  topics: Record<string, { depth: number }>;
}

/** Why a run stopped early; "inFlight" (an addition to the format) guards memory against an overload that never drains. */
export type StopReason =
  | "events"
  | "wallTime"
  | "cancelled"
  | "inFlight"
  /** Live executions reached their run limit (a fan-out that multiplies). */
  | "executions"
  /** Unresolved message copies reached their run limit (a publish loop, a flood into a slow consumer). */
  | "messages"
  /** Circuit-breaker windows reached their memory limit. */
  | "breakers";

export interface SimulationResult {
  scenario: string;
  seed: number;
  simulatedSeconds: number;
  wallSeconds: number;
  events: number;
  eventsPerSecond: number;
  partial: boolean;
  stopReason?: StopReason;
  requests: RequestCounts;
  latency: LatencySummary;
  routes: Record<string, RouteResult>;
  components: Record<string, ComponentResult>;
  topics: Record<string, TopicResult>;
  timeseries?: TimeseriesEntry[];
}

export function emptyCauses(): CauseCounts {
  return {
    timeout: 0,
    rejected: 0,
    rateLimited: 0,
    circuitOpen: 0,
    bulkhead: 0,
    crashed: 0,
    partitioned: 0,
    error: 0,
    brokerDown: 0,
  };
}
