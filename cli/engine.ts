/**
 * Everything the CLI and the bench take from model/, simulator/ and generators/, in one module. The build
 * bundles it alone as dist/archsim/engine.mjs, which the CLI, its workers and the bench all
 * import, so the engine the CLI runs is the one the bench measures.
 */
export { formatDiagnostic, LIMITS, MAX_DESIGN_BYTES, parseDesign, parseDuration } from "../model";
export type { Design, DesignDiagnostic } from "../model";
export { createRun, isSimulationError, poolReplications, simulate, simulationError } from "../simulator";
export type { Interval, Replication, SimulateOptions, SimulationResult } from "../simulator";
export { evaluateSlos, formatSloMs, formatSloPercent, type RouteSloReport } from "../simulator/slo";
export type { FileMap } from "../generators";
export { generateFiles } from "./generate-files";
