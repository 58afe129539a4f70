/**
 * Service level objectives judged on a run's result: per route, the observed p99 against the
 * route's `p99` target and the share of its requests that failed, were rejected or were still
 * unanswered at the end against its `errorBudget` (docs/design-format.md, "Service level
 * objectives"). A run stopped early by a limit gets no verdict. Pure: the same design and
 * result give the same verdicts in the CLI, the run panel and the tests. An SLO never changes
 * a run; it only reads its result.
 */
import type { Design, PathSegment, Slo } from "../model";
import type { SimulationResult, StopReason } from "./result";

/** A route's verdict: every objective it has data for is met, one is missed, or nothing was counted (or the run stopped early). */
export type SloVerdict = "pass" | "fail" | "noData";

/** A route of a scenario's workload and where its SLO is (or would be) written in the design. */
export interface SloRoute {
  /** The route as the result keys it: a gateway route, or `<service>.<operation>` for a direct entry. */
  route: string;
  slo?: Slo;
  /** The design path of the route's SLO: `components.<gateway>.slos.<route>` or `workloads.<name>.slo`. */
  path: PathSegment[];
}

export interface RouteSloReport {
  route: string;
  slo: Slo;
  /** Requests of the route answered after the warm-up: succeeded + failed + rejected. */
  count: number;
  /** Requests of the route sent after the warm-up and still unanswered when the run ended. */
  unanswered: number;
  /** Every request the route was sent after the warm-up: count + unanswered. */
  sent: number;
  /** Failed, rejected and unanswered requests. */
  errors: number;
  /** errors / sent; null without requests, or for a run stopped early. */
  errorRate: number | null;
  /** The p99 of the route's succeeded requests (ms); null when none succeeded. */
  p99: number | null;
  /**
   * errorRate / errorBudget: 1 is the whole budget used. With a budget of 0 it is 0 without
   * errors and Infinity with any; null without a budget, without requests, or for a run stopped early.
   */
  budgetConsumed: number | null;
  /** Whether the p99 target is met (null: no target, or no succeeded request to measure). */
  latencyMet: boolean | null;
  /** Whether the error budget holds (null: no budget, or no requests). */
  errorsMet: boolean | null;
  verdict: SloVerdict;
  /** The verdict in words, with the numbers behind it. */
  reason: string;
}

/**
 * The routes a scenario's workload sends requests to, each with its SLO if the design sets one:
 * the routes of its entry gateway (`slos` of that gateway), or its `<service>.<operation>` entry
 * (the workload's `slo`). Empty for an unknown scenario or workload.
 * @example getSloRoutes(design, "payment-outage").map((r) => r.route) // ["POST /orders", ...]
 */
export function getSloRoutes(design: Design, scenario: string): SloRoute[] {
  const s = Object.hasOwn(design.scenarios, scenario) ? design.scenarios[scenario] : undefined;
  const name = s?.workload;
  const workload = name !== undefined && Object.hasOwn(design.workloads, name) ? design.workloads[name] : undefined;
  if (!workload || name === undefined) return [];
  const entry = Object.hasOwn(design.components, workload.entry) ? design.components[workload.entry] : undefined;
  if (entry?.kind === "gateway")
    return Object.keys(entry.routes).map((route) => ({
      route,
      ...(entry.slos && Object.hasOwn(entry.slos, route) ? { slo: entry.slos[route] } : {}),
      path: ["components", workload.entry, "slos", route],
    }));
  return [{ route: workload.entry, ...(workload.slo ? { slo: workload.slo } : {}), path: ["workloads", name, "slo"] }];
}

/**
 * The SLO a design sets for a route key: the first gateway's (in design order) `slos` entry for
 * it, or the `slo` of a workload that enters at it directly. For charts, which draw a route
 * whatever the scenario.
 */
export function findRouteSlo(design: Design, route: string): Slo | undefined {
  for (const c of Object.values(design.components))
    if (c.kind === "gateway" && c.slos && Object.hasOwn(c.slos, route)) return c.slos[route];
  for (const w of Object.values(design.workloads)) if (w.entry === route && w.slo) return w.slo;
  return undefined;
}

/**
 * Judges every route of the result's scenario that has an SLO, in the order of getSloRoutes.
 * @example evaluateSlos(design, simulate(design, { scenario: "payment-outage", seed: 1 }))
 */
export function evaluateSlos(design: Design, result: SimulationResult): RouteSloReport[] {
  const reports: RouteSloReport[] = [];
  const scenario = Object.hasOwn(design.scenarios, result.scenario) ? design.scenarios[result.scenario] : undefined;
  const warmupS = Math.min(scenario?.warmup ?? 0, result.simulatedSeconds * 1000) / 1000;
  const run: SloRun = {
    seconds: result.simulatedSeconds - warmupS,
    ...(result.partial ? { stopped: result.stopReason ?? "stopped early" } : {}),
  };
  for (const r of getSloRoutes(design, result.scenario)) {
    if (!r.slo) continue;
    const observed = Object.hasOwn(result.routes, r.route) ? result.routes[r.route] : undefined;
    reports.push(
      judgeSlo(
        r.route,
        r.slo,
        observed ?? { count: 0, succeeded: 0, failed: 0, rejected: 0, inFlight: 0, latency: { p99: 0 } },
        run,
      ),
    );
  }
  return reports;
}

