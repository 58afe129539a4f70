/**
 * A blast radius (model/blast-radius.ts, read from the design) checked against a run in which
 * that component was down: per route, the share of its requests that failed during the crash
 * window, from the run's per-second timeseries, and whether that is what the prediction says.
 * "Failed" here is every unsuccessful outcome: a request the entry rejected (a rate limit's
 * 429) did not get through either.
 * Pure: the inspector, the tests and the e2e compute the same rows from the same inputs.
 */
import type { BlastRadius, Fault, RouteImpact } from "../model";
import type { TimeseriesEntry } from "./result";

/**
 * A route predicted to fail is confirmed when at least this share of its requests failed in the
 * crash window. Not 1: a request that got past the component just before the crash still
 * finishes well in the window's first second.
 */
export const FAILS_MIN_SHARE = 0.95;

/**
 * A route predicted to answer (unaffected, answering without the component, or only queueing
 * work behind messages) is confirmed when its failed share in the window exceeds its share
 * before the crash by at most this much (one point): the component's absence made no
 * difference beyond the noise of a few requests.
 */
export const UNAFFECTED_MARGIN = 0.01;

/** A crash of a component as it happened in a run: simulated ms, end Infinity until the run's end. */
export interface CrashWindow {
  startMs: number;
  endMs: number;
}

export type BlastCheck = "confirmed" | "mismatch" | "noData";

export interface BlastObservation {
  route: string;
  predicted: RouteImpact;
  /** Whole seconds [fromS, toS) inside the crash windows that were counted. */
  fromS: number;
  toS: number;
  /** The route's requests whose outcome came in those seconds, and the unsuccessful ones among them (failed or rejected). */
  count: number;
  failed: number;
  /** failed / count in the window; null without requests. */
  share: number | null;
  /** The failed share in the seconds before the first crash; 0 without any. */
  baseline: number;
  check: BlastCheck;
  /** What the run showed, in words: `observed 100% failed (8,954 of 8,954) during 60–150 s`. */
  observed: string;
  /** For a mismatch, what the prediction needed. */
  expected?: string;
}

/**
 * The windows in which a fault held the whole of `component` down: crash faults on it without
 * `replicas` (a crash of some replicas leaves the others serving), as the run's fault spans give
 * them (the scenario's own and injected ones, cut short by a heal).
 */
export function getCrashWindows(
  component: string,
  spans: readonly { fault: Fault; startMs: number; endMs: number }[],
): CrashWindow[] {
  return spans
    .filter((s) => s.fault.kind === "crash" && s.fault.target === component && s.fault.replicas === undefined)
    .map((s) => ({ startMs: s.startMs, endMs: s.endMs }))
    .sort((a, b) => a.startMs - b.startMs);
}

/**
 * Each route of the blast radius with what the run observed while the component was down: the
 * whole seconds inside the crash windows (a second t covers [t, t+1) s). Empty when there is no
 * window. A second partly inside a window is left out, so the edges of a crash (requests
 * that got through just before it, the restart after it) do not blur the picture.
 * @example
 * confirmBlastRadius(blastRadius(design, "payment"), getCrashWindows("payment", spans), result.timeseries!)
 */
export function confirmBlastRadius(
  blast: BlastRadius,
  windows: readonly CrashWindow[],
  timeseries: readonly TimeseriesEntry[],
): BlastObservation[] {
  if (windows.length === 0) return [];
  const inside = (t: number) => windows.some((w) => t * 1000 >= w.startMs && (t + 1) * 1000 <= w.endMs);
  const firstStart = windows[0]!.startMs;
  let fromS = Infinity;
  let toS = -Infinity;
  for (const e of timeseries)
    if (inside(e.t)) {
      fromS = Math.min(fromS, e.t);
      toS = Math.max(toS, e.t + 1);
    }
  return blast.routes.map((r) => {
    let count = 0;
    let failed = 0;
    let beforeCount = 0;
    let beforeFailed = 0;
    for (const e of timeseries) {
      const s = Object.hasOwn(e.routes, r.route) ? e.routes[r.route] : undefined;
      if (!s) continue;
      // A snapshot from before routes had `rejected` counts none.
      const unsuccessful = s.failed + (s.rejected ?? 0);
      if (inside(e.t)) {
        count += s.count;
        failed += unsuccessful;
      } else if ((e.t + 1) * 1000 <= firstStart) {
        beforeCount += s.count;
        beforeFailed += unsuccessful;
      }
    }
    const share = count > 0 ? failed / count : null;
    const baseline = beforeCount > 0 ? beforeFailed / beforeCount : 0;
    const during = Number.isFinite(fromS) ? `during ${fromS}–${toS} s` : "in the crash window";
    const base = { route: r.route, predicted: r.impact, fromS, toS, count, failed, share, baseline };
    if (share === null)
      return {
        ...base,
        check: "noData" as const,
        observed: `no requests ${Number.isFinite(fromS) ? during : "in a whole second of the crash"}`,
      };
    const observed = `observed ${formatShare(share)} failed (${failed.toLocaleString("en-US")} of ${count.toLocaleString("en-US")}) ${during}`;
    const unaffectedMax = baseline + UNAFFECTED_MARGIN;
    let ok: boolean;
    let expected: string;
    if (r.impact === "fails") {
      ok = share >= FAILS_MIN_SHARE;
      expected = `at least ${formatShare(FAILS_MIN_SHARE)} failed`;
    } else if (r.impact === "partly") {
      ok = share > unaffectedMax && share < FAILS_MIN_SHARE;
      expected = `more than ${formatShare(unaffectedMax)} and less than ${formatShare(FAILS_MIN_SHARE)} failed`;
    } else {
      ok = share <= unaffectedMax;
      expected = `at most ${formatShare(unaffectedMax)} failed (${formatShare(baseline)} before the crash, plus ${formatShare(UNAFFECTED_MARGIN)})`;
    }
    return ok
      ? { ...base, check: "confirmed" as const, observed }
      : { ...base, check: "mismatch" as const, observed, expected };
  });
}

/** A failed share: `100%`, `0.0%`, `2.4%`; a share above 0 never shows as 0.0%, nor one below 1 as 100%. */
export function formatShare(x: number): string {
  if (x === 0) return "0.0%";
  if (x === 1) return "100%";
  const pct = Math.min(99.9, Math.max(0.1, Math.round(x * 1000) / 10));
  return `${pct.toFixed(1)}%`;
}
