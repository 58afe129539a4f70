/**
 * Two finished runs side by side, as figures: per route, topic, component and failure cause
 * the value in run A, in run B and the change from A to B, judged better, worse or the same
 * where a direction is better; the two runs' timeseries on one time axis; and what changed
 * between them (a line diff of the design texts, the scenario, seed and duration). Pure, so it
 * is tested without a browser; run-compare.tsx draws what it returns.
 */
import { diffLines, parseDesign, type DiffLine } from "../../model";
import { FAILURE_CAUSES, type FailureCause, type SimulationResult, type TimeseriesEntry } from "../../simulator";

/** What a compared run brings: its inputs and its result (a run-history entry fits). */
export type ComparedRun = {
  designText: string;
  scenario: string;
  seed: number;
  durationMs: number;
  result: SimulationResult;
};

/** Better and worse where a direction is better; "neutral" where none is (requests, utilization). */
export type Judgement = "better" | "worse" | "same" | "neutral";

/**
 * Changes within this share of run A's value read as "same": a design change reshuffles the
 * random draws, and a p99 moves by a few percent from that alone.
 */
export const SAME_WITHIN = 0.05;

/** A success rate that moves by less than this (a fraction: 0.001 is 0.1 percentage points) is the same. */
export const SUCCESS_SAME_WITHIN = 0.001;

export type Unit = "count" | "ms" | "ratio";

export type Measure = {
  /** Stable key for tests and React (requests, success, p50, p99, peakDepth, utilization, failed, …). */
  key: string;
  label: string;
  unit: Unit;
  /** null when the run has no such route, topic or component. */
  a: number | null;
  b: number | null;
  judgement: Judgement;
};

export type RouteComparison = {
  route: string;
  measures: Measure[];
  /** Of success, p50 and p99: better, worse, mixed (some of each) or same. */
  verdict: "better" | "worse" | "mixed" | "same";
};

export type KeyedComparison = { key: string; measures: Measure[] };

export type RunComparison = {
  /**
   * Why counts are not judged, when the runs counted different spans of time (say 190 s and
   * 90 s after warm-up): more seconds count more errors, so a longer run would read "worse". Null when the spans agree.
   */
  countsNote: string | null;
  routes: RouteComparison[];
  topics: KeyedComparison[];
  components: KeyedComparison[];
  /** Failures by cause, the causes either run had; then all failed and rejected requests. */
  causes: Measure[];
};

/**
 * The figures of two runs, A then B. Counts (errors, failures by cause, peak depths) are judged
 * only when both runs counted as many seconds: each run's simulated seconds less its warm-up
 * (`warmupMs`, from its scenario; see getWarmupMs). Otherwise they are neutral and `countsNote`
 * says why; success rates and latencies are judged either way.
 */
