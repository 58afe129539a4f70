/** Words for the run panel's status line, apart from React so they can be tested headless. */
import {
  DEFAULT_MAX_EVENTS,
  DEFAULT_MAX_IN_FLIGHT,
  RUN_LIMITS,
  type RunSnapshot,
  type SimulationResult,
} from "../../simulator";

const n = (x: number) => x.toLocaleString("en-US");

/** Why a run stopped early, in words, with the limit it crossed (the designer runs with the defaults). */
const STOP_REASONS: Record<string, string> = {
  cancelled: "stopped before the end",
  inFlight: `more than ${n(DEFAULT_MAX_IN_FLIGHT)} requests in flight at once (the overload never drains)`,
  events: `the event limit (${n(DEFAULT_MAX_EVENTS)}) was reached`,
  wallTime: "the wall-time limit was reached",
  executions: `more than ${n(RUN_LIMITS.liveExecutions)} executions live at once (requests arrive faster than they finish and pile up, or a fan-out multiplies)`,
  messages: `more than ${n(RUN_LIMITS.liveCopies)} message copies unresolved at once (a publish loop or a flood)`,
  breakers: `circuit-breaker memory reached its limit (${n(RUN_LIMITS.breakerBytes / 1024 / 1024)} MiB)`,
};

/** The panel's one-line status: the phase, and for a finished run its size or why it is partial. */
export function getRunStatusLine(phase: string, result: SimulationResult | null, error: string | null): string {
  switch (phase) {
    case "idle":
      return "Choose a scenario and press Run.";
    case "running":
      return "Running…";
    case "paused":
      return "Paused.";
    case "stopped":
      return "Stopped.";
    case "failed":
      return `The run failed: ${error ?? "unknown error"}`;
    case "finished":
      if (result?.partial)
        return `Partial result after ${formatSeconds(result.simulatedSeconds)}: ${STOP_REASONS[result.stopReason ?? ""] ?? result.stopReason}.`;
      return `Done: ${result?.requests.total.toLocaleString("en-US") ?? 0} requests in ${formatSeconds(result?.simulatedSeconds ?? 0)} simulated.`;
    default:
      return "";
  }
}

export function formatSeconds(s: number): string {
  return `${Number.isInteger(s) ? s : s.toFixed(1)} s`;
}

export type ReadoutRows = {
  routes: [string, { count: number; failed: number; p99: number }][];
  topics: [string, { depth: number; peak: number }][];
};

/**
 * The run panel's readout: per route the requests, those not answered well (failed or
 * rejected) and the latest p99, summed over the snapshots up to `cursor` (all with null); per
 * topic the depth at the last of them and the peak. A finished run's own figures (warm-up
 * excluded) replace the sums when the cursor follows the run.
 */
export function getReadoutRows(
  snapshots: readonly RunSnapshot[],
  result: SimulationResult | null,
  cursor: number | null,
): ReadoutRows {
  const routes = new Map<string, { count: number; failed: number; p99: number }>();
  const topics = new Map<string, { depth: number; peak: number }>();
  for (const s of snapshots) {
    if (cursor !== null && s.t > cursor) break;
    for (const [k, r] of Object.entries(s.routes)) {
      const acc = routes.get(k) ?? { count: 0, failed: 0, p99: 0 };
      acc.count += r.count;
      // The second's count holds its rejections (429, a full gateway) apart from its failures.
      acc.failed += r.failed + (r.rejected ?? 0);
      acc.p99 = r.p99;
      routes.set(k, acc);
    }
    for (const [k, t] of Object.entries(s.topics)) {
      const acc = topics.get(k) ?? { depth: 0, peak: 0 };
      acc.depth = t.depth;
      acc.peak = Math.max(acc.peak, t.depth);
      topics.set(k, acc);
    }
  }
  // The final figures (warm-up excluded) replace the running sums once the run is over.
  if (result && cursor === null)
    for (const [k, r] of Object.entries(result.routes))
      routes.set(k, { count: r.count, failed: r.count - r.succeeded, p99: r.latency.p99 });
  return { routes: [...routes].sort(([a], [b]) => a.localeCompare(b)), topics: [...topics].sort() };
}
