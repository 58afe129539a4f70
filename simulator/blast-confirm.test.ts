import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { blastRadius, parseDesign, type BlastRadius, type Fault } from "../model";
import { getFaultSpans } from "../model/scenario-faults";
import {
  confirmBlastRadius,
  FAILS_MIN_SHARE,
  formatShare,
  getCrashWindows,
  UNAFFECTED_MARGIN,
  type CrashWindow,
} from "./blast-confirm";
import type { TimeseriesEntry } from "./result";
import { simulate } from "./run";

/** A timeseries of `seconds` entries whose routes have the given [count, failed, rejected] per second. */
function series(
  seconds: number,
  routes: (t: number) => Record<string, [number, number] | [number, number, number]>,
): TimeseriesEntry[] {
  return Array.from({ length: seconds }, (_, t) => ({
    t,
    requests: { succeeded: 0, failed: 0, rejected: 0 },
    latency: { p50: 0, p99: 0 },
    routes: Object.fromEntries(
      Object.entries(routes(t)).map(([k, [count, failed, rejected = 0]]) => [
        k,
        { count, failed, rejected, p50: 0, p99: 0 },
      ]),
    ),
    components: {},
    topics: {},
  }));
}

const blast = (routes: [string, BlastRadius["routes"][number]["impact"]][]): BlastRadius => ({
  component: "x",
  routes: routes.map(([route, impact]) => ({ route, impact, path: [] })),
  blocksStarts: [],
});

describe("getCrashWindows", () => {
  const crash = (target: string, at: number, more: Partial<Fault> = {}) =>
    ({ kind: "crash", target, at, for: 10_000, ...more }) as Fault;

  it("keeps whole-component crashes of that component, as their spans ran (a heal cuts one short)", () => {
    const spans = getFaultSpans(
      [crash("inventory", 30_000), crash("payment", 5_000), crash("inventory", 1_000, { replicas: 1 })],
      [{ fault: crash("inventory", 0, { for: undefined }), atMs: 50_500 }],
      [55_000],
      120_000,
    );
    expect(getCrashWindows("inventory", spans)).toEqual([
      { startMs: 30_000, endMs: 40_000 },
      { startMs: 50_500, endMs: 55_000 },
    ]);
    expect(getCrashWindows("order", spans)).toEqual([]);
  });
});

describe("confirmBlastRadius on a timeseries made by hand", () => {
  // 10 s; the crash holds [3.5 s, 7 s): whole seconds 4, 5 and 6 count; 0–2 are before it.
  const windows: CrashWindow[] = [{ startMs: 3500, endMs: 7000 }];
  const ts = series(10, (t) => ({
    // 10 a second; 1 failed per second before, all but one from second 3 to 6.
    "POST /a": t < 3 ? [10, 1] : t <= 6 ? [10, 9] : [10, 0],
    // 20 a second, none failed before; 1 failed in each of seconds 4–6 (3 of 60 = 5%).
    "GET /b": [20, t >= 4 && t <= 6 ? 1 : 0],
    // nothing in the window
    "GET /c": t < 4 ? [5, 0] : [0, 0],
  }));

  it("counts only the whole seconds inside the window, and the seconds before it as the baseline", () => {
    const rows = confirmBlastRadius(
      blast([
        ["POST /a", "fails"],
        ["GET /b", "none"],
        ["GET /c", "none"],
      ]),
      windows,
      ts,
    );
    // POST /a: 27 of 30 = 90% < 95%: not the "fails" predicted.
    expect(rows[0]).toMatchObject({
      route: "POST /a",
      fromS: 4,
      toS: 7,
      count: 30,
      failed: 27,
      check: "mismatch",
      observed: "observed 90.0% failed (27 of 30) during 4–7 s",
      expected: "at least 95.0% failed",
    });
    expect(rows[0]!.share).toBeCloseTo(0.9, 12);
    expect(rows[0]!.baseline).toBeCloseTo(0.1, 12);
    // GET /b: 3 of 60 = 5% against 0% before + 1 point: not unaffected.
    expect(rows[1]).toMatchObject({
      count: 60,
      failed: 3,
      baseline: 0,
      check: "mismatch",
      observed: "observed 5.0% failed (3 of 60) during 4–7 s",
      expected: "at most 1.0% failed (0.0% before the crash, plus 1.0%)",
    });
    expect(rows[2]).toMatchObject({ count: 0, share: null, check: "noData", observed: "no requests during 4–7 s" });
  });

  it("confirms a route that fails in part between the baseline's margin and the fails threshold", () => {
    const [a, b] = confirmBlastRadius(
      blast([
        ["POST /a", "partly"],
        ["GET /b", "partly"],
      ]),
      windows,
      ts,
    );
    // 90% is above 10% + 1 point and below 95%; 5% is above 0% + 1 point.
    expect([a!.check, b!.check]).toEqual(["confirmed", "confirmed"]);
  });

  it("confirms at the thresholds themselves: 95% fails, baseline + 1 point answers", () => {
    const edge = series(3, () => ({ "POST /f": [100, 95], "GET /u": [100, 1] }));
    const rows = confirmBlastRadius(
      blast([
        ["POST /f", "fails"],
        ["GET /u", "degraded"],
      ]),
      [{ startMs: 0, endMs: 3000 }],
      edge,
    );
    expect(FAILS_MIN_SHARE).toBe(0.95);
    expect(UNAFFECTED_MARGIN).toBe(0.01);
    expect(rows.map((r) => r.check)).toEqual(["confirmed", "confirmed"]);
    const over = confirmBlastRadius(
      blast([["GET /u", "queues"]]),
      [{ startMs: 0, endMs: 3000 }],
      series(3, () => ({ "GET /u": [100, 2] })),
    );
    expect(over[0]!.check).toBe("mismatch");
  });

  it("counts a rejected request as a failed one: a window where nothing succeeded is 100% failed", () => {
    // 10 a second. Before the crash 1 rejected a second (10%); in seconds 4–6, 8 failed + 2 rejected:
    // 30 of 30 unanswered successfully, not the 24 of 30 (80%) the failed ones alone would say.
    const rejecting = series(10, (t) => ({
      "POST /r": t < 3 ? [10, 0, 1] : t <= 6 ? [10, 8, 2] : [10, 0, 0],
      "GET /s": t < 3 ? [10, 0, 1] : [10, 0, 1],
    }));
    const [r, s] = confirmBlastRadius(
      blast([
        ["POST /r", "fails"],
        ["GET /s", "none"],
      ]),
      windows,
      rejecting,
    );
    expect(r).toMatchObject({
      count: 30,
      failed: 30,
      share: 1,
      check: "confirmed",
      observed: "observed 100% failed (30 of 30) during 4–7 s",
    });
    expect(r!.baseline).toBeCloseTo(0.1, 12);
    // A steady 10% rejected before and during: no worse than its baseline.
    expect(s).toMatchObject({ count: 30, failed: 3, check: "confirmed" });
    expect(s!.baseline).toBeCloseTo(0.1, 12);
  });

  it("has nothing to say without a crash window", () => {
    expect(confirmBlastRadius(blast([["POST /a", "fails"]]), [], ts)).toEqual([]);
  });

  it("formats shares without rounding to 0% or 100%", () => {
    expect([0, 0.0001, 0.024, 0.9999, 1].map(formatShare)).toEqual(["0.0%", "0.1%", "2.4%", "99.9%", "100%"]);
  });
});