export function compareRuns(
  a: SimulationResult,
  b: SimulationResult,
  warmupMs: { a: number; b: number } = { a: 0, b: 0 },
): RunComparison {
  const countedA = Math.max(0, a.simulatedSeconds - warmupMs.a / 1000);
  const countedB = Math.max(0, b.simulatedSeconds - warmupMs.b / 1000);
  const sameSpan = countedA === countedB;
  const lower = sameSpan ? "lower" : "neutral";
  const countsNote = sameSpan
    ? null
    : `Run A counted ${formatCount(countedA)} s and run B ${formatCount(countedB)} s (after warm-up): errors, failures and peak depths are not judged better or worse, as a longer run counts more of them.`;
  const routes = unionKeys(a.routes, b.routes).map((route): RouteComparison => {
    const ra = a.routes[route];
    const rb = b.routes[route];
    const success = (r: typeof ra) => (r && r.count > 0 ? r.succeeded / r.count : null);
    const measures = [
      measure("requests", "Requests", "count", ra?.count, rb?.count, "neutral"),
      measure("success", "Success", "ratio", success(ra), success(rb), "higher"),
      measure("p50", "p50", "ms", latencyOf(ra, "p50"), latencyOf(rb, "p50"), "lower"),
      measure("p99", "p99", "ms", latencyOf(ra, "p99"), latencyOf(rb, "p99"), "lower"),
    ];
    return { route, measures, verdict: verdictOf(measures.slice(1)) };
  });
  const topics = unionKeys(a.topics, b.topics).map((key) => ({
    key,
    measures: [measure("peakDepth", "Peak depth", "count", a.topics[key]?.maxDepth, b.topics[key]?.maxDepth, lower)],
  }));
  const components = unionKeys(a.components, b.components).map((key) => {
    const ca = a.components[key];
    const cb = b.components[key];
    return {
      key,
      measures: [
        measure("utilization", "Utilization", "ratio", ca?.utilization, cb?.utilization, "neutral"),
        measure("failed", "Errors", "count", ca?.failed, cb?.failed, lower),
      ],
    };
  });
  const seen = FAILURE_CAUSES.filter((c) => a.requests.causes[c] > 0 || b.requests.causes[c] > 0);
  const causes = [
    ...seen.map((c) => measure(c, CAUSE_LABELS[c], "count", a.requests.causes[c], b.requests.causes[c], lower)),
    measure(
      "total",
      "All failed or rejected",
      "count",
      a.requests.failed + a.requests.rejected,
      b.requests.failed + b.requests.rejected,
      lower,
    ),
  ];
  return { countsNote, routes, topics, components, causes };
}

/** The warm-up of a compared run's scenario (as the design it ran has it), in ms; 0 when it has none. */
export function getWarmupMs(run: Pick<ComparedRun, "designText" | "scenario">): number {
  const design = parseDesign(run.designText).design;
  return design && Object.hasOwn(design.scenarios, run.scenario) ? design.scenarios[run.scenario]!.warmup : 0;
}

export const CAUSE_LABELS: Record<FailureCause, string> = {
  timeout: "Timed out",
  rejected: "Rejected (queue full)",
  rateLimited: "Rate limited",
  circuitOpen: "Circuit open",
  bulkhead: "Bulkhead full",
  crashed: "Crashed",
  partitioned: "Partitioned",
  error: "Error",
  brokerDown: "Broker down",
};

function unionKeys(a: Record<string, unknown>, b: Record<string, unknown>): string[] {
  return [...new Set([...Object.keys(a), ...Object.keys(b)])].sort();
}

function latencyOf(r: SimulationResult["routes"][string] | undefined, p: "p50" | "p99"): number | null {
  // A route with no successful request has no latency (the engine reports 0): nothing to compare.
  return r && r.succeeded > 0 ? r.latency[p] : null;
}

function measure(
  key: string,
  label: string,
  unit: Unit,
  a: number | null | undefined,
  b: number | null | undefined,
  better: "lower" | "higher" | "neutral",
): Measure {
  const va = a ?? null;
  const vb = b ?? null;
  return { key, label, unit, a: va, b: vb, judgement: judge(va, vb, better, unit) };
}

function judge(a: number | null, b: number | null, better: "lower" | "higher" | "neutral", unit: Unit): Judgement {
  if (better === "neutral" || a === null || b === null) return "neutral";
  const delta = b - a;
  const same = unit === "ratio" ? Math.abs(delta) < SUCCESS_SAME_WITHIN : Math.abs(delta) <= SAME_WITHIN * Math.abs(a);
  if (same) return "same";
  return delta < 0 === (better === "lower") ? "better" : "worse";
}

function verdictOf(measures: readonly Measure[]): RouteComparison["verdict"] {
  const better = measures.some((m) => m.judgement === "better");
  const worse = measures.some((m) => m.judgement === "worse");
  return better && worse ? "mixed" : better ? "better" : worse ? "worse" : "same";
}

/** Routes named in the summary per verdict; more are counted, not named. */
export const SUMMARY_NAMES_LIMIT = 3;

/**
 * One sentence on the routes: "From A to B, routes: 1 worse (GET /products), 1 better
 * (POST /orders), 1 the same." Worse first, the routes that changed named.
 */
