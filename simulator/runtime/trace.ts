/**
 * Sampled request traces: the record of one client request hop by hop (the gateway, each
 * operation's execution, each call attempt and backoff, queries, cache lookups, publishes and
 * the consumers' executions they caused), as spans on the simulated clock.
 *
 * Recording only reads the run: it draws no random number and schedules nothing, so a run with
 * traces gives the same result as one without. Off by default; when off, every hook is one
 * null check. This file is the leaf store (no entity or state imports); trace-hooks.ts reads
 * the entities and calls it.
 *
 * Sampling, deterministic: the counted root requests (sent after the warm-up) are numbered
 * 0, 1, 2, … in the order they are sent; every `every`-th one is traced (0, every, 2·every…),
 * while fewer than TRACE_LIMITS.liveTraces traced requests are unanswered. When its answer
 * reaches the client, a trace is offered to pools: failures to one pool per cause, successes to
 * an even pool and to the slowest. An even pool thins when it must shrink (its stride doubles
 * and every other kept trace goes), so what it keeps spans the whole run. Failures take up to
 * FAILED_TRACE_SHARE of `limit` (the largest cause thins first, so a rare cause survives a
 * common one), the slowest successes SLOW_TRACE_SHARE, evenly kept successes the rest.
 */
import { FAILURE_CAUSES, type FailureCause } from "../result";
import { FAILED_TRACE_SHARE, SLOW_TRACE_SHARE, TRACE_LIMITS } from "./limits";

/** How a span (or trace) ended: "ok", a failure cause, or "unfinished" (still open when read). */
export type TraceOutcome = "ok" | FailureCause | "unfinished";

/**
 * request: the client's request (root); gateway: the entry refused it (rate limit); exec: an
 * operation on a replica (a consumer's, follows-from its publish); call: one attempt of a sync
 * call, or a call refused before any attempt (circuit open, bulkhead full); backoff: the wait
 * before a retry; query, cache, publish: steps on a database, cache or broker.
 */
export type TraceSpanKind = "request" | "gateway" | "exec" | "call" | "backoff" | "query" | "cache" | "publish";

export interface TraceSpan {
  /** Index in the trace's spans; the root is 0. */
  id: number;
  parentId: number | null;
  kind: TraceSpanKind;
  /** The component it ran on (the caller, for a call attempt or backoff). */
  component: string;
  /** The callee, on a call span (an attempt, or a call refused before any attempt). */
  target?: string;
  /** The operation, route or step ("create", "POST /orders", "→ inventory.reserve", "query"). */
  label: string;
  /** Simulated ms. */
  startMs: number;
  endMs: number;
  outcome: TraceOutcome;
  /** Why it ended as it did, or what it waited for ("timeout after 800 ms", "retry 1 after 37 ms backoff"). */
  note?: string;
  /** Attempt number of a call (1 = first). */
  attempt?: number;
  /** Serial number of the replica that ran an execution. */
  replica?: number;
  /** Time spent waiting within the span: for a replica's slot, or a database connection. */
  wait?: { startMs: number; endMs: number };
  /** Caused by a publish, not awaited by it (a consumer's execution). */
  followsFrom?: true;
}

export interface Trace {
  /** The request's number among the run's counted requests (0-based, in sending order). */
  id: number;
  route: string;
  /** The entry component (a gateway or a service). */
  entry: string;
  startMs: number;
  /** When the answer reached the client. */
  endMs: number;
  durationMs: number;
  outcome: "ok" | FailureCause;
  /** Refused at the door (rate limited or a full entry queue): the result counts it as rejected. */
  rejected: boolean;
  /** Spans in the order they began; spans[0] is the request. */
  spans: TraceSpan[];
  /**
   * Spans not recorded because the trace reached TRACE_LIMITS.spansPerTrace, or left out when
   * the kept traces together held more than TRACE_LIMITS.totalSpans (see exportTraces).
   */
  droppedSpans: number;
}

/** A trace being recorded: spans are TraceSpan objects whose endMs is NaN until they end. */
export class TraceRec {
  spans: TraceSpan[] = [];
  endMs = NaN;
  outcome: "ok" | FailureCause = "ok";
  rejected = false;
  droppedSpans = 0;
  /** Dropped by the thinning (or never kept): spans are released and new ones ignored. */
  closed = false;
  /** Its number among the completed traces of its pool (see EvenPool). */
  ord = 0;
  /** Pools holding it; at 0 it is released. */
  refs = 0;
  constructor(
    readonly id: number,
    readonly route: string,
    readonly entry: string,
    readonly startMs: number,
  ) {}
}

