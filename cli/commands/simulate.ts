import { availableParallelism } from "node:os";
import { parseArgs } from "node:util";
import { Worker } from "node:worker_threads";
import { formatDiagnostic, parseDesign, parseDuration, type Design } from "../../model";
import { createRun, poolReplications, SimulationError, type Replication, type SimulationResult } from "../../simulator";
import { EXIT_INVALID, EXIT_OK, EXIT_USAGE, readDesignFile } from "../io";
import type { Output } from "../output";
import { createProgress } from "../progress";
import { formatSummary } from "../summary";
import type { ReplicationJob } from "../simulate-worker";

export const SIMULATE_HELP = `Usage: archsim simulate <design> --scenario <name> [options]

Runs a scenario of a design in the discrete-event simulator and reports
latency, throughput, utilization, failures by cause and topic backlogs.

Options:
  -s, --scenario <name>      the scenario to run (optional when the design has exactly one)
      --seed <n>             PRNG seed (default 1); the same seed gives the same result
      --duration <d>         override the scenario's duration (e.g. 60s, 5m)
      --json                 print exactly the result object as JSON on stdout
      --timeseries           include the per-second timeseries in the result (with
                             --replications, in each replication's result)
  -r, --replications <n>     run n seeds (seed, seed+1, ...) on worker threads and report
                             each figure as mean ± 95% confidence half-width
      --max-events <n>       stop with a partial result after n events (default 500,000,000)
      --max-wall <d>         stop with a partial result after this much wall time (e.g. 30s)
  -h, --help                 show this help

Output: a summary table on stdout (progress on stderr for runs over a second),
or with --json the result object only, so "archsim simulate ... --json | jq" works.

Exit codes: 0 done (a run stopped by a limit prints a warning and is flagged partial),
1 the design is invalid, 2 usage or I/O error (including an unknown scenario).`;

interface SimulateArgs {
  file: string;
  scenario?: string;
  seed: number;
  durationMs?: number;
  json: boolean;
  timeseries: boolean;
  replications: number;
  maxEvents?: number;
  maxWallMs?: number;
}

function parseSimulateArgs(args: string[]): SimulateArgs | { help: true } | { error: string } {
  let parsed;
  try {
    parsed = parseArgs({
      args,
      allowPositionals: true,
      options: {
        scenario: { type: "string", short: "s" },
        seed: { type: "string" },
        duration: { type: "string" },
        json: { type: "boolean" },
        timeseries: { type: "boolean" },
        replications: { type: "string", short: "r" },
        "max-events": { type: "string" },
        "max-wall": { type: "string" },
        help: { type: "boolean", short: "h" },
      },
    });
  } catch (e) {
    return { error: (e as Error).message };
  }
  const v = parsed.values;
  if (v.help) return { help: true };
  if (parsed.positionals.length !== 1) return { error: `expected exactly one design file, got ${parsed.positionals.length}` };
  const int = (name: string, text: string | undefined, min: number): number | undefined | string => {
    if (text === undefined) return undefined;
    const n = Number(text);
    return Number.isInteger(n) && n >= min ? n : `--${name} must be an integer ≥ ${min}, got "${text}"`;
  };
  const seed = int("seed", v.seed, 0);
  const replications = int("replications", v.replications, 1);
  const maxEvents = int("max-events", v["max-events"], 1);
  for (const x of [seed, replications, maxEvents]) if (typeof x === "string") return { error: x };
  const dur = (name: string, text: string | undefined): number | undefined | string => {
    if (text === undefined) return undefined;
    const r = parseDuration(/^\d+(\.\d+)?$/.test(text) ? `${text}s` : text);
    if (!r.ok) return `--${name}: ${r.message}`;
    return r.ms > 0 ? r.ms : `--${name} must be greater than 0`;
  };
  const durationMs = dur("duration", v.duration);
  const maxWallMs = dur("max-wall", v["max-wall"]);
  for (const x of [durationMs, maxWallMs]) if (typeof x === "string") return { error: x };
  return {
    file: parsed.positionals[0]!,
    scenario: v.scenario,
    seed: (seed as number | undefined) ?? 1,
    durationMs: durationMs as number | undefined,
    json: v.json === true,
    timeseries: v.timeseries === true,
    replications: (replications as number | undefined) ?? 1,
    maxEvents: maxEvents as number | undefined,
    maxWallMs: maxWallMs as number | undefined,
  };
}

