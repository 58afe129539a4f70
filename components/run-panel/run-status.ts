/** Words for the run panel's status line, apart from React so they can be tested headless. */
import { DEFAULT_MAX_EVENTS, DEFAULT_MAX_IN_FLIGHT, RUN_LIMITS, type SimulationResult } from "../../simulator";

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
