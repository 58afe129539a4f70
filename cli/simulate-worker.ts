/** A worker thread that runs one replication and posts its result and histograms. */
import { parentPort, workerData } from "node:worker_threads";
import { createRun, parseDesign } from "./engine";

export interface ReplicationJob {
  designText: string;
  scenario: string;
  seed: number;
  durationMs?: number;
  timeseries?: boolean;
  maxEvents?: number;
  maxInFlight?: number;
  maxWallMs?: number;
}

const port = parentPort!;
const { designText } = workerData as { designText: string };
const design = parseDesign(designText).design!;

port.on("message", (job: ReplicationJob) => {
  try {
    const run = createRun(design, {
      scenario: job.scenario,
      seed: job.seed,
      durationMs: job.durationMs,
      timeseries: job.timeseries,
      maxEvents: job.maxEvents,
      maxInFlight: job.maxInFlight,
      maxWallMs: job.maxWallMs,
      clock: performance,
    });
    const result = run.finish();
    port.postMessage({ ok: true, seed: job.seed, result, histograms: run.histograms() });
  } catch (e) {
    port.postMessage({ ok: false, seed: job.seed, message: (e as Error).message });
  }
});
