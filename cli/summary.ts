/** The readable summary of a simulation result: what happened, per route, component and topic. */
import { formatSloMs, formatSloPercent, type Interval, type RouteSloReport, type SimulationResult } from "./engine";
import { escapeControl } from "./output";

type Ci = Record<string, unknown> | undefined;

const n0 = new Intl.NumberFormat("en-US", { maximumFractionDigits: 0 });
const n1 = new Intl.NumberFormat("en-US", { maximumFractionDigits: 1, minimumFractionDigits: 1 });

function ms(x: number): string {
  if (x >= 100) return `${n0.format(x)}`;
  return n1.format(x);
}

function pct(a: number, b: number): string {
  return b > 0 ? `${((a / b) * 100).toFixed(2)}%` : "–";
}

function table(head: string[], rows: string[][], alignLeft = 1): string {
  const widths = head.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i]!.length)));
  const line = (cells: string[]) =>
    cells.map((c, i) => (i < alignLeft ? c.padEnd(widths[i]!) : c.padStart(widths[i]!))).join("  ");
  return [line(head), line(widths.map((w) => "─".repeat(w))), ...rows.map(line)].join("\n");
}

function withCi(value: string, ci: unknown): string {
  const iv = ci as Interval | undefined;
  if (!iv || typeof iv.halfWidth !== "number" || iv.halfWidth === 0) return value;
  return `${value} ±${ms(iv.halfWidth)}`;
}

function at(ci: Ci, ...path: string[]): unknown {
  let cur: unknown = ci;
  for (const p of path) cur = cur && typeof cur === "object" ? (cur as Record<string, unknown>)[p] : undefined;
  return cur;
}

/** The summary table of a result; ids from the design are printed with their control characters escaped. */
export function formatSummary(
  r: SimulationResult & { replications?: SimulationResult[]; ci?: unknown },
  ctx: { file: string; warmupMs: number; slos?: readonly RouteSloReport[] },
): string {
  const ci = r.ci as Ci;
  const reps = r.replications?.length;
  const out: string[] = [];
  const simulated = Number.isInteger(r.simulatedSeconds) ? n0.format(r.simulatedSeconds) : String(r.simulatedSeconds);
  const warmupS = Math.min(ctx.warmupMs / 1000, r.simulatedSeconds);
  out.push(
    `${escapeControl(ctx.file)} — scenario ${escapeControl(r.scenario)}, seed ${r.seed}${reps ? ` (×${reps} replications, ± is the 95% half-width)` : ""}: ${simulated} s simulated` +
      `${warmupS > 0 ? ` (the first ${String(warmupS)} s are warm-up, not counted)` : ""} in ${r.wallSeconds.toFixed(2)} s wall, ${n0.format(r.events)} events${r.partial ? `  [PARTIAL: ${escapeControl(String(r.stopReason))}]` : ""}`,
  );
  const q = r.requests;
  out.push("");
  out.push(
    `Requests  ${n0.format(q.total)} total · ${n0.format(q.succeeded)} ok (${pct(q.succeeded, q.total)}) · ${n0.format(q.failed)} failed · ${n0.format(q.rejected)} rejected · ${n0.format(q.inFlight)} in flight`,
  );
  const l = r.latency;
  out.push(
    `Latency   mean ${withCi(ms(l.mean), at(ci, "latency", "mean"))} · p50 ${withCi(ms(l.p50), at(ci, "latency", "p50"))} · p90 ${ms(l.p90)} · p99 ${withCi(ms(l.p99), at(ci, "latency", "p99"))} · p999 ${ms(l.p999)} · max ${ms(l.max)} (ms)`,
  );
  const causes = Object.entries(q.causes).filter(([, v]) => v > 0);
  if (causes.length) out.push(`Failures  ${causes.map(([k, v]) => `${escapeControl(k)} ${n0.format(v)}`).join(" · ")}`);

  out.push("");
  out.push(
    table(
      ["route", "count", "ok", "failed", "rejected", "p50 ms", "p99 ms", "p999 ms"],
      Object.entries(r.routes).map(([k, v]) => [
        escapeControl(k),
        n0.format(v.count),
        pct(v.succeeded, v.count),
        n0.format(v.failed),
        n0.format(v.rejected),
        ms(v.latency.p50),
        withCi(ms(v.latency.p99), at(ci, "routes", k, "latency", "p99")),
        ms(v.latency.p999),
      ]),
    ),
  );
  if (ctx.slos?.length) {
    out.push("");
    out.push(formatSlos(ctx.slos));
  }
  out.push("");
  out.push(
    table(
      ["component", "util", "cpu", "ops/s", "queue", "failed", "p50 ms", "p99 ms", "replicas min/mean/max"],
      Object.entries(r.components)
        .filter(([, c]) => c.throughput > 0 || c.failed > 0 || c.utilization > 0)
        .map(([k, c]) => [
          escapeControl(k),
          `${(c.utilization * 100).toFixed(1)}%`,
          `${(c.cpuUtilization * 100).toFixed(1)}%`,
          n1.format(c.throughput),
          c.meanQueueLength.toFixed(2),
          n0.format(c.failed),
          ms(c.latency.p50),
          ms(c.latency.p99),
          c.replicas.max > 0 ? `${c.replicas.min}/${c.replicas.mean.toFixed(1)}/${c.replicas.max}` : "–",
        ]),
    ),
  );
  const topics = Object.entries(r.topics);
  if (topics.length) {
    out.push("");
    out.push(
      table(
        ["topic", "published", "delivered", "dead", "lost", "depth", "max depth", "p50 ms", "p99 ms"],
        topics.map(([k, t]) => [
          escapeControl(k),
          n0.format(t.published),
          n0.format(t.delivered),
          n0.format(t.deadLettered),
          n0.format(t.lost),
          n0.format(t.depth),
          n0.format(t.maxDepth),
          ms(t.latency.p50),
          ms(t.latency.p99),
        ]),
      ),
    );
  }
  return out.join("\n");
}

const VERDICT_TEXT = { pass: "✓ PASS", fail: "✕ FAIL", noData: "– NO DATA" } as const;

/** The routes' SLO verdicts: targets, what the run observed, the budget used and the verdict with its reason. */
export function formatSlos(slos: readonly RouteSloReport[]): string {
  const count = (v: RouteSloReport["verdict"]) => slos.filter((s) => s.verdict === v).length;
  const tally = [
    `${count("pass")} pass`,
    `${count("fail")} fail`,
    ...(count("noData") ? [`${count("noData")} no data`] : []),
  ];
  const rows = slos.map((s) => [
    escapeControl(s.route),
    s.slo.p99 === undefined ? "–" : formatSloMs(s.slo.p99),
    s.p99 === null ? "–" : formatSloMs(s.p99),
    s.slo.errorBudget === undefined ? "–" : formatSloPercent(s.slo.errorBudget),
    s.errorRate === null ? "–" : formatSloPercent(s.errorRate),
    s.budgetConsumed === null ? "–" : formatSloPercent(s.budgetConsumed),
    VERDICT_TEXT[s.verdict],
  ]);
  return [
    `SLOs      ${tally.join(" · ")}`,
    table(["route", "p99 target", "p99", "error budget", "errors", "budget used", "verdict"], rows),
    ...slos.filter((s) => s.verdict !== "pass").map((s) => `${escapeControl(s.route)}: ${escapeControl(s.reason)}`),
  ].join("\n");
}