/**
 * Kept traces of one kind, thinned evenly: its k-th trace (from 0) is kept while (k + 1) % stride
 * = 0. Counting from 1 makes every thinning of a pool eventually drop its first trace too, so a
 * pool always shrinks when asked to.
 */
class EvenPool {
  readonly items: TraceRec[] = [];
  seen = 0;
  stride = 1;
}

export class Tracer {
  readonly every: number;
  readonly limit: number;
  readonly failedCap: number;
  readonly slowCap: number;
  /** Counted root requests seen so far (the sampling ordinal). */
  seen = 0;
  /** Traced requests not yet answered. */
  live = 0;
  readonly ok = new EvenPool();
  /** Failures by cause, each thinned on its own: a rare cause is not crowded out by a common one. */
  readonly failed = new Map<string, EvenPool>();
  failedCount = 0;
  /** The slowest successes, slowest first. */
  readonly slow: TraceRec[] = [];

  constructor(options: { every?: number; limit?: number }) {
    this.every = Math.max(1, Math.floor(options.every ?? 1));
    this.limit = Math.max(1, Math.min(TRACE_LIMITS.traces, Math.floor(options.limit ?? TRACE_LIMITS.traces)));
    this.failedCap = Math.max(1, Math.floor(this.limit * FAILED_TRACE_SHARE));
    this.slowCap = Math.floor(this.limit * SLOW_TRACE_SHARE);
  }

  /** Whether the next counted request is to be traced (its ordinal, else −1); advances the ordinal. */
  sample(): number {
    const n = this.seen++;
    if (n % this.every !== 0 || this.live >= TRACE_LIMITS.liveTraces) return -1;
    this.live++;
    return n;
  }
}

export function causeName(cause: number): "ok" | FailureCause {
  return cause === 0 ? "ok" : FAILURE_CAUSES[cause - 1]!;
}

/** Opens a span; its id, or −1 when the trace is closed or full (its children then go unrecorded). */
export function openSpan(
  tr: TraceRec,
  parentId: number | null,
  kind: TraceSpanKind,
  component: string,
  label: string,
  startMs: number,
): number {
  if (tr.closed) return -1;
  if (tr.spans.length >= TRACE_LIMITS.spansPerTrace) {
    tr.droppedSpans++;
    return -1;
  }
  const id = tr.spans.length;
  tr.spans.push({ id, parentId, kind, component, label, startMs, endMs: NaN, outcome: "unfinished" });
  return id;
}

/** The span to fill in further (wait, attempt, notes); null when the trace was dropped meanwhile. */
export function spanOf(tr: TraceRec, id: number): TraceSpan | null {
  return tr.closed || id < 0 ? null : (tr.spans[id] ?? null);
}

export function closeSpan(tr: TraceRec, id: number, endMs: number, cause: number, note?: string): void {
  const s = spanOf(tr, id);
  if (s === null) return;
  s.endMs = endMs;
  s.outcome = causeName(cause);
  if (note !== undefined) s.note = note;
}

/** A span that begins and ends at once (a refusal, a step that could not start). */
export function instantSpan(
  tr: TraceRec,
  parentId: number,
  kind: TraceSpanKind,
  component: string,
  label: string,
  at: number,
  cause: number,
  note: string,
): void {
  const id = openSpan(tr, parentId, kind, component, label, at);
  if (id >= 0) closeSpan(tr, id, at, cause, note);
}

/** The request's answer reached its client: the root ends and the trace goes to its pools. */
export function endTrace(tracer: Tracer, tr: TraceRec, endMs: number, cause: number, rejected: boolean): void {
  tracer.live--;
  tr.endMs = endMs;
  tr.outcome = causeName(cause);
  tr.rejected = rejected;
  closeSpan(tr, 0, endMs, cause);
  if (cause !== 0) {
    let pool = tracer.failed.get(tr.outcome);
    if (pool === undefined) tracer.failed.set(tr.outcome, (pool = new EvenPool()));
    if (offerEven(pool, tr)) tracer.failedCount++;
    while (tracer.failedCount > tracer.failedCap) tracer.failedCount -= thin(largest(tracer.failed));
  } else {
    offerEven(tracer.ok, tr);
    offerSlow(tracer, tr);
  }
  // Failures (up to their share) and the slowest take their room from the evenly kept successes.
  while (tracer.ok.items.length > 0 && tracer.ok.items.length + tracer.failedCount > tracer.limit - tracer.slowCap)
    thin(tracer.ok);
  if (tr.refs === 0) release(tr);
}

