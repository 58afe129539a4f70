/**
 * What the canvas shows of a live run, as pure functions of one snapshot: a node's health and
 * stats line, an edge's load. Every figure is rounded to what is drawn, so a node or edge that
 * compares its view shallowly renders again only when something visible changed (ux-guide,
 * "The live run on the canvas").
 */
import type { CircuitState, RunSnapshot } from "../../simulator";
import type { EdgeKind } from "./flow-types";

/** A node's status chip; "idle" is a component the run did not reach this second. */
export type HealthLevel = "ok" | "degraded" | "down" | "circuit" | "idle";

export type ComponentFigures = RunSnapshot["components"][string];

/** Busy share of capacity from which a component is degraded (saturating). */
export const DEGRADED_UTILIZATION = 0.8;
/** Share of failed executions from which a component is degraded. */
export const DEGRADED_ERROR_RATE = 0.01;
/** Share of failed executions from which a component counts as down. */
export const DOWN_ERROR_RATE = 0.5;

export const HEALTH_LABEL: Readonly<Record<HealthLevel, string>> = {
  ok: "ok",
  degraded: "degraded",
  down: "down",
  circuit: "circuit open",
  idle: "idle",
};

/** The chip's icon: health is never told by colour alone. */
export const HEALTH_ICON: Readonly<Record<HealthLevel, string>> = {
  ok: "✓",
  degraded: "!",
  down: "✕",
  circuit: "⊘",
  idle: "–",
};

/**
 * Failed executions over attempts. Rejections count as failed without completing, so the
 * attempts are at least the larger of completions and failures.
 */
export function getErrorRate(throughput: number, failed: number): number {
  const attempts = Math.max(throughput, failed);
  return attempts > 0 ? failed / attempts : 0;
}

/**
 * A component's health this second. Down (no replica left of those designed, or most
 * executions failing) wins over an open circuit, which wins over degraded (busy, failing a
 * little, a half-open circuit or fewer replicas than designed).
 * @param designReplicas replicas in the design, for services; undefined for other kinds.
 */
export function getHealthLevel(c: ComponentFigures, designReplicas?: number): HealthLevel {
  const errors = getErrorRate(c.throughput, c.failed);
  if ((designReplicas !== undefined && designReplicas > 0 && c.replicas === 0) || errors >= DOWN_ERROR_RATE)
    return "down";
  const circuits = Object.values(c.circuits);
  if (circuits.includes("open")) return "circuit";
  if (
    c.utilization >= DEGRADED_UTILIZATION ||
    errors >= DEGRADED_ERROR_RATE ||
    circuits.includes("halfOpen") ||
    (designReplicas !== undefined && c.replicas < designReplicas)
  )
    return "degraded";
  if (c.throughput === 0 && c.failed === 0 && c.utilization === 0) return "idle";
  return "ok";
}

/** A rate per second as drawn: `84 rps`, `1.2k rps`, `15k rps`, `2.3M rps`. */
export function formatRate(perSecond: number): string {
  return `${formatCount(perSecond)} rps`;
}

/** A count in at most three significant figures: `84`, `1.2k`, `15k`, `2.3M`. */
export function formatCount(n: number): string {
  const r = Math.round(n);
  if (r < 1000) return String(r);
  if (r < 9950) return `${trimZero((r / 1000).toFixed(1))}k`;
  if (r < 999_500) return `${Math.round(r / 1000)}k`;
  if (r < 9_950_000) return `${trimZero((r / 1e6).toFixed(1))}M`;
  return `${Math.round(r / 1e6)}M`;
}

function trimZero(s: string): string {
  return s.endsWith(".0") ? s.slice(0, -2) : s;
}

/** A latency as drawn: `0.4 ms`, `8.4 ms`, `84 ms`, `1.2 s`. */
export function formatMs(ms: number): string {
  if (ms < 9.95) return `${trimZero(ms.toFixed(1))} ms`;
  if (ms < 999.5) return `${Math.round(ms)} ms`;
  return `${trimZero((ms / 1000).toFixed(1))} s`;
}

/** A share (0..1) in whole percent, or one decimal below 10%: `0.5%`, `4%`, `54%`. */
export function formatPercent(share: number): string {
  const p = share * 100;
  if (p > 0 && p < 9.95) return `${trimZero(p.toFixed(1))}%`;
  return `${Math.round(p)}%`;
}

/** Edge stroke widths in px: no traffic, and the widest. */
export const EDGE_WIDTH_MIN = 1.5;
export const EDGE_WIDTH_MAX = 8;
/** px added per tenfold rate. */
export const EDGE_WIDTH_PER_DECADE = 1.25;

/**
 * Stroke width from log(rate): 1.5 px at 0, +1.25 px per tenfold (9 rps → 2.75, 99 → 4, 999 →
 * 5.25), at most 8, in quarter pixels so a rate that barely moves does not redraw the edge.
 */
export function getEdgeWidth(perSecond: number): number {
  const w = EDGE_WIDTH_MIN + EDGE_WIDTH_PER_DECADE * Math.log10(Math.max(0, perSecond) + 1);
  return Math.min(EDGE_WIDTH_MAX, Math.round(w * 4) / 4);
}