export function summarizeRoutes(routes: readonly RouteComparison[]): string {
  if (routes.length === 0) return "Neither run has routes to compare.";
  const parts = (["worse", "better", "mixed", "same"] as const).flatMap((verdict) => {
    const names = routes.filter((r) => r.verdict === verdict).map((r) => r.route);
    if (names.length === 0) return [];
    const word =
      verdict === "mixed"
        ? "mixed (better on one figure, worse on another)"
        : verdict === "same"
          ? "the same"
          : verdict;
    if (verdict === "same") return [`${names.length} ${word}`];
    const shown = names.slice(0, SUMMARY_NAMES_LIMIT).join(", ");
    const more = names.length > SUMMARY_NAMES_LIMIT ? ` and ${names.length - SUMMARY_NAMES_LIMIT} more` : "";
    return [`${names.length} ${word} (${shown}${more})`];
  });
  return `From A to B, routes: ${parts.join(", ")}.`;
}

// Formatting: the same text in the table and in the e2e's expectations.

/** 10,212 */
export function formatCount(n: number): string {
  return n.toLocaleString("en-US");
}

/** 61.45% (cut, not rounded, so 99.999% never reads 100%). */
export function formatRatio(x: number): string {
  return x === 1 ? "100%" : `${(Math.floor(x * 10000) / 100).toFixed(2)}%`;
}

/** 45.4 ms; 25,024.0 ms */
export function formatMs(ms: number): string {
  return `${ms.toLocaleString("en-US", { minimumFractionDigits: 1, maximumFractionDigits: 1 })} ms`;
}

export function formatValue(unit: Unit, v: number | null): string {
  if (v === null) return "–";
  return unit === "count" ? formatCount(v) : unit === "ms" ? formatMs(v) : formatRatio(v);
}

/**
 * The change from A to B as text: "+111 (+1.1%)", "−1.3 ms (−2.8%)", "+2.32 pts" (ratios change
 * by percentage points), "no change", or "–" when a run lacks the value.
 */
export function formatChange(unit: Unit, a: number | null, b: number | null): string {
  if (a === null || b === null) return "–";
  const delta = b - a;
  if (delta === 0) return "no change";
  const sign = delta > 0 ? "+" : "−";
  if (unit === "ratio") return `${sign}${(Math.abs(delta) * 100).toFixed(2)} pts`;
  const abs = unit === "ms" ? formatMs(Math.abs(delta)) : formatCount(Math.abs(delta));
  if (a === 0) return `${sign}${abs}`;
  const pct = (Math.abs(delta) / Math.abs(a)) * 100;
  return `${sign}${abs} (${sign}${pct < 10 ? pct.toFixed(1) : Math.round(pct).toLocaleString("en-US")}%)`;
}

// Over time.

export type CompareSeries = {
  /** Simulated seconds: the longer run's (a shorter run has gaps, null, past its end). */
  x: number[];
  /** Successful requests per second in A and B. */
  throughput: [(number | null)[], (number | null)[]];
  /** p99 in ms per second; a second without a successful request is a gap. */
  p99: [(number | null)[], (number | null)[]];
};

/** The two runs' throughput and p99 per second, for the whole system or one route. */
export function toCompareSeries(
  a: readonly TimeseriesEntry[],
  b: readonly TimeseriesEntry[],
  route: string | null,
): CompareSeries {
  const n = Math.max(a.length, b.length);
  const x = Array.from({ length: n }, (_, i) => (a[i] ?? b[i])!.t);
  const ok = (s: TimeseriesEntry | undefined): number | null => {
    if (!s) return null;
    if (route === null) return s.requests.succeeded;
    const r = s.routes[route];
    // Every outcome of the second but the failed and the rejected ones (none in a snapshot that predates them).
    return r ? r.count - r.failed - (r.rejected ?? 0) : null;
  };
  const p99 = (s: TimeseriesEntry | undefined): number | null => {
    if (!s) return null;
    if (route === null) return s.requests.succeeded > 0 ? s.latency.p99 : null;
    // A route's second has no count of successes; every recorded latency is > 0, so p99 = 0 means none.
    const r = s.routes[route];
    return r && r.p99 > 0 ? r.p99 : null;
  };
  const col = (f: (s: TimeseriesEntry | undefined) => number | null, runs: readonly TimeseriesEntry[]) =>
    x.map((_, i) => f(runs[i]));
  return { x, throughput: [col(ok, a), col(ok, b)], p99: [col(p99, a), col(p99, b)] };
}

