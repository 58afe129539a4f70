/**
 * The run's per-second snapshots shaped into chart panels: for a scope (the whole system, one
 * route, one component) the panels it has data for, each with its series and uPlot's columns
 * (x first). Pure, so the shaping is tested without a browser; RunCharts draws what it returns.
 */
import { FAILURE_CAUSES, type RunSnapshot } from "../../simulator";

export type ChartScope = { kind: "system" } | { kind: "route"; route: string } | { kind: "component"; id: string };

/** A scope from its text form: `system`, `route:<key>` or `component:<id>` (anything else: the system). */
export function scopeFromParam(param: string | undefined): ChartScope {
  if (param?.startsWith("route:")) return { kind: "route", route: param.slice("route:".length) };
  if (param?.startsWith("component:")) return { kind: "component", id: param.slice("component:".length) };
  return { kind: "system" };
}

/** The colour roles of the theme a series may take (RunCharts maps them to computed colours). */
export type SeriesColor = "ok" | "danger" | "warn" | "accent" | "muted" | `c${1 | 2 | 3 | 4 | 5 | 6}`;

export type SeriesSpec = { label: string; color: SeriesColor; dash?: boolean };

export type PanelId = "throughput" | "latency" | "causes" | "replicas" | "queue" | "topics";

export type ChartPanel = {
  id: PanelId;
  title: string;
  /** The unit of the y axis, shown on it and in the legend. */
  unit: "rps" | "ms" | "count" | "requests" | "copies";
  series: SeriesSpec[];
  /** uPlot's columns: x (simulated seconds) first, then one per series; null is a gap. */
  data: (number | null)[][];
};

/** More lines than this in one panel do not read: the largest stay, the rest add up to "others". */
export const MAX_LINES = 6;

const PALETTE: SeriesColor[] = ["c1", "c2", "c3", "c4", "c5", "c6"];

/** The panels of a scope over the history (oldest first); `slo` (ms) adds a dashed line to the latency panel. */
export function toChartPanels(history: readonly RunSnapshot[], scope: ChartScope, slo?: number): ChartPanel[] {
  const x = history.map((s) => s.t);
  const col = (f: (s: RunSnapshot) => number | null | undefined) => history.map((s) => f(s) ?? null);
  const panels: ChartPanel[] = [];
  const sloLine =
    slo !== undefined && slo > 0
      ? [{ spec: { label: "SLO", color: "muted", dash: true }, data: history.map(() => slo) }]
      : [];
  // A second with no succeeded request has no latency (the engine reports 0s): a gap, not a fast second.
  const latency = (
    got: (s: RunSnapshot) => { p50: number; p95?: number; p99: number } | undefined,
    anyOk: (s: RunSnapshot) => boolean,
  ): ChartPanel => {
    const get = (s: RunSnapshot) => (anyOk(s) ? got(s) : undefined);
    const lines = [
      { spec: { label: "p50", color: "accent" }, data: col((s) => get(s)?.p50) },
      { spec: { label: "p95", color: "warn" }, data: col((s) => get(s)?.p95) },
      { spec: { label: "p99", color: "danger" }, data: col((s) => get(s)?.p99) },
      ...sloLine,
    ] as Line[];
    return panel("latency", "Latency", "ms", x, lines);
  };

  if (scope.kind === "system") {
    panels.push(
      panel("throughput", "Throughput", "rps", x, [
        { spec: { label: "ok", color: "ok" }, data: col((s) => s.requests.succeeded) },
        { spec: { label: "failed", color: "danger" }, data: col((s) => s.requests.failed) },
        { spec: { label: "rejected", color: "warn" }, data: col((s) => s.requests.rejected) },
      ]),
      latency(
        (s) => s.latency,
        (s) => s.requests.succeeded > 0,
      ),
      panel("causes", "Errors by cause", "requests", x, causeLines(history)),
      panel(
        "replicas",
        "Replicas",
        "count",
        x,
        topLines(
          history,
          (s) => s.components,
          (c) => c.replicas,
          "replicas",
        ),
      ),
      panel(
        "queue",
        "Queue depth",
        "requests",
        x,
        topLines(
          history,
          (s) => s.components,
          (c) => c.queue,
          "queue",
        ),
      ),
    );
    if (history.some((s) => Object.keys(s.topics).length > 0))
      panels.push(
        panel(
          "topics",
          "Topic depth",
          "copies",
          x,
          topLines(
            history,
            (s) => s.topics,
            (t) => t.depth,
            "depth",
          ),
        ),
      );
    return panels;
  }

  if (scope.kind === "route") {
    const r = (s: RunSnapshot) => s.routes[scope.route];
    panels.push(
      panel("throughput", `Throughput · ${scope.route}`, "rps", x, [
        // A route's second has every outcome (count), and among them the failed and the rejected ones.
        { spec: { label: "answered", color: "ok" }, data: col((s) => r(s)?.count) },
        { spec: { label: "failed", color: "danger" }, data: col((s) => r(s)?.failed) },
        { spec: { label: "rejected", color: "warn" }, data: col((s) => r(s)?.rejected) },
      ]),
      // A route's second has no count of successes; every recorded latency is > 0, so p99 = 0 means none.
      latency(r, (s) => (r(s)?.p99 ?? 0) > 0),
    );
    return panels;
  }

  const c = (s: RunSnapshot) => s.components[scope.id];
  panels.push(
    panel("throughput", `Throughput · ${scope.id}`, "rps", x, [
      { spec: { label: "ops", color: "ok" }, data: col((s) => c(s)?.throughput) },
      { spec: { label: "failed", color: "danger" }, data: col((s) => c(s)?.failed) },
    ]),
    panel("replicas", "Replicas", "count", x, [
      { spec: { label: scope.id, color: "accent" }, data: col((s) => c(s)?.replicas) },
    ]),
    panel("queue", "Queue depth", "requests", x, [
      { spec: { label: scope.id, color: "warn" }, data: col((s) => c(s)?.queue) },
    ]),
  );
  return panels;
}

