/**
 * `npm run bench`: archsim's simulator against its targets and against SimPy, in one run.
 *
 *   (a) M/M/4 at ρ = 0.9, 2 million requests          → events/s, requests per wall second, and the
 *       ratio to a minimal hand-written M/M/4 loop (bench/reference-mm4.ts) run beside it
 *   (b) examples/ecommerce.yaml, scenario peak-sale    → wall seconds, events/s, requests/s
 *   (c) a generated 200-service design, scenario load  → events/s, requests/s
 *   (d) M/M/4, 10 million requests, in a child process → peak RSS
 *   SimPy's M/M/4 (bench/simpy_mm4.py, 200,000 customers) → customers/s, and the ratio to (a)
 *   (e) `archsim --help` vs `node -e 0`                → start-up ms, and the ratio
 *   (f) `archsim simulate bench/mm4-1m.yaml --json`    → whole-process events/s ÷ the in-run events/s
 *   (g) parseDesign on the designs at scale of model/qa.test.ts → wall seconds each (was 25-120 s when quadratic)
 *
 * The engine is dist/archsim/engine.mjs, the very file the built CLI imports (scripts/bench.mjs
 * builds it first and keeps it out of this bundle).
 *
 * Every figure is the median of REPS repetitions, after one untimed run that warms the JIT
 * (cases (a)-(c); (d) runs cold in fresh processes). Prints a table and writes bench/results.json.
 * Exits non-zero only when an archsim case crashes; a missed target or a missing SimPy is
 * reported, not fatal.
 */
import { spawnSync } from "node:child_process";
import { existsSync, readFileSync, writeFileSync } from "node:fs";
import os from "node:os";
import { dirname, join } from "node:path";
import { performance } from "node:perf_hooks";
import { fileURLToPath } from "node:url";
import { parseDesign, type Design, type SimulateOptions, type SimulationResult } from "../cli/engine";
import { generateRandomDesign, getRandomDesignStats } from "../simulator/testing/random-design";
import { runReferenceMM4 } from "./reference-mm4";

type Simulate = (design: Design, options: SimulateOptions) => SimulationResult;

const HERE = dirname(fileURLToPath(import.meta.url));
const ROOT = join(HERE, "..");
const REPS = 3;
const MM4 = { servers: 4, meanServiceMs: 1, ratePerSecond: 3600 };
const MM4_REQUESTS = 2_000_000;
const RSS_REQUESTS = 10_000_000;
const SIMPY_CUSTOMERS = 200_000;
const RANDOM_SERVICES = 200;
const RANDOM_SEED = 1;
const SIMPY_PYTHON = "/usr/bin/python3";
/** A safety net so a pathological engine cannot hang the benchmark; a stopped run is flagged. */
const MAX_WALL_MS = 300_000;
const CLI = join(ROOT, "dist/archsim/archsim.mjs");
const CLI_MM4 = "bench/mm4-1m.yaml";
/** Start-up is a few hundred ms: more runs than REPS steady the median. */
const STARTUP_RUNS = 15;

const TARGETS = {
  simpyRatio: 25,
  /** archsim's M/M/4 requests per wall second ÷ the minimal hand-written loop's (bench/reference-mm4.ts). */
  referenceRatio: 0.8,
  mm4EventsPerSecond: 3_000_000,
  peakSaleWallSeconds: 1.5,
  rssMegabytes: 300,
  startupRatio: 3,
  scaleParseSeconds: 15,
};

// ---------------------------------------------------------------- designs

/** The M/M/4 queue at ρ = 0.9 as an archsim design: one replica, 4 slots, exponential work, no steps. */
function mm4DesignText(requests: number): string {
  const durationMs = (requests / MM4.ratePerSecond) * 1000;
  return [
    "archsim: 1",
    "name: M/M/4 at rho 0.9",
    "components:",
    "  svc:",
    "    kind: service",
    "    replicas: 1",
    `    concurrency: ${MM4.servers}`,
    "    operations:",
    "      op:",
    `        work: { exp: ${MM4.meanServiceMs}ms }`,
    "workloads:",
    "  arrivals:",
    "    entry: svc.op",
    "    arrivals: poisson",
    `    rate: ${MM4.ratePerSecond}`,
    "scenarios:",
    "  mm4:",
    "    workload: arrivals",
    `    duration: ${durationMs}`,
    "    warmup: 0",
    "",
  ].join("\n");
}

function parseOrThrow(text: string, what: string): Design {
  const { design, errors } = parseDesign(text);
  if (!design)
    throw new Error(
      `${what} does not parse: ${errors.map((e) => `${e.line}:${e.col} ${e.path}: ${e.message}`).join("; ")}`,
    );
  return design;
}

/** Erlang C: the mean response time (ms) of M/M/c with arrival rate λ and service rate μ per ms. */
function erlangCResponseMs(c: number, lambda: number, mu: number): number {
  const a = lambda / mu;
  let term = 1;
  let sum = 1;
  for (let k = 1; k < c; k++) {
    term *= a / k;
    sum += term;
  }
  const last = ((term * a) / c) * (c / (c - a));
  const pWait = last / (sum + last);
  return pWait / (c * mu - lambda) + 1 / mu;
}

