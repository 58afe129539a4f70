/** packages/runtime/src/faults.ts of the generated repository (see ../runtime-sources.ts). */
export const FAULTS_SOURCE = `import type { FastifyInstance } from "fastify";
import { HttpError } from "./errors.js";
import { sample, type Distribution } from "./synthetic.js";

/** The path of the fault flag the generated chaos/ scripts set (POST) and clear (DELETE). */
export const FAULT_FLAG_PATH = "/__archsim/faults";

/**
 * Faults set on this process through its fault flag, as the design's fault kinds: latency added
 * to every request, a failure probability, a slowdown factor on the synthetic work, and peers
 * it is partitioned from (its calls to them fail at once). Process-wide; one of each kind.
 */
export interface ActiveFaults {
  latency?: Distribution;
  errors?: number;
  slowdown?: number;
  readonly partitions: Set<string>;
}

export const activeFaults: ActiveFaults = { partitions: new Set() };

/** Whether the fault flag is served: unless ARCHSIM_FAULT_FLAG=0 (turn it off where chaos must not reach). */
export function isFaultFlagEnabled(): boolean {
  return process.env.ARCHSIM_FAULT_FLAG !== "0";
}

/** POST sets one fault ({ kind, add | probability | factor | peer }); DELETE clears them all. */
export function registerFaultFlag(app: FastifyInstance): void {
  if (!isFaultFlagEnabled()) return;
  app.post(FAULT_FLAG_PATH, async (request) => {
    const body = (request.body ?? {}) as Record<string, unknown>;
    if (body.kind === "latency" && body.add !== null && typeof body.add === "object")
      activeFaults.latency = body.add as Distribution;
    else if (body.kind === "errors" && typeof body.probability === "number") activeFaults.errors = body.probability;
    else if (body.kind === "slowdown" && typeof body.factor === "number" && body.factor > 0)
      activeFaults.slowdown = body.factor;
    else if (body.kind === "partition" && typeof body.peer === "string") activeFaults.partitions.add(body.peer);
    else
      throw new HttpError(
        400,
        "bad_fault",
        "expected { kind: latency, add } | { kind: errors, probability } | { kind: slowdown, factor } | { kind: partition, peer }",
      );
    return { faults: describeFaults() };
  });
  app.delete(FAULT_FLAG_PATH, async () => {
    delete activeFaults.latency;
    delete activeFaults.errors;
    delete activeFaults.slowdown;
    activeFaults.partitions.clear();
    return { faults: describeFaults() };
  });
}

function describeFaults(): Record<string, unknown> {
  return { ...activeFaults, partitions: [...activeFaults.partitions].sort() };
}

/** Applies the latency and errors faults to one request (the hook every generated process runs). */
export async function applyRequestFaults(): Promise<void> {
  if (activeFaults.latency) {
    const ms = sample(activeFaults.latency);
    if (ms > 0) await new Promise((resolve) => setTimeout(resolve, ms));
  }
  if (activeFaults.errors !== undefined && Math.random() < activeFaults.errors)
    throw new HttpError(500, "injected_error", "failure injected through the fault flag");
}

/** Whether this process is partitioned from a peer (its calls fail at once). */
export function isPartitionedFrom(peer: string): boolean {
  return activeFaults.partitions.has(peer);
}
`;