function offerEven(pool: EvenPool, tr: TraceRec): boolean {
  tr.ord = pool.seen++;
  if ((tr.ord + 1) % pool.stride !== 0) return false;
  pool.items.push(tr);
  tr.refs++;
  return true;
}

const durationOf = (tr: TraceRec): number => tr.endMs - tr.startMs;

/** Keeps the slowCap slowest successes, slowest first (ties: the earlier answered first). */
function offerSlow(tracer: Tracer, tr: TraceRec): void {
  const slow = tracer.slow;
  const d = durationOf(tr);
  if (tracer.slowCap === 0 || (slow.length === tracer.slowCap && d <= durationOf(slow[slow.length - 1]!))) return;
  let i = slow.length;
  while (i > 0 && durationOf(slow[i - 1]!) < d) i--;
  slow.splice(i, 0, tr);
  tr.refs++;
  if (slow.length > tracer.slowCap) unref(slow.pop()!);
}

/** The failure pool holding most traces (the first such, in the order causes appeared). */
function largest(pools: Map<string, EvenPool>): EvenPool {
  let best: EvenPool | null = null;
  for (const p of pools.values()) if (best === null || p.items.length > best.items.length) best = p;
  return best!;
}

/** Doubles a pool's stride and keeps the traces on it; returns how many went. */
function thin(pool: EvenPool): number {
  pool.stride *= 2;
  const items = pool.items;
  let k = 0;
  for (const tr of items) {
    if ((tr.ord + 1) % pool.stride === 0) items[k++] = tr;
    else unref(tr);
  }
  const removed = items.length - k;
  items.length = k;
  return removed;
}

function unref(tr: TraceRec): void {
  if (--tr.refs === 0) release(tr);
}

function release(tr: TraceRec): void {
  tr.closed = true;
  tr.spans = [];
}

/**
 * The kept traces as plain data, ordered by start (then id); a span still open at `nowMs`
 * (a consumer still working, the wasted work of a timed-out call) ends there as "unfinished".
 * Together they hold at most TRACE_LIMITS.totalSpans spans: past it, every trace is cut to its
 * first `spanCap(…)` spans (spans are in the order they began, so a parent is always kept
 * before its children), the cut ones counted in droppedSpans. Only the largest traces lose
 * spans, and no trace is left out.
 */
export function exportTraces(tracer: Tracer, nowMs: number): Trace[] {
  const kept = new Set<TraceRec>([...tracer.ok.items, ...tracer.slow]);
  for (const pool of tracer.failed.values()) for (const tr of pool.items) kept.add(tr);
  const all = [...kept].sort((a, b) => a.startMs - b.startMs || a.id - b.id);
  const cap = spanCap(
    all.map((tr) => tr.spans.length),
    TRACE_LIMITS.totalSpans,
  );
  return all.map((tr) => {
    const spans = tr.spans.length > cap ? tr.spans.slice(0, cap) : tr.spans;
    return {
      id: tr.id,
      route: tr.route,
      entry: tr.entry,
      startMs: tr.startMs,
      endMs: tr.endMs,
      durationMs: tr.endMs - tr.startMs,
      outcome: tr.outcome,
      rejected: tr.rejected,
      spans: spans.map((s) =>
        Number.isNaN(s.endMs)
          ? { ...s, endMs: Math.max(nowMs, s.startMs), outcome: "unfinished" as const }
          : { ...s, ...(s.wait ? { wait: { ...s.wait } } : {}) },
      ),
      droppedSpans: tr.droppedSpans + (tr.spans.length - spans.length),
    };
  });
}

/**
 * The most spans each trace may keep so that all of them hold at most `total`: the largest cap
 * c (at least 1) with Σ min(lengthᵢ, c) ≤ total; Infinity when they fit as they are.
 */
export function spanCap(lengths: readonly number[], total: number): number {
  let sum = 0;
  let max = 0;
  for (const n of lengths) {
    sum += n;
    if (n > max) max = n;
  }
  if (sum <= total) return Infinity;
  // Σ min(n, c) grows with c: find the largest c that fits (c < max here).
  let lo = 1;
  let hi = max - 1;
  while (lo < hi) {
    const mid = Math.ceil((lo + hi) / 2);
    let s = 0;
    for (const n of lengths) s += Math.min(n, mid);
    if (s <= total) lo = mid;
    else hi = mid - 1;
  }
  return lo;
}