/** `archsim simulate`. */
export async function runSimulate(argv: string[], out: Output): Promise<number> {
  const args = parseSimulateArgs(argv);
  if ("help" in args) {
    out.out(SIMULATE_HELP);
    return EXIT_OK;
  }
  if ("error" in args) {
    out.err(`archsim simulate: ${args.error}\n\n${SIMULATE_HELP}`);
    return EXIT_USAGE;
  }
  const read = readDesignFile(args.file);
  if (!read.ok) {
    out.err(read.message);
    return read.exitCode;
  }
  const parsed = parseDesign(read.text);
  for (const w of parsed.warnings) out.err(formatDiagnostic(w, args.file));
  if (!parsed.design) {
    for (const e of parsed.errors) out.err(formatDiagnostic(e, args.file));
    out.err(`${args.file}: ${parsed.errors.length} error${parsed.errors.length === 1 ? "" : "s"}; fix them to simulate (archsim validate ${args.file})`);
    return EXIT_INVALID;
  }
  const design = parsed.design;
  const names = Object.keys(design.scenarios);
  let scenario = args.scenario;
  if (scenario === undefined) {
    if (names.length !== 1) {
      out.err(names.length === 0 ? `archsim simulate: ${args.file} has no scenarios to run` : `archsim simulate: choose a scenario with --scenario: ${names.join(", ")}`);
      return EXIT_USAGE;
    }
    scenario = names[0]!;
  }
  if (!Object.hasOwn(design.scenarios, scenario)) {
    out.err(`archsim simulate: there is no scenario "${scenario}" in ${args.file}; it has: ${names.join(", ") || "none"}`);
    return EXIT_USAGE;
  }

  let result: SimulationResult;
  try {
    result = args.replications > 1 ? await runReplications(read.text, args, scenario, out) : runOnce(design, args, scenario);
  } catch (e) {
    if (e instanceof SimulationError) {
      out.err(`archsim simulate: ${e.message}`);
      return EXIT_USAGE;
    }
    throw e;
  }
  if (result.partial) out.err(`archsim simulate: warning: the run stopped early (${describeStop(result.stopReason)}) at ${result.simulatedSeconds} s simulated; the result is partial`);
  if (args.json) out.out(JSON.stringify(result, null, 2));
  else out.out(formatSummary(result, { file: args.file, warmupMs: design.scenarios[scenario]!.warmup }));
  return EXIT_OK;
}

function describeStop(reason: string | undefined): string {
  if (reason === "events") return "event limit reached; raise it with --max-events";
  if (reason === "wallTime") return "wall-time limit reached; raise it with --max-wall";
  return reason ?? "unknown";
}

function runOnce(design: Design, args: SimulateArgs, scenario: string): SimulationResult {
  const progress = createProgress(`simulating ${scenario}`);
  const run = createRun(design, { scenario, seed: args.seed, durationMs: args.durationMs, timeseries: args.timeseries, maxEvents: args.maxEvents, maxWallMs: args.maxWallMs, clock: performance });
  // Advance a simulated second at a time so the bar moves; the run itself is unchanged by the stepping.
  while (run.advance(1000)) progress.update(run.simulatedMs / run.durationMs);
  progress.done();
  return run.finish();
}

async function runReplications(designText: string, args: SimulateArgs, scenario: string, out: Output): Promise<SimulationResult> {
  const n = args.replications;
  const threads = Math.max(1, Math.min(n, availableParallelism()));
  const progress = createProgress(`simulating ${scenario} ×${n}`);
  const reps: Replication[] = new Array(n);
  const workerUrl = new URL("../simulate-worker.mjs", import.meta.url);
  let next = 0;
  let doneCount = 0;
  const started = performance.now();
  await new Promise<void>((resolve, reject) => {
    let live = threads;
    for (let w = 0; w < threads; w++) {
      const worker = new Worker(workerUrl, { workerData: { designText } });
      const feed = () => {
        if (next >= n) {
          void worker.terminate();
          if (--live === 0) resolve();
          return;
        }
        const i = next++;
        const job: ReplicationJob = { designText, scenario, seed: args.seed + i, durationMs: args.durationMs, timeseries: args.timeseries, maxEvents: args.maxEvents, maxWallMs: args.maxWallMs };
        worker.postMessage(job);
      };
      worker.on("message", (msg: { ok: true; seed: number; result: SimulationResult; histograms: Replication["histograms"] } | { ok: false; seed: number; message: string }) => {
        if (!msg.ok) {
          reject(new SimulationError(`replication with seed ${msg.seed} failed: ${msg.message}`));
          void worker.terminate();
          return;
        }
        reps[msg.seed - args.seed] = { result: msg.result, histograms: msg.histograms };
        progress.update(++doneCount / n);
        feed();
      });
      worker.on("error", (e) => reject(e));
      feed();
    }
  });
  progress.done();
  const pooled = poolReplications(reps);
  // Wall time of the whole pooled run is what a user waited; events/s over both cores.
  pooled.wallSeconds = Math.round(performance.now() - started) / 1000;
  pooled.eventsPerSecond = pooled.wallSeconds > 0 ? Math.round(pooled.events / pooled.wallSeconds) : 0;
  void out;
  return pooled;
}