// ---------------------------------------------------------------- measuring

interface Run {
  wallSeconds: number;
  /** User + system CPU of this process during the run (GC helper threads included). */
  cpuSeconds: number;
  events: number;
  requests: number;
  result: SimulationResult;
}

function runOnce(simulate: Simulate, design: Design, scenario: string): Run {
  const cpu = process.cpuUsage();
  const start = performance.now();
  const result = simulate(design, { scenario, seed: 1, clock: performance, maxWallMs: MAX_WALL_MS });
  const wallSeconds = (performance.now() - start) / 1000;
  const used = process.cpuUsage(cpu);
  return {
    wallSeconds,
    cpuSeconds: (used.user + used.system) / 1e6,
    events: result.events,
    requests: result.requests.total,
    result,
  };
}

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 ? s[m]! : (s[m - 1]! + s[m]!) / 2;
}

interface CaseFigures {
  wallSeconds: number;
  cpuSeconds: number;
  events: number;
  requests: number;
  eventsPerSecond: number;
  /** The engine's own figure (its clock, inside simulate), median. */
  engineEventsPerSecond: number;
  requestsPerSecond: number;
  reps: number[];
  partial: boolean;
  last: SimulationResult;
}

/** Runs REPS times and takes the median of each figure (wall time measured around simulate). */
function measure(simulate: Simulate, design: Design, scenario: string): CaseFigures {
  const runs: Run[] = [];
  for (let i = 0; i < REPS; i++) runs.push(runOnce(simulate, design, scenario));
  return figuresOf(runs);
}

/** Medians of each figure over the repetitions. */
function figuresOf(runs: Run[]): CaseFigures {
  return {
    wallSeconds: median(runs.map((r) => r.wallSeconds)),
    cpuSeconds: median(runs.map((r) => r.cpuSeconds)),
    events: median(runs.map((r) => r.events)),
    requests: median(runs.map((r) => r.requests)),
    eventsPerSecond: median(runs.map((r) => r.events / r.wallSeconds)),
    engineEventsPerSecond: median(runs.map((r) => r.result.eventsPerSecond)),
    requestsPerSecond: median(runs.map((r) => r.requests / r.wallSeconds)),
    reps: runs.map((r) => r.wallSeconds),
    partial: runs.some((r) => r.result.partial),
    last: runs[runs.length - 1]!.result,
  };
}

// ---------------------------------------------------------------- child: the 10M-request memory case

const CHILD_FLAG = "--child-rss";

async function childMain(requests: number): Promise<void> {
  const { simulate } = await loadSimulator();
  const design = parseOrThrow(mm4DesignText(requests), "the M/M/4 design");
  const run = runOnce(simulate, design, "mm4");
  const maxRssKb = process.resourceUsage().maxRSS; // kilobytes
  process.stdout.write(
    JSON.stringify({
      wallSeconds: run.wallSeconds,
      cpuSeconds: run.cpuSeconds,
      events: run.events,
      requests: run.requests,
      partial: run.result.partial,
      maxRssMb: maxRssKb / 1024,
      heapUsedMb: process.memoryUsage().heapUsed / 1048576,
    }) + "\n",
  );
}

interface RssFigures {
  maxRssMb: number;
  timeMaxRssMb?: number;
  wallSeconds: number;
  cpuSeconds: number;
  events: number;
  requests: number;
  eventsPerSecond: number;
  requestsPerSecond: number;
  partial: boolean;
}

/** Runs the case in a fresh Node process (this bundle, the same engine) so its peak RSS is its own. */
function runRssChild(requests: number): RssFigures {
  const nodeArgs = [...process.execArgv, fileURLToPath(import.meta.url), CHILD_FLAG, String(requests)];
  const useTime = existsSync("/usr/bin/time");
  const cmd = useTime ? "/usr/bin/time" : process.execPath;
  const args = useTime ? ["-v", process.execPath, ...nodeArgs] : nodeArgs;
  const r = spawnSync(cmd, args, { encoding: "utf8", maxBuffer: 64 * 1024 * 1024, cwd: ROOT });
  if (r.status !== 0)
    throw new Error(
      `the child exited with ${r.status ?? r.signal}: ${(r.stderr || "").trim().split("\n").slice(-8).join(" | ")}`,
    );
  const line = r.stdout.trim().split("\n").pop()!;
  const child = JSON.parse(line) as {
    wallSeconds: number;
    cpuSeconds: number;
    events: number;
    requests: number;
    partial: boolean;
    maxRssMb: number;
  };
  const m = /Maximum resident set size \(kbytes\): (\d+)/.exec(r.stderr ?? "");
  return {
    maxRssMb: child.maxRssMb,
    timeMaxRssMb: m ? Number(m[1]) / 1024 : undefined,
    wallSeconds: child.wallSeconds,
    cpuSeconds: child.cpuSeconds,
    events: child.events,
    requests: child.requests,
    eventsPerSecond: child.events / child.wallSeconds,
    requestsPerSecond: child.requests / child.wallSeconds,
    partial: child.partial,
  };
}

