import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { Sfc32 } from "../engine/rng";
import { bucketLow, Histogram, SecondHistogram } from "./histogram";

function exactQuantile(sorted: number[], q: number): number {
  return sorted[Math.max(0, Math.ceil(q * sorted.length) - 1)]!;
}

describe("Histogram", () => {
  it("puts every value in the bucket whose bounds contain it", () => {
    fc.assert(
      fc.property(fc.double({ min: 0.001, max: 1e7, noNaN: true }), (v) => {
        const i = Histogram.bucketOf(v);
        expect(bucketLow(i)).toBeLessThanOrEqual(v);
        expect(v).toBeLessThan(bucketLow(i + 1));
        // A bucket spans at most 1/128 of its lower bound.
        expect(bucketLow(i + 1) / bucketLow(i) - 1).toBeLessThanOrEqual(1 / 128 + 1e-12);
      }),
    );
  });

  it("reports percentiles within 0.5% of the exact ones", () => {
    const rng = new Sfc32(5);
    for (const draw of [
      () => -10 * Math.log(1 - rng.next()),
      () => Math.exp(1 + 1.5 * rng.normal()),
      () => 0.5 + 200 * rng.next(),
    ]) {
      const h = new Histogram();
      const xs: number[] = [];
      for (let i = 0; i < 200_000; i++) {
        const v = draw();
        xs.push(v);
        h.record(v);
      }
      xs.sort((a, b) => a - b);
      for (const q of [0.5, 0.9, 0.95, 0.99, 0.999]) {
        const exact = exactQuantile(xs, q);
        expect(Math.abs(h.quantile(q) - exact) / exact).toBeLessThanOrEqual(0.005);
      }
      expect(h.summary().max).toBe(xs.at(-1));
      expect(h.summary().mean).toBeCloseTo(xs.reduce((a, b) => a + b, 0) / xs.length, 9);
    }
  });

  it("merges by adding counts, and survives a round trip through its data form", () => {
    const a = new Histogram();
    const b = new Histogram();
    const all = new Histogram();
    for (let i = 1; i <= 1000; i++) {
      (i % 2 ? a : b).record(i / 7);
      all.record(i / 7);
    }
    a.merge(Histogram.fromData(b.toData()));
    expect(a.summary()).toEqual(all.summary());
    expect(Histogram.fromData(all.toData()).summary()).toEqual(all.summary());
  });

  it("counts values under a microsecond as zero and is empty-safe", () => {
    const h = new Histogram();
    expect(h.summary()).toEqual({ mean: 0, p50: 0, p90: 0, p95: 0, p99: 0, p999: 0, max: 0 });
    h.record(0);
    h.record(0);
    h.record(5);
    expect(h.quantile(0.5)).toBe(0);
    expect(h.quantile(1)).toBeCloseTo(5, 1);
  });
});

describe("SecondHistogram", () => {
  it("reports the per-second percentiles within 0.5% and resets cleanly", () => {
    const rng = new Sfc32(3);
    const h = new SecondHistogram();
    for (let round = 0; round < 3; round++) {
      h.reset();
      const xs: number[] = [];
      for (let i = 0; i < 20_000; i++) {
        const v = Math.exp(2 + rng.normal());
        xs.push(v);
        h.record(v);
      }
      xs.sort((a, b) => a - b);
      for (const q of [0.5, 0.99]) {
        const exact = exactQuantile(xs, q);
        expect(Math.abs(h.quantile(q) - exact) / exact).toBeLessThanOrEqual(0.005);
      }
    }
  });
});

describe("histograms that only ever see zeros", () => {
  it("answer, merge and round-trip without allocating their buckets", () => {
    const zeros = new Histogram();
    zeros.record(0);
    zeros.record(0.0001);
    expect(zeros.quantile(0.99)).toBe(0);
    expect(zeros.toData()).toEqual({ buckets: [], zeros: 2, count: 2, sum: 0.0001, min: 0, max: 0.0001 });
    const some = new Histogram();
    some.record(5);
    const merged = Histogram.fromData(zeros.toData());
    merged.merge(some);
    expect(merged.count).toBe(3);
    expect(merged.quantile(1)).toBe(5);
    expect(merged.quantile(0.5)).toBe(0);
    const empty = new Histogram();
    empty.merge(zeros);
    expect(empty.toData().buckets).toEqual([]);
    empty.reset();
    expect(empty.count).toBe(0);
    const second = new SecondHistogram();
    second.record(0);
    expect(second.quantile(0.5)).toBe(0);
    second.reset();
    expect(second.quantile(0.5)).toBe(0);
  });
});
