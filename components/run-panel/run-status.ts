/** Words for the run panel's status line, apart from React so they can be tested headless. */
import type { SimulationResult } from "../../simulator";

const STOP_REASONS: Record<string, string> = {
  cancelled: "stopped before the end",
  inFlight: "too many requests in flight at once (the overload never drains)",
  events: "the event limit was reached",
  wallTime: "the wall-time limit was reached",
  executions: "too many live executions (a fan-out that multiplies)",
  messages: "too many unresolved messages (a publish loop or a flood)",
  breakers: "circuit-breaker memory reached its limit",
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