// ---------------------------------------------------------------- SimPy

interface SimpyRun {
  customers: number;
  wall_seconds: number;
  customers_per_second: number;
  mean_response_ms: number;
}

function simpyAvailable(): string | undefined {
  if (!existsSync(SIMPY_PYTHON)) return `${SIMPY_PYTHON} does not exist`;
  const r = spawnSync(SIMPY_PYTHON, ["-c", "import simpy; print(simpy.__version__)"], { encoding: "utf8" });
  return r.status === 0
    ? undefined
    : `${SIMPY_PYTHON} cannot import simpy (${(r.stderr || "").trim().split("\n").pop()}); apt-get install -y python3-simpy3`;
}

function runSimpy(customers: number, seed: number): SimpyRun {
  const r = spawnSync(SIMPY_PYTHON, [join(HERE, "simpy_mm4.py"), String(customers), String(seed)], {
    encoding: "utf8",
  });
  if (r.status !== 0)
    throw new Error(`simpy_mm4.py exited with ${r.status}: ${(r.stderr || "").trim().split("\n").pop()}`);
  return JSON.parse(r.stdout.trim()) as SimpyRun;
}

// ---------------------------------------------------------------- the built CLI as a process

/** Wall milliseconds of one process, from spawn to exit. */
function timeProcess(args: string[]): { ms: number; stdout: string; status: number | null; stderr: string } {
  const start = performance.now();
  const r = spawnSync(process.execPath, args, { encoding: "utf8", cwd: ROOT, maxBuffer: 64 * 1024 * 1024 });
  return { ms: performance.now() - start, stdout: r.stdout, status: r.status, stderr: r.stderr };
}

interface StartupFigures {
  nodeMs: number;
  helpMs: number;
  checkoutHelpMs: number;
  ratio: number;
}

/** `node -e 0`, `node dist/archsim/archsim.mjs --help` and `node bin/archsim.mjs --help`, interleaved. */
function measureStartup(): StartupFigures {
  const node: number[] = [];
  const help: number[] = [];
  const checkout: number[] = [];
  for (let i = 0; i < STARTUP_RUNS; i++) {
    node.push(timeProcess(["-e", "0"]).ms);
    const h = timeProcess([CLI, "--help"]);
    if (h.status !== 0 || !h.stdout.startsWith("Usage: archsim")) throw new Error(`archsim --help failed: ${h.stderr}`);
    help.push(h.ms);
    checkout.push(timeProcess([join(ROOT, "bin/archsim.mjs"), "--help"]).ms);
  }
  const nodeMs = median(node);
  const helpMs = median(help);
  return { nodeMs, helpMs, checkoutHelpMs: median(checkout), ratio: helpMs / nodeMs };
}

interface WholeProcessFigures {
  wallSeconds: number;
  events: number;
  requests: number;
  processEventsPerSecond: number;
  inRunEventsPerSecond: number;
  ratio: number;
  reps: number[];
}

/** `archsim simulate bench/mm4-1m.yaml --json` as a user runs it: the whole process against the engine's own rate. */
function measureWholeProcess(): WholeProcessFigures {
  const runs: { wall: number; events: number; requests: number; inRun: number }[] = [];
  for (let i = 0; i < REPS; i++) {
    const p = timeProcess([CLI, "simulate", CLI_MM4, "--json"]);
    if (p.status !== 0)
      throw new Error(`archsim simulate exited with ${p.status}: ${p.stderr.trim().split("\n").pop()}`);
    const r = JSON.parse(p.stdout) as SimulationResult;
    runs.push({ wall: p.ms / 1000, events: r.events, requests: r.requests.total, inRun: r.eventsPerSecond });
  }
  const processEventsPerSecond = median(runs.map((r) => r.events / r.wall));
  const inRunEventsPerSecond = median(runs.map((r) => r.inRun));
  return {
    wallSeconds: median(runs.map((r) => r.wall)),
    events: median(runs.map((r) => r.events)),
    requests: median(runs.map((r) => r.requests)),
    processEventsPerSecond,
    inRunEventsPerSecond,
    ratio: processEventsPerSecond / inRunEventsPerSecond,
    reps: runs.map((r) => r.wall),
  };
}

// ---------------------------------------------------------------- (g) the model at scale

function lines(n: number, line: (i: number) => string): string {
  return Array.from({ length: n }, (_, i) => line(i)).join("\n");
}

/** The inputs of model/qa.test.ts "designs at scale", whose wall times are measured here, not asserted there. */
const SCALE_CASES: [string, () => string][] = [
  [
    "20,000 calls to missing services",
    () =>
      `archsim: 1\ncomponents:\n${lines(20_000, (i) => `  s${i}: { kind: service, operations: { o: { steps: [ { call: x${i}.o } ] } } }`)}\n`,
  ],
  ["20,000 clients", () => `archsim: 1\ncomponents:\n${lines(20_000, (i) => `  c${i}: { kind: client }`)}\n`],
  ["40,000 unknown kinds", () => `archsim: 1\ncomponents:\n${lines(40_000, (i) => `  s${i}: { kind: servic }`)}\n`],
  [
    "20,000 duplicate keys",
    () => `archsim: 1\ncomponents:\n${lines(20_000, (i) => `  c${i}: { kind: client }\n  c${i}: { kind: client }`)}\n`,
  ],
];

