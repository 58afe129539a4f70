/** The archsim simulator: a deterministic discrete-event engine for designs. Pure TypeScript. */
export {
  simulate,
  createRun,
  simulationError,
  isSimulationError,
  DEFAULT_MAX_EVENTS,
  DEFAULT_MAX_IN_FLIGHT,
  type SimulationRun,
  type RunSnapshot,
} from "./run";
export { RUN_LIMITS, TRACE_LIMITS, FAILED_TRACE_SHARE } from "./runtime/limits";
export type { RunLimits, SimulateOptions, Clock, AbortSignalLike, RequestOutcome, TraceOptions } from "./options";
export type { Trace, TraceSpan, TraceSpanKind, TraceOutcome } from "./runtime/trace";
export * from "./result";
export { compileDesign } from "./compile";
export {
  poolReplications,
  confidenceInterval,
  tQuantile95,
  type Replication,
  type PooledResult,
  type Interval,
} from "./replications";
export type { ResultHistograms } from "./run";