type Line = { spec: SeriesSpec; data: (number | null)[] };

function panel(id: PanelId, title: string, unit: ChartPanel["unit"], x: number[], lines: Line[]): ChartPanel {
  return { id, title, unit, series: lines.map((l) => l.spec), data: [x, ...lines.map((l) => l.data)] };
}

/** One line per cause that occurred in the history; "none" (zeros) when nothing failed, so the panel still shows time. */
function causeLines(history: readonly RunSnapshot[]): Line[] {
  const seen = FAILURE_CAUSES.filter((cause) => history.some((s) => (s.causes?.[cause] ?? 0) > 0));
  if (seen.length === 0)
    return [{ spec: { label: "none", color: "muted" }, data: history.map((s) => (s.causes ? 0 : null)) }];
  return seen.map((cause, i) => ({
    spec: {
      label: cause,
      color: cause === "rejected" || cause === "rateLimited" ? "warn" : PALETTE[i % PALETTE.length]!,
    },
    data: history.map((s) => (s.causes ? s.causes[cause] : null)),
  }));
}

/**
 * One line per key (component or topic) whose figure was ever above 0, the largest first by
 * their maximum; past MAX_LINES the smallest add up to one "others" line. None above 0: one
 * "all" line of zeros.
 */
function topLines<T>(
  history: readonly RunSnapshot[],
  of: (s: RunSnapshot) => Record<string, T>,
  figure: (v: T) => number,
  what: string,
): Line[] {
  const max = new Map<string, number>();
  for (const s of history)
    for (const [key, v] of Object.entries(of(s))) max.set(key, Math.max(max.get(key) ?? 0, figure(v)));
  const keys = [...max]
    .filter(([, m]) => m > 0)
    .sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1))
    .map(([k]) => k);
  if (keys.length === 0) return [{ spec: { label: `all (${what})`, color: "muted" }, data: history.map(() => 0) }];
  const shown = keys.length > MAX_LINES ? keys.slice(0, MAX_LINES - 1) : keys;
  const rest = keys.slice(shown.length);
  const lines: Line[] = shown.map((key, i) => ({
    spec: { label: key, color: PALETTE[i]! },
    data: history.map((s) => {
      const v = of(s)[key];
      return v === undefined ? null : figure(v);
    }),
  }));
  if (rest.length > 0)
    lines.push({
      spec: { label: `${rest.length} others`, color: "muted" },
      data: history.map((s) =>
        rest.reduce((sum, key) => sum + (of(s)[key] === undefined ? 0 : figure(of(s)[key]!)), 0),
      ),
    });
  return lines;
}

/**
 * Columns cut down to about `width` points: past that, each run of consecutive seconds becomes
 * two points, at its first and last x, holding each series' minimum then maximum, so a spike or
 * a dip of one second still shows. Gaps (null) are skipped; a run of gaps stays a gap.
 */
export function downsample(data: (number | null)[][], width: number): (number | null)[][] {
  const n = data[0]?.length ?? 0;
  const buckets = Math.max(1, Math.floor(width / 2));
  if (n <= Math.max(2, width)) return data;
  const out: (number | null)[][] = data.map(() => []);
  for (let b = 0; b < buckets; b++) {
    const from = Math.floor((b * n) / buckets);
    const to = Math.floor(((b + 1) * n) / buckets); // exclusive
    if (to <= from) continue;
    out[0]!.push(data[0]![from]!, data[0]![to - 1]!);
    for (let k = 1; k < data.length; k++) {
      let lo: number | null = null;
      let hi: number | null = null;
      for (let i = from; i < to; i++) {
        const v = data[k]![i];
        if (v === null || v === undefined) continue;
        if (lo === null || v < lo) lo = v;
        if (hi === null || v > hi) hi = v;
      }
      out[k]!.push(lo, hi);
    }
  }
  return out;
}

/** A stretch of simulated time drawn behind every chart: a fault, from its start to its end. */
export type ChartRegion = { from: number; to: number; label: string };

/** Regions drawn on a chart at most (the timeline keeps the same bound on the faults it draws). */
export const MAX_CHART_REGIONS = 200;

/**
 * Fault spans (simulated ms; an end of Infinity lasts to `endMs`) as chart regions in
 * simulated seconds, each clamped to [0, endMs]; empty ones and those past MAX_CHART_REGIONS
 * are left out.
 */
export function toChartRegions(
  spans: readonly { startMs: number; endMs: number; label: string }[],
  endMs: number,
): ChartRegion[] {
  const out: ChartRegion[] = [];
  for (const s of spans) {
    const from = Math.max(0, s.startMs) / 1000;
    const to = Math.min(endMs, s.endMs) / 1000;
    if (to > from) out.push({ from, to, label: s.label });
    if (out.length === MAX_CHART_REGIONS) break;
  }
  return out;
}