function measureScale(): { name: string; seconds: number; errors: number }[] {
  return SCALE_CASES.map(([name, make]) => {
    const text = make();
    const times: number[] = [];
    let errors = 0;
    for (let i = 0; i < REPS; i++) {
      const start = performance.now();
      errors = parseDesign(text).errors.length;
      times.push((performance.now() - start) / 1000);
    }
    return { name, seconds: median(times), errors };
  });
}

// ---------------------------------------------------------------- printing

const fmt = {
  int: (x: number) => Math.round(x).toLocaleString("en-US"),
  mega: (x: number) => `${(x / 1e6).toFixed(2)} M`,
  s: (x: number) => `${x.toFixed(3)} s`,
  mb: (x: number) => `${x.toFixed(1)} MB`,
  ms: (x: number) => `${x.toFixed(4)} ms`,
  x: (x: number) => `${x.toFixed(1)}×`,
};

type Row = [string, string, string, string];
const rows: Row[] = [];
const notes: string[] = [];
function row(name: string, value: string, target = "", met?: boolean): void {
  rows.push([name, value, target, met === undefined ? "" : met ? "MET" : "NOT MET"]);
}

function printTable(): void {
  const header: Row = ["figure (median of 3)", "value", "target", ""];
  const all = [header, ...rows];
  const widths = [0, 1, 2, 3].map((i) => Math.max(...all.map((r) => r[i]!.length)));
  const line = (r: Row) =>
    r
      .map((c, i) => (i === 1 ? c.padStart(widths[i]!) : c.padEnd(widths[i]!)))
      .join("  ")
      .trimEnd();
  console.log("");
  console.log(line(header));
  console.log(widths.map((w) => "-".repeat(w)).join("  "));
  for (const r of rows) console.log(r[0].startsWith("--") ? `\n${r[0].slice(2).trim()}` : line(r));
}

function section(title: string): void {
  rows.push([`-- ${title}`, "", "", ""]);
}

async function loadSimulator(): Promise<{ simulate: Simulate }> {
  const mod = (await import("../cli/engine")) as { simulate?: Simulate };
  if (typeof mod.simulate !== "function") throw new Error("the engine (cli/engine.ts) does not export simulate()");
  return { simulate: mod.simulate };
}

function errorText(e: unknown): string {
  if (e instanceof Error)
    return `${e.message}${
      e.stack
        ? `\n    ${e.stack
            .split("\n")
            .slice(1, 4)
            .map((s) => s.trim())
            .join("\n    ")}`
        : ""
    }`;
  return String(e);
}

// ---------------------------------------------------------------- main