// What changed.

/** Lines of unchanged text kept around each change in the design diff. */
export const DIFF_CONTEXT = 2;

/** Diff lines shown at most; a longer diff says how many more changed lines there are. */
export const DIFF_SHOWN_LIMIT = 300;

export type NumberedLine = DiffLine & { aLine: number | null; bLine: number | null };

export type DesignChanges = {
  /** Changed lines with DIFF_CONTEXT lines around them; hunks apart are separated by a null. */
  lines: (NumberedLine | null)[];
  removed: number;
  added: number;
  /** Changed lines not in `lines` because of DIFF_SHOWN_LIMIT. */
  hidden: number;
};

/** The line diff of design A's text to design B's, numbered, cut down to the changes and their context. */
export function diffDesigns(a: string, b: string): DesignChanges {
  const all = diffLines(a, b);
  let aLine = 0;
  let bLine = 0;
  const numbered: NumberedLine[] = all.map((l) => ({
    ...l,
    aLine: l.kind === "added" ? null : ++aLine,
    bLine: l.kind === "removed" ? null : ++bLine,
  }));
  const keep = new Uint8Array(numbered.length);
  numbered.forEach((l, i) => {
    if (l.kind === "same") return;
    for (let j = Math.max(0, i - DIFF_CONTEXT); j <= Math.min(numbered.length - 1, i + DIFF_CONTEXT); j++) keep[j] = 1;
  });
  const lines: (NumberedLine | null)[] = [];
  let shown = 0;
  let hidden = 0;
  numbered.forEach((l, i) => {
    if (!keep[i]) return;
    if (shown >= DIFF_SHOWN_LIMIT) {
      if (l.kind !== "same") hidden++;
      return;
    }
    if (lines.length > 0 && !keep[i - 1]) lines.push(null);
    lines.push(l);
    shown++;
  });
  return {
    lines,
    removed: numbered.filter((l) => l.kind === "removed").length,
    added: numbered.filter((l) => l.kind === "added").length,
    hidden,
  };
}

export type InputChange = { what: "Scenario" | "Seed" | "Duration"; a: string; b: string };

/** The run inputs that differ (scenario, seed, duration), and notes on what that means for the comparison. */
export function compareInputs(a: ComparedRun, b: ComparedRun): { changes: InputChange[]; notes: string[] } {
  const changes: InputChange[] = [];
  const notes: string[] = [];
  if (a.scenario !== b.scenario) {
    changes.push({ what: "Scenario", a: a.scenario, b: b.scenario });
    notes.push(
      "The runs ran different scenarios: their load and faults differ, so not every change below comes from the design.",
    );
  }
  if (a.seed !== b.seed) {
    changes.push({ what: "Seed", a: String(a.seed), b: String(b.seed) });
    notes.push("The seeds differ: small changes may be chance rather than the design.");
  }
  if (a.durationMs !== b.durationMs) {
    changes.push({ what: "Duration", a: formatSeconds(a.durationMs), b: formatSeconds(b.durationMs) });
    notes.push("The runs lasted different times: compare rates and percentiles rather than counts.");
  }
  for (const [name, r] of [
    ["A", a],
    ["B", b],
  ] as const)
    if (r.result.partial)
      notes.push(
        `Run ${name} ended early (${r.result.stopReason ?? "a limit"}) at ${r.result.simulatedSeconds} s: its figures cover only that part.`,
      );
  return { changes, notes };
}

function formatSeconds(ms: number): string {
  return `${(ms / 1000).toLocaleString("en-US")} s`;
}