/** What judgeSlo needs to know of the run beyond the route's counts. */
export interface SloRun {
  /** Simulated seconds after the warm-up: more than a second's worth of a route's requests unanswered is a backlog. */
  seconds?: number;
  /** Set when a limit stopped the run early (its stopReason): the counts stop wherever it struck, so no verdict. */
  stopped?: StopReason | string;
}

/**
 * One route's verdict from its counts and its p99 (the fields of a result's route it reads).
 * `inFlight` (the route's requests still unanswered at the end) counts against the budget like
 * a failure: an overload that never drains must not pass on the few requests it answered.
 */
export function judgeSlo(
  route: string,
  slo: Slo,
  observed: {
    count: number;
    succeeded: number;
    failed: number;
    rejected: number;
    inFlight?: number;
    latency: { p99: number };
  },
  run: SloRun = {},
): RouteSloReport {
  const { count, succeeded } = observed;
  const unanswered = observed.inFlight ?? 0;
  const sent = count + unanswered;
  const errors = observed.failed + observed.rejected + unanswered;
  const errorRate = sent > 0 ? errors / sent : null;
  const p99 = succeeded > 0 ? observed.latency.p99 : null;
  const latencyMet = slo.p99 === undefined || p99 === null ? null : p99 <= slo.p99;
  const errorsMet = slo.errorBudget === undefined || errorRate === null ? null : errorRate <= slo.errorBudget;
  const budgetConsumed =
    slo.errorBudget === undefined || errorRate === null
      ? null
      : slo.errorBudget > 0
        ? errorRate / slo.errorBudget
        : errors > 0
          ? Infinity
          : 0;
  const verdict: SloVerdict =
    run.stopped !== undefined
      ? "noData"
      : latencyMet === false || errorsMet === false
        ? "fail"
        : latencyMet || errorsMet
          ? "pass"
          : "noData";
  const base = { route, slo, count, unanswered, sent, errors, p99 };
  // Cut short, the requests in flight are where the limit caught them, not errors: no rate, no budget, no verdict.
  if (run.stopped !== undefined)
    return {
      ...base,
      errorRate: null,
      budgetConsumed: null,
      latencyMet: null,
      errorsMet: null,
      verdict,
      reason: `partial run: ${run.stopped}`,
    };

  const parts: string[] = [];
  if (sent === 0) parts.push("no requests after the warm-up");
  else {
    if (slo.p99 !== undefined)
      parts.push(
        p99 === null
          ? "no request succeeded, so there is no p99 to compare"
          : `p99 ${formatSloMs(p99)} ${latencyMet ? "within" : "over"} the ${formatSloMs(slo.p99)} target`,
      );
    if (slo.errorBudget !== undefined && errorRate !== null)
      parts.push(
        `${formatSloPercent(errorRate)} of requests ${unanswered > 0 ? "failed or went unanswered" : "failed"} ` +
          `(${errors.toLocaleString("en-US")} of ${sent.toLocaleString("en-US")}), ` +
          `${errorsMet ? "within" : "over"} the ${formatSloPercent(slo.errorBudget)} budget` +
          (budgetConsumed !== null && Number.isFinite(budgetConsumed)
            ? ` (${formatSloPercent(budgetConsumed)} of it used)`
            : ""),
      );
    if (unanswered > 0) {
      // More than a second's worth of the route's traffic still waiting is a backlog, not the last few in progress.
      const backlog = run.seconds !== undefined && run.seconds > 0 && unanswered > sent / run.seconds;
      parts.push(
        `${unanswered.toLocaleString("en-US")} of ${sent.toLocaleString("en-US")} requests still unanswered at the end` +
          (backlog ? ": the queue never drained" : ""),
      );
    }
  }
  return { ...base, errorRate, budgetConsumed, latencyMet, errorsMet, verdict, reason: parts.join("; ") };
}

/** A latency for an SLO line: `84.1 ms`, `412 ms`, `1.25 s`. */
export function formatSloMs(ms: number): string {
  if (ms >= 1000) return `${Number((ms / 1000).toPrecision(3))} s`;
  if (ms >= 100) return `${Math.round(ms)} ms`;
  return `${ms.toFixed(1)} ms`;
}

/**
 * A share as a percentage, two decimals under 10%, one under 100%, none above; never rounded to
 * a misleading 0% or 100%: `0.1%`, `2.41%`, `49.5%`, `2,410%`, `<0.01%` for a share above 0 that
 * rounds to 0, `>99.9%` for one just under 1, `∞%`.
 */
export function formatSloPercent(x: number): string {
  if (!Number.isFinite(x)) return "∞%";
  if (x === 0) return "0%";
  const pct = x * 100;
  if (pct < 0.01) return "<0.01%";
  const digits = pct < 10 ? 2 : pct < 100 ? 1 : 0;
  const scale = 10 ** digits;
  const rounded = Math.round(pct * scale) / scale;
  if (rounded >= 100 && x < 1) return ">99.9%";
  return `${rounded.toLocaleString("en-US", { maximumFractionDigits: digits })}%`;
}
