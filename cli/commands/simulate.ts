import { writeFileSync } from "node:fs";
import { availableParallelism } from "node:os";
import { parseArgs } from "node:util";
import { Worker } from "node:worker_threads";
import { readValidDesign } from "../design-input";
import {
  createRun,
  evaluateSlos,
  isSimulationError,
  LIMITS,
  parseDuration,
  poolReplications,
  simulationError,
  type Design,
  type Replication,
  type SimulationResult,
} from "../engine";
import { EXIT_OK, EXIT_USAGE } from "../io";
import { toJsonChunks } from "../json-chunks";
import { escapeControl, type Output } from "../output";
import { createProgress } from "../progress";
import { formatSummary } from "../summary";
import type { ReplicationJob } from "../simulate-worker";
import { TimeseriesSpool } from "../timeseries-spool";
import { getWorkerUrl } from "../worker-url";

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
                             each figure as mean ± 95% confidence half-width (at most 1,000)
      --max-events <n>       stop with a partial result after n events (default 500,000,000)
      --max-wall <d>         stop with a partial result after this much wall time (e.g. 30s)
      --max-in-flight <n>    stop with a partial result when more requests than this are in
                             flight at once, an overload that would exhaust memory (default 1,000,000)
      --traces <file>        write sampled request traces to <file> as JSON (every 10th
                             request after the warm-up, at most 500 kept; not with
                             --replications); the result is the same with or without them
      --trace-every <n>      trace every n-th request instead (1 traces each one)
  -h, --help                 show this help

Output: a summary table on stdout (progress on stderr for runs over a second), with
the verdicts of the routes' SLOs when the design sets them, or with --json the result
object only, so "archsim simulate ... --json | jq" works.

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
  maxInFlight?: number;
  maxWallMs?: number;
  traces?: string;
  traceEvery: number;
}

/** Which requests `--traces` records by default: as the designer's run panel does. */
export const DEFAULT_TRACE_EVERY = 10;

const VALUE_OPTIONS = new Set([
  "--seed",
  "--duration",
  "--replications",
  "-r",
  "--max-events",
  "--max-wall",
  "--max-in-flight",
  "--trace-every",
  "--scenario",
  "-s",
]);
export const MAX_REPLICATIONS = 1000;
const MAX_SEED = 4294967295;
/** The longest step of a single run between two looks at the event loop: an hour simulated. */
const MAX_STEP_MS = 3_600_000;

