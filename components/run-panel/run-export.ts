/**
 * What "Export results" writes: the result object exactly as `archsim simulate --json
 * --timeseries` prints it (wallSeconds and eventsPerSecond aside, which measure the machine),
 * and its per-second time series as CSV, one row per simulated second. Pure, tested without a
 * browser.
 */
import type { SimulationResult, TimeseriesEntry } from "../../simulator";

/** The result as the CLI prints it: JSON.stringify with two spaces, and a newline. */
export function resultJson(result: SimulationResult): string {
  return `${JSON.stringify(result, null, 2)}\n`;
}

/** A CSV field: quoted when it holds a comma, a quote or a line break (RFC 4180). */
function field(v: string | number): string {
  const s = String(v);
  return /[",\r\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}

/**
 * The time series as CSV: `t`, the requests and latency of the whole system, the failures by
 * cause, then per route (count, failed, rejected, p50, p95, p99), per component (throughput, utilization,
 * queue, replicas, failed) and per topic (depth), each column named `<what>:<key>:<figure>`.
 * Columns are those of the first second (every second has the same keys).
 */
export function timeseriesCsv(series: readonly TimeseriesEntry[]): string {
  const first = series[0];
  if (!first) return "t\n";
  const causes = Object.keys(first.causes ?? {});
  const routes = Object.keys(first.routes);
  const components = Object.keys(first.components);
  const topics = Object.keys(first.topics);
  const header = [
    "t",
    "succeeded",
    "failed",
    "rejected",
    "latency:p50",
    "latency:p95",
    "latency:p99",
    ...causes.map((c) => `cause:${c}`),
    ...routes.flatMap((r) => ["count", "failed", "rejected", "p50", "p95", "p99"].map((f) => `route:${r}:${f}`)),
    ...components.flatMap((c) =>
      ["throughput", "utilization", "queue", "replicas", "failed"].map((f) => `component:${c}:${f}`),
    ),
    ...topics.map((t) => `topic:${t}:depth`),
  ];
  const rows = series.map((s): (string | number)[] => [
    s.t,
    s.requests.succeeded,
    s.requests.failed,
    s.requests.rejected,
    s.latency.p50,
    s.latency.p95 ?? "",
    s.latency.p99,
    ...causes.map((c) => s.causes?.[c as keyof typeof s.causes] ?? ""),
    ...routes.flatMap((r): (string | number)[] => {
      const x = s.routes[r];
      return x ? [x.count, x.failed, x.rejected ?? "", x.p50, x.p95 ?? "", x.p99] : ["", "", "", "", "", ""];
    }),
    ...components.flatMap((c): (string | number)[] => {
      const x = s.components[c];
      return x ? [x.throughput, x.utilization, x.queue, x.replicas, x.failed] : ["", "", "", "", ""];
    }),
    ...topics.map((t) => s.topics[t]?.depth ?? ""),
  ]);
  return [header, ...rows].map((r) => r.map(field).join(",")).join("\n") + "\n";
}
