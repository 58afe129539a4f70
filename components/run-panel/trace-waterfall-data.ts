/**
 * The Traces tab's pure part: which traces the list shows and in what order, the waterfall's
 * rows (spans depth-first, as Jaeger draws them), its time axis, and how each outcome is named
 * and styled. No React here; trace-waterfall.tsx draws what these return.
 */
import type { Trace, TraceOutcome, TraceSpan } from "../../simulator";

/**
 * Which requests the designer's runs trace: every n-th after the warm-up (simulation.worker.ts
 * passes it to createRun; the Traces tab says it).
 */
export const DESIGNER_TRACE_EVERY = 10;

/** "every 10th request after the warm-up" (1st, 2nd, 3rd, 11th, 12th, 13th, 21st, …). */
export function sampleText(every: number): string {
  if (every === 1) return "every request after the warm-up";
  const tens = every % 100;
  const suffix = tens >= 11 && tens <= 13 ? "th" : (["th", "st", "nd", "rd"][every % 10] ?? "th");
  return `every ${every}${suffix} request after the warm-up`;
}

export type TraceFilter = "all" | "failed" | "slowest";

export const TRACE_FILTERS: readonly { id: TraceFilter; label: string }[] = [
  { id: "all", label: "All" },
  { id: "failed", label: "Failed" },
  { id: "slowest", label: "Slowest" },
];

/** The list shows at most this many traces (the engine keeps at most TRACE_LIMITS.traces). */
export const TRACE_LIST_LIMIT = 500;

/**
 * The traces a filter shows: all and failed by start time (then id), slowest by duration,
 * longest first (then by start). Rejected requests count as failed.
 */
export function filterTraces(traces: readonly Trace[], filter: TraceFilter): Trace[] {
  const byStart = (a: Trace, b: Trace) => a.startMs - b.startMs || a.id - b.id;
  let out: Trace[];
  if (filter === "failed") out = traces.filter((t) => t.outcome !== "ok").sort(byStart);
  else if (filter === "slowest") out = [...traces].sort((a, b) => b.durationMs - a.durationMs || byStart(a, b));
  else out = [...traces].sort(byStart);
  return out.slice(0, TRACE_LIST_LIMIT);
}

/**
 * The traces that went through `component`: with a span on it (an operation, a step on it, a
 * call it made) or a call to it (`target`), so a call it refused or failed, crashed or
 * partitioned, counts even when it never ran.
 */
export function tracesThrough(traces: readonly Trace[], component: string): Trace[] {
  return traces.filter((t) => t.spans.some((s) => s.component === component || s.target === component));
}

/**
 * A waterfall row: its span, its depth (the root 0), and its place among its parent's children
 * (1-based `posInSet` of `setSize`) and its parent's row index (null for a root), for the tree
 * semantics a screen reader announces ("level 3, 2 of 4") and the arrow keys follow.
 */
export type WaterfallRow = { span: TraceSpan; depth: number; posInSet: number; setSize: number; parent: number | null };

/** Spans depth-first from the root, each parent's children by start time then id. */
export function waterfallRows(trace: Trace): WaterfallRow[] {
  const children = new Map<number | null, TraceSpan[]>();
  for (const s of trace.spans) {
    const list = children.get(s.parentId);
    if (list) list.push(s);
    else children.set(s.parentId, [s]);
  }
  for (const list of children.values()) list.sort((a, b) => a.startMs - b.startMs || a.id - b.id);
  const rows: WaterfallRow[] = [];
  const row = (span: TraceSpan, depth: number, i: number, of: number, parent: number | null): WaterfallRow => ({
    span,
    depth,
    posInSet: i + 1,
    setSize: of,
    parent,
  });
  // Iterative, so a long follows-from chain (hundreds deep) cannot overflow the stack.
  const roots = children.get(null) ?? [];
  const stack: WaterfallRow[] = roots.map((span, i) => row(span, 0, i, roots.length, null)).reverse();
  while (stack.length > 0) {
    const r = stack.pop()!;
    const index = rows.length;
    rows.push(r);
    const kids = children.get(r.span.id) ?? [];
    for (let i = kids.length - 1; i >= 0; i--) stack.push(row(kids[i]!, r.depth + 1, i, kids.length, index));
  }
  return rows;
}

/**
 * The row the tree's arrow keys move to from row `at` (WAI-ARIA tree pattern, always expanded):
 * Up/Down the previous/next row, Home/End the first/last, Left the parent, Right the first
 * child; null for any other key or when there is nowhere to go.
 */
export function treeKeyTarget(rows: readonly WaterfallRow[], at: number, key: string): number | null {
  let to: number | null = null;
  if (key === "ArrowDown") to = at + 1;
  else if (key === "ArrowUp") to = at - 1;
  else if (key === "Home") to = 0;
  else if (key === "End") to = rows.length - 1;
  else if (key === "ArrowLeft") to = rows[at]?.parent ?? null;
  else if (key === "ArrowRight") to = rows[at + 1]?.parent === at ? at + 1 : null;
  return to !== null && to >= 0 && to < rows.length && to !== at ? to : null;
}

/** The time the waterfall spans: from the request's start to the last span's end (consumers may end later). */
export function traceWindow(trace: Trace): { startMs: number; endMs: number } {
  let end = trace.endMs;
  for (const s of trace.spans) if (s.endMs > end) end = s.endMs;
  return { startMs: trace.startMs, endMs: end };
}

/** Ticks (ms from the window's start) at a round step giving about `count` intervals. */
export function timeTicks(durationMs: number, count = 5): number[] {
  if (!(durationMs > 0)) return [0];
  const raw = durationMs / count;
  const pow = Math.pow(10, Math.floor(Math.log10(raw)));
  const step = [1, 2, 5, 10].map((m) => m * pow).find((s) => s >= raw)!;
  const ticks: number[] = [];
  for (let t = 0; t <= durationMs + step * 1e-9; t += step) ticks.push(Math.round(t * 1e6) / 1e6);
  return ticks;
}