function parseSimulateArgs(argv: string[]): SimulateArgs | { help: true } | { error: string } {
  // "--seed -1" is a negative value, not a flag: join it so the value check can answer it.
  const args: string[] = [];
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i]!;
    const next = argv[i + 1];
    if (VALUE_OPTIONS.has(a) && next !== undefined && /^-[\d.]/.test(next)) {
      args.push(`${a}=${next}`);
      i++;
    } else args.push(a);
  }
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
        "max-in-flight": { type: "string" },
        traces: { type: "string" },
        "trace-every": { type: "string" },
        help: { type: "boolean", short: "h" },
      },
    });
  } catch (e) {
    return { error: (e as Error).message };
  }
  const v = parsed.values;
  if (v.help) return { help: true };
  if (parsed.positionals.length !== 1)
    return { error: `expected exactly one design file, got ${parsed.positionals.length}` };
  // Plain decimal integers only: "1e3", "0x10", "+5" and "" are mistakes, not numbers.
  const int = (name: string, text: string | undefined, min: number, max: number): number | undefined | string => {
    if (text === undefined) return undefined;
    const n = /^\d+$/.test(text) ? Number(text) : NaN;
    return Number.isSafeInteger(n) && n >= min && n <= max
      ? n
      : `--${name} must be a whole number from ${min} to ${max.toLocaleString("en-US")}, got "${text}"`;
  };
  const seed = int("seed", v.seed, 0, MAX_SEED);
  const replications = int("replications", v.replications, 1, MAX_REPLICATIONS);
  const maxEvents = int("max-events", v["max-events"], 1, Number.MAX_SAFE_INTEGER);
  const maxInFlight = int("max-in-flight", v["max-in-flight"], 1, Number.MAX_SAFE_INTEGER);
  const traceEvery = int("trace-every", v["trace-every"], 1, Number.MAX_SAFE_INTEGER);
  for (const x of [seed, replications, maxEvents, maxInFlight, traceEvery])
    if (typeof x === "string") return { error: x };
  if (v.traces === "") return { error: "--traces needs a file name" };
  if (v.traces !== undefined && ((replications as number | undefined) ?? 1) > 1)
    return { error: "--traces records the traces of one run: it cannot go with --replications" };
  if (traceEvery !== undefined && v.traces === undefined) return { error: "--trace-every needs --traces <file>" };
  const dur = (name: string, text: string | undefined): number | undefined | string => {
    if (text === undefined) return undefined;
    const r = parseDuration(/^\d+(\.\d+)?$/.test(text) ? `${text}s` : text);
    if (!r.ok)
      return `--${name}: "${text}" is not a duration: write seconds (30) or a number with a unit (250ms, 1.5s, 2m, 1h)`;
    return r.ms > 0 ? r.ms : `--${name} must be greater than 0`;
  };
  const durationMs = dur("duration", v.duration);
  // The engine refuses it too, but only after reading the design: say so here, naming the cap.
  if (typeof durationMs === "number" && durationMs > LIMITS.scenarioDurationMs)
    return {
      error: `--duration must be at most ${LIMITS.scenarioDurationMs / 3_600_000}h (30 days), the longest a scenario may run; got "${v.duration}"`,
    };
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
    maxInFlight: maxInFlight as number | undefined,
    maxWallMs: maxWallMs as number | undefined,
    traces: v.traces,
    traceEvery: (traceEvery as number | undefined) ?? DEFAULT_TRACE_EVERY,
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
    out.err(`archsim simulate: ${escapeControl(args.error)}\n\n${SIMULATE_HELP}`);
    return EXIT_USAGE;
  }
  const input = readValidDesign(args.file, "simulate", out);
  if (typeof input === "number") return input;
  const design = input.design;
  const file = escapeControl(args.file);
  const names = Object.keys(design.scenarios).map(escapeControl);
  let scenario = args.scenario;
  if (scenario === undefined) {
    if (names.length !== 1) {
      out.err(
        names.length === 0
          ? `archsim simulate: ${file} has no scenarios to run`
          : `archsim simulate: choose a scenario with --scenario: ${names.join(", ")}`,
      );
      return EXIT_USAGE;
    }
    scenario = Object.keys(design.scenarios)[0]!;
  }
  if (!Object.hasOwn(design.scenarios, scenario)) {
    out.err(
      `archsim simulate: there is no scenario "${escapeControl(scenario)}" in ${file}; it has: ${names.join(", ") || "none"}`,
    );
    return EXIT_USAGE;
  }

  let result: SimulationResult;
  // One run's timeseries for JSON goes to disk as it comes: a long run's would not fit in memory.
  const spool = args.json && args.timeseries && args.replications <= 1 ? new TimeseriesSpool() : null;
  try {
    try {
      result =
        args.replications > 1
          ? await runReplications(input.text, args, scenario, out)
          : await runOnce(design, args, scenario, spool);
    } catch (e) {
      if (isSimulationError(e)) {
        out.err(`archsim simulate: ${escapeControl(e.message)}`);
        return EXIT_USAGE;
      }
      throw e;
    }
    if (result.partial)
      out.err(
        `archsim simulate: warning: the run stopped early (${escapeControl(describeStop(result.stopReason))}) at ${result.simulatedSeconds} s simulated; the result is partial`,
      );
    // Streamed: a long timeseries or a large pooled result is more than one string can hold.
    if (spool) await out.outChunks(spool.withResult(toJsonChunks(result)));
    else if (args.json) await out.outChunks(toJsonChunks(result));
    else
      out.out(
        formatSummary(result, {
          file: args.file,
          warmupMs: design.scenarios[scenario]!.warmup,
          slos: evaluateSlos(design, result),
        }),
      );
    return EXIT_OK;
  } finally {
    spool?.dispose();
  }
}

function describeStop(reason: string | undefined): string {
  if (reason === "inFlight")
    return "too many requests in flight at once: the system is overloaded and never drains; raise the limit with --max-in-flight";
  if (reason === "cancelled") return "interrupted";
  if (reason === "events") return "event limit reached; raise it with --max-events";
  if (reason === "wallTime") return "wall-time limit reached; raise it with --max-wall";
  if (reason === "executions")
    return "too many operations running or queued at once: a fan-out that multiplies, or an overload that never drains";
  if (reason === "messages")
    return "too many messages waiting at once: a publish loop, or consumers that cannot keep up";
  if (reason === "breakers") return "circuit-breaker windows reached their memory limit";
  return reason ?? "unknown";
}