describe("confirmBlastRadius on a run whose gateway rate-limits during the crash", () => {
  it("counts the rate limit's refusals as failed: every request in the window is unsuccessful", () => {
    // 100 rps constant into a gateway limited to 80 rps (burst 10): 20 refused (429) each second. b
    // is down in [5 s, 15 s): the other 80 fail at a's call to b. Seconds 5–14: 1,000 requests, none ok.
    const design = parseDesign(`archsim: 1
components:
  gw:
    kind: gateway
    rateLimit: { rps: 80, burst: 10 }
    routes:
      GET /x: a.op
  a: { kind: service, operations: { op: { http: GET /x, work: 1ms, steps: [ { call: b.op } ] } } }
  b: { kind: service, operations: { op: { work: 1ms } } }
workloads:
  w: { entry: gw, rate: 100, arrivals: constant, mix: { GET /x: 1 } }
scenarios:
  s:
    workload: w
    duration: 20s
    faults:
      - { at: 5s, for: 10s, kind: crash, target: b }
`).design!;
    const result = simulate(design, { scenario: "s", seed: 1, timeseries: true });
    const spans = getFaultSpans(design.scenarios.s!.faults, [], [], 20_000);
    const window = result.timeseries!.slice(5, 15);
    expect(window.every((e) => e.requests.succeeded === 0 && e.requests.rejected === 20)).toBe(true);
    const [row] = confirmBlastRadius(blastRadius(design, "b"), getCrashWindows("b", spans), result.timeseries!);
    expect(row).toMatchObject({
      route: "GET /x",
      predicted: "fails",
      fromS: 5,
      toS: 15,
      count: 1000,
      failed: 1000,
      share: 1,
      check: "confirmed",
      observed: "observed 100% failed (1,000 of 1,000) during 5–15 s",
    });
  });
});

describe("confirmBlastRadius on the e-commerce example", () => {
  it("an inventory crash fails POST /orders and GET /products, never GET /orders/{id}", () => {
    const text =
      readFileSync("examples/ecommerce.yaml", "utf8") +
      "  inventory-outage:\n    workload: steady\n    duration: 90s\n    warmup: 10s\n    faults:\n      - { at: 30s, for: 30s, kind: crash, target: inventory }\n";
    const design = parseDesign(text).design!;
    const result = simulate(design, { scenario: "inventory-outage", seed: 1, timeseries: true });
    const spans = getFaultSpans(design.scenarios["inventory-outage"]!.faults, [], [], 90_000);
    const rows = confirmBlastRadius(
      blastRadius(design, "inventory"),
      getCrashWindows("inventory", spans),
      result.timeseries!,
    );
    expect(rows.map((r) => [r.route, r.predicted, r.check, r.fromS, r.toS])).toEqual([
      ["POST /orders", "fails", "confirmed", 30, 60],
      ["GET /orders/{id}", "none", "confirmed", 30, 60],
      ["GET /products", "fails", "confirmed", 30, 60],
    ]);
    // The counts are the timeseries' own, summed over seconds 30–59.
    const sum = (route: string, k: "count" | "failed" | "rejected") =>
      result.timeseries!.slice(30, 60).reduce((a, e) => a + (e.routes[route]?.[k] ?? 0), 0);
    for (const r of rows)
      expect([r.count, r.failed]).toEqual([sum(r.route, "count"), sum(r.route, "failed") + sum(r.route, "rejected")]);
    expect(rows[0]!.share).toBe(1);
    expect(rows[1]!.share).toBe(0);
  });
});