/** A bar's place on the axis, in percent of the window (a zero-length span still shows as a tick). */
export function barPosition(
  startMs: number,
  endMs: number,
  window: { startMs: number; endMs: number },
): { left: number; width: number } {
  const total = window.endMs - window.startMs;
  if (!(total > 0)) return { left: 0, width: 0 };
  const left = ((startMs - window.startMs) / total) * 100;
  const width = ((endMs - startMs) / total) * 100;
  return { left: clamp(left), width: Math.max(0, Math.min(width, 100 - clamp(left))) };
}

const clamp = (x: number) => Math.max(0, Math.min(100, x));

/** Outcomes grouped as the legend shows them; each has its own colour and a text label. */
export type OutcomeClass = "ok" | "error" | "timeout" | "circuit" | "refused" | "down" | "unfinished";

export const OUTCOME_LEGEND: readonly { id: OutcomeClass; label: string; mark: string }[] = [
  { id: "ok", label: "ok", mark: "✓" },
  { id: "error", label: "error", mark: "✕" },
  { id: "timeout", label: "timeout", mark: "◷" },
  { id: "circuit", label: "circuit open", mark: "⊘" },
  { id: "refused", label: "refused (503, rate limit, bulkhead)", mark: "⊖" },
  { id: "down", label: "down (crashed, partitioned, broker down)", mark: "↯" },
  { id: "unfinished", label: "unfinished", mark: "…" },
];

export function outcomeClass(outcome: TraceOutcome): OutcomeClass {
  switch (outcome) {
    case "ok":
      return "ok";
    case "error":
      return "error";
    case "timeout":
      return "timeout";
    case "circuitOpen":
      return "circuit";
    case "rejected":
    case "rateLimited":
    case "bulkhead":
      return "refused";
    case "crashed":
    case "partitioned":
    case "brokerDown":
      return "down";
    case "unfinished":
      return "unfinished";
  }
}

const OUTCOME_TEXT: Record<TraceOutcome, string> = {
  ok: "ok",
  error: "error",
  timeout: "timeout",
  circuitOpen: "circuit open",
  rejected: "rejected (503)",
  rateLimited: "rate limited",
  bulkhead: "bulkhead full",
  crashed: "crashed",
  partitioned: "partitioned",
  brokerDown: "broker down",
  unfinished: "unfinished",
};

/** The outcome in words, with its mark ("◷ timeout"); the marks are in the UI font's symbol blocks. */
export function outcomeLabel(outcome: TraceOutcome): string {
  const mark = OUTCOME_LEGEND.find((o) => o.id === outcomeClass(outcome))!.mark;
  return `${mark} ${OUTCOME_TEXT[outcome]}`;
}

/** Simulated milliseconds for reading: "0.5 ms", "12.3 ms", "1,250 ms", "61.25 s". */
export function formatMs(ms: number): string {
  const a = Math.abs(ms);
  if (a >= 10_000) return `${trim(ms / 1000, 2)} s`;
  if (a >= 100) return `${Math.round(ms).toLocaleString("en-US")} ms`;
  if (a >= 10) return `${trim(ms, 1)} ms`;
  return `${trim(ms, 2)} ms`;
}

function trim(x: number, digits: number): string {
  return String(Number(x.toFixed(digits)));
}

/**
 * Where a bar's text goes: after the bar when it ends in the left 70% of the track, before it
 * when it starts past 30%, else inside it at its end (on a label background).
 */
export function textPlacement(bar: { left: number; width: number }): "after" | "before" | "inside" {
  if (bar.left + bar.width <= 70) return "after";
  if (bar.left >= 30) return "before";
  return "inside";
}

/** A row's name on the left: the component, then the operation or step (the request: the client's, to its entry). */
export function spanName(span: TraceSpan): { component: string; label: string } {
  if (span.kind === "request") return { component: "client", label: `${span.label} → ${span.component}` };
  if (span.kind === "call") return { component: span.component, label: `${span.label} #${span.attempt ?? 1}` };
  return { component: span.component, label: span.label };
}

const KIND_TEXT: Record<TraceSpan["kind"], string> = {
  request: "client request",
  gateway: "gateway",
  exec: "operation",
  call: "call attempt",
  backoff: "retry backoff",
  query: "database query",
  cache: "cache lookup",
  publish: "publish",
};

/** The selected span's details, as label/value pairs (times relative to the trace's start). */
export function spanDetails(span: TraceSpan, trace: Trace): [string, string][] {
  const rel = (t: number) => formatMs(t - trace.startMs);
  const out: [string, string][] = [
    ["Kind", span.followsFrom ? `${KIND_TEXT[span.kind]} (follows from its publish)` : KIND_TEXT[span.kind]],
    ["Component", span.component],
    ...(span.target !== undefined ? [["Calls", span.target] as [string, string]] : []),
    ["Operation", span.label],
    ["Start", `+${rel(span.startMs)}`],
    ["Duration", formatMs(span.endMs - span.startMs)],
    ["Outcome", outcomeLabel(span.outcome)],
  ];
  if (span.attempt !== undefined) out.push(["Attempt", String(span.attempt)]);
  if (span.replica !== undefined) out.push(["Replica", `#${span.replica}`]);
  if (span.wait)
    out.push(["Waited", `${formatMs(span.wait.endMs - span.wait.startMs)} from +${rel(span.wait.startMs)}`]);
  if (span.note) out.push(["Note", span.note]);
  return out;
}