/** What driveRun needs of a run: a step, and how far it is. */
export interface SteppableRun {
  advance(ms: number): boolean;
  readonly simulatedMs: number;
  readonly durationMs: number;
}

/**
 * Runs `run` to its end, a step at a time, yielding to the event loop after every step so that
 * Ctrl-C is heard (`isInterrupted` turns true) even when a step does not move simulated time.
 * Steps grow while they are quick (an idle 720 h run would otherwise yield 2.6 million times)
 * and shrink when slow; stepping does not change the run.
 */
export async function driveRun(
  run: SteppableRun,
  isInterrupted: () => boolean,
  onProgress: (fraction: number) => void = () => {},
): Promise<void> {
  let stepMs = 1000;
  for (;;) {
    const started = performance.now();
    if (isInterrupted() || !run.advance(stepMs)) return;
    const took = performance.now() - started;
    if (took < 10) stepMs = Math.min(stepMs * 2, MAX_STEP_MS);
    else if (took > 50) stepMs = Math.max(stepMs / 2, 1000);
    onProgress(run.simulatedMs / run.durationMs);
    await new Promise<void>((resolve) => setImmediate(resolve));
  }
}

async function runOnce(
  design: Design,
  args: SimulateArgs,
  scenario: string,
  spool: TimeseriesSpool | null,
): Promise<SimulationResult> {
  const progress = createProgress(`simulating ${escapeControl(scenario)}`);
  const run = createRun(design, {
    scenario,
    seed: args.seed,
    durationMs: args.durationMs,
    // A single run's timeseries goes to the spool (JSON) or nowhere (the summary shows none).
    timeseries: false,
    maxEvents: args.maxEvents,
    maxInFlight: args.maxInFlight,
    maxWallMs: args.maxWallMs,
    clock: performance,
    ...(args.traces !== undefined ? { traces: { every: args.traceEvery } } : {}),
  });
  if (spool)
    run.subscribe((snapshot) => {
      const { simulatedMs: _simulatedMs, done: _done, ...entry } = snapshot;
      spool.add(entry);
    });
  // Ctrl-C stops the run with what it has (a partial result, stopReason "cancelled").
  let interrupted = false;
  const onInterrupt = () => {
    interrupted = true;
    run.cancel();
  };
  process.once("SIGINT", onInterrupt);
  try {
    await driveRun(
      run,
      () => interrupted,
      (fraction) => progress.update(fraction),
    );
  } finally {
    process.removeListener("SIGINT", onInterrupt);
    progress.done();
  }
  const result = run.finish();
  if (args.traces !== undefined) {
    try {
      writeFileSync(args.traces, JSON.stringify(run.traces(), null, 2) + "\n");
    } catch (e) {
      throw simulationError(`cannot write the traces to ${args.traces}: ${(e as Error).message}`);
    }
  }
  return result;
}

async function runReplications(
  designText: string,
  args: SimulateArgs,
  scenario: string,
  out: Output,
): Promise<SimulationResult> {
  const n = args.replications;
  const threads = Math.max(1, Math.min(n, availableParallelism()));
  const progress = createProgress(`simulating ${escapeControl(scenario)} ×${n}`);
  const reps: Replication[] = new Array(n);
  const workerUrl = getWorkerUrl();
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
        const job: ReplicationJob = {
          designText,
          scenario,
          seed: args.seed + i,
          durationMs: args.durationMs,
          timeseries: args.timeseries,
          maxEvents: args.maxEvents,
          maxInFlight: args.maxInFlight,
          maxWallMs: args.maxWallMs,
        };
        worker.postMessage(job);
      };
      worker.on(
        "message",
        (
          msg:
            | { ok: true; seed: number; result: SimulationResult; histograms: Replication["histograms"] }
            | { ok: false; seed: number; message: string },
        ) => {
          if (!msg.ok) {
            reject(simulationError(`replication with seed ${msg.seed} failed: ${msg.message}`));
            void worker.terminate();
            return;
          }
          reps[msg.seed - args.seed] = { result: msg.result, histograms: msg.histograms };
          progress.update(++doneCount / n);
          feed();
        },
      );
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