async function main(): Promise<number> {
  const results: Record<string, unknown> = {
    date: new Date().toISOString(),
    node: process.version,
    cpu: os.cpus()[0]?.model ?? "unknown",
    cpus: os.cpus().length,
    repetitions: REPS,
    statistic: "median",
    targets: TARGETS,
  };
  results.loadAverageAtStart = os.loadavg();
  console.log(
    `archsim benchmark: node ${process.version}, ${results.cpu as string} × ${results.cpus as number}; every figure is the median of ${REPS} repetitions after one untimed JIT warm-up run`,
  );
  console.log(
    `load average at start: ${os
      .loadavg()
      .map((x) => x.toFixed(2))
      .join(", ")} (wall times are only meaningful on an otherwise idle machine)`,
  );
  let crashed = false;
  const crash = (what: string, e: unknown) => {
    crashed = true;
    const text = errorText(e);
    console.log(`✗ ${what} CRASHED: ${text}`);
    notes.push(`${what} crashed: ${text.split("\n")[0]}`);
    (results.crashes as Record<string, string>)[what] = text;
  };
  results.crashes = {};

  let simulate: Simulate | undefined;
  try {
    simulate = (await loadSimulator()).simulate;
  } catch (e) {
    crash("loading the simulator", e);
  }

  // (a) M/M/4, 2M requests, and the minimal loop beside it
  let mm4: CaseFigures | undefined;
  let reference: { requestsPerSecond: number; ratio: number; ratios: number[] } | undefined;
  if (simulate) {
    try {
      const design = parseOrThrow(mm4DesignText(MM4_REQUESTS), "the M/M/4 design");
      runOnce(simulate, parseOrThrow(mm4DesignText(100_000), "the M/M/4 design"), "mm4"); // JIT warm-up, not measured
      const lambda = MM4.ratePerSecond / 1000;
      const mu = 1 / MM4.meanServiceMs;
      runReferenceMM4(100_000, lambda, mu, MM4.servers); // JIT warm-up, not measured
      process.stdout.write("(a) M/M/4 ρ=0.9, 2M requests, each repetition beside the reference loop … ");
      // Side by side: engine and reference alternate, so both see the same machine.
      const runs: Run[] = [];
      const referenceRates: number[] = [];
      for (let i = 0; i < REPS; i++) {
        runs.push(runOnce(simulate, design, "mm4"));
        const start = performance.now();
        runReferenceMM4(MM4_REQUESTS, lambda, mu, MM4.servers);
        referenceRates.push(MM4_REQUESTS / ((performance.now() - start) / 1000));
      }
      mm4 = figuresOf(runs);
      reference = {
        requestsPerSecond: median(referenceRates),
        ratio: mm4.requestsPerSecond / median(referenceRates),
        ratios: runs.map((r, i) => r.requests / r.wallSeconds / referenceRates[i]!),
      };
      console.log(`wall ${mm4.reps.map((w) => w.toFixed(3)).join(", ")} s`);
      const analytic = erlangCResponseMs(MM4.servers, MM4.ratePerSecond / 1000, 1 / MM4.meanServiceMs);
      const measured = mm4.last.latency.mean;
      results.mm4 = {
        requests: mm4.requests,
        events: mm4.events,
        wallSeconds: mm4.wallSeconds,
        cpuSeconds: mm4.cpuSeconds,
        eventsPerSecond: mm4.eventsPerSecond,
        engineEventsPerSecond: mm4.engineEventsPerSecond,
        requestsPerSecond: mm4.requestsPerSecond,
        eventsPerRequest: mm4.events / mm4.requests,
        partial: mm4.partial,
        meanResponseMs: measured,
        erlangCMeanResponseMs: analytic,
        utilization: mm4.last.components.svc?.utilization,
        wallSecondsPerRep: mm4.reps,
        referenceRequestsPerSecond: reference.requestsPerSecond,
        referenceRatio: reference.ratio,
        referenceRatioPerRep: reference.ratios,
      };
    } catch (e) {
      console.log("");
      crash("(a) M/M/4 2M", e);
    }
  }

  // (b) e-commerce peak-sale
  let peak: CaseFigures | undefined;
  if (simulate) {
    try {
      const design = parseOrThrow(
        readFileSync(join(ROOT, "examples/ecommerce.yaml"), "utf8"),
        "examples/ecommerce.yaml",
      );
      runOnce(simulate, design, "peak-sale"); // JIT warm-up, not measured (as for (a))
      process.stdout.write("(b) e-commerce peak-sale … ");
      peak = measure(simulate, design, "peak-sale");
      console.log(`wall ${peak.reps.map((w) => w.toFixed(3)).join(", ")} s`);
      results.peakSale = {
        requests: peak.requests,
        events: peak.events,
        wallSeconds: peak.wallSeconds,
        cpuSeconds: peak.cpuSeconds,
        eventsPerSecond: peak.eventsPerSecond,
        engineEventsPerSecond: peak.engineEventsPerSecond,
        requestsPerSecond: peak.requestsPerSecond,
        partial: peak.partial,
        succeeded: peak.last.requests.succeeded,
        failed: peak.last.requests.failed,
        rejected: peak.last.requests.rejected,
        p99: peak.last.latency.p99,
        wallSecondsPerRep: peak.reps,
      };
    } catch (e) {
      console.log("");
      crash("(b) peak-sale", e);
    }
  }

  // (c) generated 200-service design
  let big: CaseFigures | undefined;
  if (simulate) {
    try {
      const text = generateRandomDesign({ services: RANDOM_SERVICES, seed: RANDOM_SEED });
      const stats = getRandomDesignStats({ services: RANDOM_SERVICES, seed: RANDOM_SEED });
      const design = parseOrThrow(text, "the generated design");
      runOnce(simulate, design, "load"); // JIT warm-up, not measured
      process.stdout.write(`(c) random ${RANDOM_SERVICES} services (seed ${RANDOM_SEED}), load 60 s … `);
      big = measure(simulate, design, "load");
      console.log(`wall ${big.reps.map((w) => w.toFixed(3)).join(", ")} s`);
      const utilizations = Object.entries(big.last.components).map(([id, c]) => [id, c.utilization] as const);
      const busiest = utilizations.reduce((a, b) => (b[1] > a[1] ? b : a), ["", 0] as readonly [string, number]);
      results.random200 = {
        services: RANDOM_SERVICES,
        seed: RANDOM_SEED,
        plan: stats,
        requests: big.requests,
        events: big.events,
        wallSeconds: big.wallSeconds,
        cpuSeconds: big.cpuSeconds,
        eventsPerSecond: big.eventsPerSecond,
        engineEventsPerSecond: big.engineEventsPerSecond,
        requestsPerSecond: big.requestsPerSecond,
        partial: big.partial,
        succeeded: big.last.requests.succeeded,
        failed: big.last.requests.failed,
        rejected: big.last.requests.rejected,
        causes: big.last.requests.causes,
        busiest: { id: busiest[0], utilization: busiest[1] },
        wallSecondsPerRep: big.reps,
      };
    } catch (e) {
      console.log("");
      crash("(c) random 200", e);
    }
  }

  // (d) 10M requests, peak RSS, in child processes
  let rss: RssFigures | undefined;
  if (simulate) {
    try {
      process.stdout.write("(d) M/M/4, 10M requests in a child process … ");
      const reps: RssFigures[] = [];
      for (let i = 0; i < REPS; i++) reps.push(runRssChild(RSS_REQUESTS));
      console.log(`peak RSS ${reps.map((r) => r.maxRssMb.toFixed(1)).join(", ")} MB`);
      const timeRss = reps.map((r) => r.timeMaxRssMb).filter((x): x is number => x !== undefined);
      rss = {
        maxRssMb: median(reps.map((r) => r.maxRssMb)),
        timeMaxRssMb: timeRss.length === reps.length ? median(timeRss) : undefined,
        wallSeconds: median(reps.map((r) => r.wallSeconds)),
        cpuSeconds: median(reps.map((r) => r.cpuSeconds)),
        events: median(reps.map((r) => r.events)),
        requests: median(reps.map((r) => r.requests)),
        eventsPerSecond: median(reps.map((r) => r.eventsPerSecond)),
        requestsPerSecond: median(reps.map((r) => r.requestsPerSecond)),
        partial: reps.some((r) => r.partial),
      };
      results.mm4TenMillion = { ...rss, maxRssMbPerRep: reps.map((r) => r.maxRssMb) };
    } catch (e) {
      console.log("");
      crash("(d) M/M/4 10M", e);
    }
  }

  // (e) start-up of the built CLI
  let startup: StartupFigures | undefined;
  try {
    process.stdout.write(`(e) archsim --help vs node -e 0, ${STARTUP_RUNS} runs each … `);
    startup = measureStartup();
    console.log(`${startup.helpMs.toFixed(0)} ms vs ${startup.nodeMs.toFixed(0)} ms`);
    results.startup = { ...startup, runs: STARTUP_RUNS };
  } catch (e) {
    console.log("");
    crash("(e) CLI start-up", e);
  }

  // (f) the whole `archsim simulate` process on M/M/4, about 1M requests
  let whole: WholeProcessFigures | undefined;
  try {
    process.stdout.write(`(f) archsim simulate ${CLI_MM4} --json … `);
    whole = measureWholeProcess();
    console.log(`wall ${whole.reps.map((w) => w.toFixed(3)).join(", ")} s`);
    results.wholeProcess = whole;
  } catch (e) {
    console.log("");
    crash("(f) whole process", e);
  }

  // (g) the model at scale
  let scale: { name: string; seconds: number; errors: number }[] | undefined;
  try {
    process.stdout.write("(g) parseDesign on designs at scale … ");
    scale = measureScale();
    console.log(scale.map((c) => `${c.seconds.toFixed(2)} s`).join(", "));
    results.modelAtScale = scale;
  } catch (e) {
    console.log("");
    crash("(g) model at scale", e);
  }

  // SimPy
  let simpy: SimpyRun | undefined;
  const missing = simpyAvailable();
  if (missing) {
    console.log(`SimPy: skipped: ${missing}`);
    notes.push(`SimPy skipped: ${missing}`);
    results.simpy = { skipped: missing };
  } else {
    try {
      process.stdout.write(`SimPy M/M/4 ρ=0.9, ${fmt.int(SIMPY_CUSTOMERS)} customers … `);
      const reps: SimpyRun[] = [];
      for (let i = 0; i < REPS; i++) reps.push(runSimpy(SIMPY_CUSTOMERS, 1));
      console.log(`wall ${reps.map((r) => r.wall_seconds.toFixed(3)).join(", ")} s`);
      simpy = {
        customers: SIMPY_CUSTOMERS,
        wall_seconds: median(reps.map((r) => r.wall_seconds)),
        customers_per_second: median(reps.map((r) => r.customers_per_second)),
        mean_response_ms: median(reps.map((r) => r.mean_response_ms)),
      };
      results.simpy = { ...simpy, wallSecondsPerRep: reps.map((r) => r.wall_seconds) };
    } catch (e) {
      console.log(`SimPy: failed, continuing: ${errorText(e)}`);
      notes.push(`SimPy failed: ${errorText(e).split("\n")[0]}`);
      results.simpy = { failed: errorText(e) };
    }
  }

  // The table
  const targetsMet: Record<string, boolean | null> = {
    simpyRatio: null,
    referenceRatio: null,
    mm4EventsPerSecond: null,
    peakSaleWallSeconds: null,
    rssMegabytes: null,
    startupRatio: null,
    scaleParseSeconds: null,
  };
  section(`(a) M/M/4 ρ = 0.9, ${fmt.int(MM4_REQUESTS)} requests (archsim)`);
  if (mm4) {
    const ok = mm4.eventsPerSecond >= TARGETS.mm4EventsPerSecond;
    targetsMet.mm4EventsPerSecond = ok;
    row(
      "events/s (events ÷ wall around simulate)",
      fmt.mega(mm4.eventsPerSecond),
      `≥ ${fmt.mega(TARGETS.mm4EventsPerSecond)}`,
      ok,
    );
    row("events/s as the engine reports it", fmt.mega(mm4.engineEventsPerSecond));
    row("requests per wall second", fmt.int(mm4.requestsPerSecond));
    if (reference) {
      targetsMet.referenceRatio = reference.ratio >= TARGETS.referenceRatio;
      row("reference loop (bench/reference-mm4.ts): requests/s", fmt.int(reference.requestsPerSecond));
      row(
        "archsim ÷ reference loop",
        `${reference.ratio.toFixed(3)} (per rep ${reference.ratios.map((r) => r.toFixed(3)).join(", ")})`,
        `≥ ${TARGETS.referenceRatio}`,
        targetsMet.referenceRatio,
      );
    }
    row("wall time", fmt.s(mm4.wallSeconds));
    row("CPU time of the same runs (busy-machine check)", fmt.s(mm4.cpuSeconds));
    row("requests simulated / events", `${fmt.int(mm4.requests)} / ${fmt.int(mm4.events)}`);
    row("events per request", (mm4.events / mm4.requests).toFixed(2));
    const analytic = erlangCResponseMs(MM4.servers, MM4.ratePerSecond / 1000, 1 / MM4.meanServiceMs);
    const measured = mm4.last.latency.mean;
    const relErr = Math.abs(measured - analytic) / analytic;
    row("mean response: archsim", fmt.ms(measured));
    row("mean response: Erlang C (analytic)", fmt.ms(analytic), "sanity: ±2%", relErr < 0.02);
    if (simpy) row("mean response: SimPy (200k customers)", fmt.ms(simpy.mean_response_ms));
    if (mm4.partial) notes.push("(a) stopped early (partial result)");
  } else row("not measured", "—");

  section("SimPy peer (same M/M/4 model, same run)");
  if (simpy) {
    row(`SimPy customers per wall second (${fmt.int(SIMPY_CUSTOMERS)} customers)`, fmt.int(simpy.customers_per_second));
    if (mm4) {
      const ratio = mm4.requestsPerSecond / simpy.customers_per_second;
      targetsMet.simpyRatio = ratio >= TARGETS.simpyRatio;
      row("archsim requests/s ÷ SimPy customers/s", fmt.x(ratio), `≥ ${TARGETS.simpyRatio}×`, targetsMet.simpyRatio);
      results.simpyRatio = ratio;
    }
  } else row("SimPy", missing ? "skipped" : "failed");

  section("(b) e-commerce peak-sale (examples/ecommerce.yaml, 360 s)");
  if (peak) {
    targetsMet.peakSaleWallSeconds = peak.wallSeconds < TARGETS.peakSaleWallSeconds;
    row("wall time", fmt.s(peak.wallSeconds), `< ${TARGETS.peakSaleWallSeconds} s`, targetsMet.peakSaleWallSeconds);
    row("CPU time of the same runs (busy-machine check)", fmt.s(peak.cpuSeconds));
    row("events/s", fmt.mega(peak.eventsPerSecond));
    row("requests per wall second", fmt.int(peak.requestsPerSecond));
    row("requests / events", `${fmt.int(peak.requests)} / ${fmt.int(peak.events)}`);
    row(
      "succeeded / failed / rejected",
      `${fmt.int(peak.last.requests.succeeded)} / ${fmt.int(peak.last.requests.failed)} / ${fmt.int(peak.last.requests.rejected)}`,
    );
    if (peak.partial) notes.push("(b) stopped early (partial result)");
  } else row("not measured", "—");

  section(`(c) generated ${RANDOM_SERVICES}-service design (seed ${RANDOM_SEED}), scenario load, 60 s`);
  if (big) {
    const r = results.random200 as {
      busiest: { id: string; utilization: number };
      plan: { operationsPerSecond: number };
    };
    row("events/s", fmt.mega(big.eventsPerSecond));
    row("requests per wall second", fmt.int(big.requestsPerSecond));
    row("wall time", fmt.s(big.wallSeconds));
    row("CPU time of the same runs (busy-machine check)", fmt.s(big.cpuSeconds));
    row("requests / events", `${fmt.int(big.requests)} / ${fmt.int(big.events)}`);
    row(
      "succeeded / failed / rejected",
      `${fmt.int(big.last.requests.succeeded)} / ${fmt.int(big.last.requests.failed)} / ${fmt.int(big.last.requests.rejected)}`,
    );
    row(
      `busiest component (${r.busiest.id}) utilization`,
      r.busiest.utilization.toFixed(3),
      "< 0.8 (stable)",
      r.busiest.utilization < 0.8,
    );
    if (big.partial) notes.push("(c) stopped early (partial result)");
  } else row("not measured", "—");

  section(`(d) M/M/4, ${fmt.int(RSS_REQUESTS)} requests, fresh child process`);
  if (rss) {
    targetsMet.rssMegabytes = rss.maxRssMb < TARGETS.rssMegabytes;
    row(
      "peak RSS (process.resourceUsage().maxRSS)",
      fmt.mb(rss.maxRssMb),
      `< ${TARGETS.rssMegabytes} MB`,
      targetsMet.rssMegabytes,
    );
    if (rss.timeMaxRssMb !== undefined) row("peak RSS (/usr/bin/time -v)", fmt.mb(rss.timeMaxRssMb));
    row("wall time", fmt.s(rss.wallSeconds));
    row("CPU time of the same runs (busy-machine check)", fmt.s(rss.cpuSeconds));
    row("events/s", fmt.mega(rss.eventsPerSecond));
    row("requests per wall second", fmt.int(rss.requestsPerSecond));
    if (rss.partial) notes.push("(d) stopped early (partial result)");
  } else row("not measured", "—");

  section(`(e) CLI start-up, median of ${STARTUP_RUNS} processes`);
  if (startup) {
    targetsMet.startupRatio = startup.ratio <= TARGETS.startupRatio;
    row("node -e 0", `${startup.nodeMs.toFixed(1)} ms`);
    row("node dist/archsim/archsim.mjs --help", `${startup.helpMs.toFixed(1)} ms`);
    row("node bin/archsim.mjs --help (the checkout's wrapper)", `${startup.checkoutHelpMs.toFixed(1)} ms`);
    row("archsim --help ÷ node -e 0", fmt.x(startup.ratio), `≤ ${TARGETS.startupRatio}×`, targetsMet.startupRatio);
  } else row("not measured", "—");

  section(`(f) the whole archsim simulate process, ${CLI_MM4} (M/M/4 ρ = 0.9, ≈1M requests)`);
  if (whole) {
    row("wall time of the process", fmt.s(whole.wallSeconds));
    row("requests / events", `${fmt.int(whole.requests)} / ${fmt.int(whole.events)}`);
    row("events/s of the whole process", fmt.mega(whole.processEventsPerSecond));
    row("events/s in the run (the result's eventsPerSecond)", fmt.mega(whole.inRunEventsPerSecond));
    // No target: node's start and loading the engine (~1.2 MB of zod, yaml and the model) are a
    // fixed cost, so the ratio rises with the run's length; it was about 0.25 when tsx compiled at start.
    row("whole process ÷ in-run rate", whole.ratio.toFixed(2));
  } else row("not measured", "—");

  section("(g) parseDesign on designs at scale (the inputs of model/qa.test.ts)");
  if (scale) {
    targetsMet.scaleParseSeconds = scale.every((c) => c.seconds < TARGETS.scaleParseSeconds);
    for (const c of scale)
      row(
        `${c.name} (${fmt.int(c.errors)} errors)`,
        fmt.s(c.seconds),
        `< ${TARGETS.scaleParseSeconds} s`,
        c.seconds < TARGETS.scaleParseSeconds,
      );
  } else row("not measured", "—");

  results.loadAverageAtEnd = os.loadavg();
  for (const [what, c] of [
    ["(a)", mm4],
    ["(b)", peak],
    ["(c)", big],
  ] as const) {
    // One thread simulates: wall well above CPU means the process waited for a core.
    if (c && c.wallSeconds > 1.25 * c.cpuSeconds)
      notes.push(
        `${what} wall ${c.wallSeconds.toFixed(3)} s vs CPU ${c.cpuSeconds.toFixed(3)} s: the machine was busy, wall figures are inflated`,
      );
  }
  printTable();
  console.log("\nTargets:");
  const label: Record<string, string> = {
    simpyRatio: `≥ ${TARGETS.simpyRatio}× SimPy on M/M/4`,
    referenceRatio: `≥ ${TARGETS.referenceRatio} of the reference loop's requests/s on M/M/4`,
    mm4EventsPerSecond: `≥ ${fmt.mega(TARGETS.mm4EventsPerSecond)} events/s on (a)`,
    peakSaleWallSeconds: `peak-sale < ${TARGETS.peakSaleWallSeconds} s wall`,
    rssMegabytes: `10M requests peak RSS < ${TARGETS.rssMegabytes} MB`,
    startupRatio: `archsim --help ≤ ${TARGETS.startupRatio}× node -e 0`,
    scaleParseSeconds: `each design at scale parses in < ${TARGETS.scaleParseSeconds} s`,
  };
  for (const [k, v] of Object.entries(targetsMet))
    console.log(`  ${v === null ? "n/a    " : v ? "MET    " : "NOT MET"}  ${label[k]}`);
  for (const n of notes) console.log(`  note: ${n}`);
  results.targetsMet = targetsMet;
  results.notes = notes;

  const out = join(HERE, "results.json");
  writeFileSync(out, JSON.stringify(results, null, 2) + "\n");
  console.log(`\nWrote ${out}`);
  return crashed ? 1 : 0;
}

const childAt = process.argv.indexOf(CHILD_FLAG);
if (childAt >= 0) {
  childMain(Number(process.argv[childAt + 1])).catch((e: unknown) => {
    console.error(errorText(e));
    process.exit(1);
  });
} else {
  main().then(
    (code) => process.exit(code),
    (e: unknown) => {
      console.error(`the benchmark itself crashed: ${errorText(e)}`);
      process.exit(2);
    },
  );
}