/** What a node draws of the run: everything rounded to its text or pixel. */
export type NodeLiveView = {
  level: HealthLevel;
  /** The stats line, e.g. `1.2k rps · p99 84 ms`. */
  stats: string;
  /** Utilization in whole percent, 0..100. */
  busyPercent: number;
  /** Live replicas (services only; -1 otherwise). */
  replicas: number;
  /** Callees whose circuit is open, comma-separated ("" when none). */
  openCircuits: string;
};

/**
 * The node's view of a snapshot. A broker has no figures of its own in a snapshot (its topics
 * have): its line is what its topics hold, and it is ok while the run has any topic.
 * @param routes the route keys this component serves at the entry (its p99 goes on the stats line).
 */
export function getNodeLiveView(
  snapshot: RunSnapshot,
  id: string,
  designReplicas: number | undefined,
  routes: readonly string[] | undefined,
  isBroker = false,
): NodeLiveView | null {
  const c = snapshot.components[id];
  if (!c) return null;
  if (isBroker) {
    const topics = Object.values(snapshot.topics);
    const queued = topics.reduce((sum, t) => sum + t.depth, 0);
    return {
      level: topics.length > 0 ? "ok" : "idle",
      stats: `${formatCount(queued)} queued · ${topics.length} ${topics.length === 1 ? "topic" : "topics"}`,
      busyPercent: 0,
      replicas: -1,
      openCircuits: "",
    };
  }
  const level = getHealthLevel(c, designReplicas);
  const errors = getErrorRate(c.throughput, c.failed);
  let second: string;
  if (errors >= DEGRADED_ERROR_RATE) second = `${formatPercent(errors)} failed`;
  else {
    const p99 = getRoutesP99(snapshot, routes);
    second = p99 !== null ? `p99 ${formatMs(p99)}` : `${formatPercent(c.utilization)} busy`;
  }
  return {
    level,
    stats: `${formatRate(c.throughput)} · ${second}`,
    busyPercent: Math.min(100, Math.round(c.utilization * 100)),
    replicas: designReplicas === undefined ? -1 : c.replicas,
    openCircuits: Object.keys(c.circuits)
      .filter((k) => c.circuits[k] === "open")
      .join(", "),
  };
}

/** The worst p99 over the routes that had requests this second, or null. */
function getRoutesP99(snapshot: RunSnapshot, routes: readonly string[] | undefined): number | null {
  let worst: number | null = null;
  for (const key of routes ?? []) {
    const r = snapshot.routes[key];
    if (r && r.count > 0 && (worst === null || r.p99 > worst)) worst = r.p99;
  }
  return worst;
}

/** Replica dots: filled for live replicas, hollow for designed ones that are gone; at most `max`. */
export function getReplicaDots(live: number, designed: number, max = 8): string {
  const total = Math.min(max, Math.max(live, designed));
  const filled = Math.min(total, Math.max(0, live));
  return "●".repeat(filled) + "○".repeat(total - filled);
}

/** Topic depth on the broker's fill bar: the bar is full at this many messages (log scale below). */
export const TOPIC_DEPTH_FULL = 10_000;

/** A topic's fill, 0..100 in whole percent, on a log scale: 0 → 0, 9 → 25, 99 → 50, 9,999 → 100. */
export function getDepthFill(depth: number): number {
  if (depth <= 0) return 0;
  return Math.min(100, Math.round((Math.log10(depth + 1) / Math.log10(TOPIC_DEPTH_FULL)) * 100));
}

/** What an edge draws of the run. */
export type EdgeLiveView = {
  width: number;
  /** `1.2k rps`. */
  rate: string;
  /** Failed share shown on the edge ("" below DEGRADED_ERROR_RATE). */
  failing: string;
  circuit: CircuitState | "";
};

/**
 * An edge's load this second, from the figures that fit its kind: a gateway route sums its
 * routes; a client's request, a call, a query or a cache lookup takes its target's
 * completions and failures (every caller of that target together); a call adds its caller's
 * circuit to the target. Message edges have no per-edge figures in a snapshot: null.
 */
export function getEdgeLiveView(
  snapshot: RunSnapshot,
  kind: EdgeKind,
  source: string,
  target: string,
  items: readonly string[],
): EdgeLiveView | null {
  let rate = 0;
  let failed = 0;
  if (kind === "route") {
    for (const key of items) {
      const r = snapshot.routes[key];
      if (!r) continue;
      rate += r.count;
      // A route's count holds its rejections too (429, a full gateway): they were not answered either.
      failed += r.failed + (r.rejected ?? 0);
    }
  } else if (kind === "request" || kind === "call" || kind === "query" || kind === "cache") {
    const c = snapshot.components[target];
    if (!c) return null;
    rate = c.throughput;
    failed = c.failed;
  } else return null;
  const errors = getErrorRate(rate, failed);
  return {
    width: getEdgeWidth(rate),
    rate: formatRate(rate),
    failing: errors >= DEGRADED_ERROR_RATE ? `${formatPercent(errors)} failed` : "",
    circuit: kind === "call" ? (snapshot.components[source]?.circuits[target] ?? "") : "",
  };
}
