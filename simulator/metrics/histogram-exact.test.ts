/**
 * The histograms' bucket scheme and percentile rule, exactly. Buckets: 128 per power of two from
 * 2^-10 ms, bucket (e + 10) · 128 + s holding [2^e (1 + s/128), 2^e (1 + (s + 1)/128)); values
 * under 2^-10 count as zeros; the last bucket (index 37 · 128 − 1) takes everything above. A
 * percentile at rank ⌈q · count⌉ (at least 1) reports its bucket's middle, clamped to [min, max].
 */
import { describe, expect, it } from "vitest";
import { bucketLow, Histogram, SecondHistogram } from "./histogram";

const LAST = 37 * 128 - 1;

describe("buckets", () => {
  it("bucketLow: 2^e · (1 + s/128)", () => {
    expect(bucketLow(0)).toBe(2 ** -10);
    expect(bucketLow(1)).toBe(2 ** -10 * (1 + 1 / 128));
    expect(bucketLow(127)).toBe(2 ** -10 * (1 + 127 / 128));
    expect(bucketLow(128)).toBe(2 ** -9);
    expect(bucketLow(1280)).toBe(1);
    expect(bucketLow(1344)).toBe(1.5);
    expect(bucketLow(1408)).toBe(2);
    expect(bucketLow(LAST)).toBe(2 ** 26 * (1 + 127 / 128));
  });

  it("bucketOf: from the exponent and the top 7 mantissa bits; zeros below 2^-10; the last one above 2^27", () => {
    expect(Histogram.bucketOf(0)).toBe(-1);
    expect(Histogram.bucketOf(-3)).toBe(-1);
    expect(Histogram.bucketOf(2 ** -10 * 0.999)).toBe(-1);
    expect(Histogram.bucketOf(2 ** -10)).toBe(0);
    expect(Histogram.bucketOf(1)).toBe(1280);
    expect(Histogram.bucketOf(1.5)).toBe(1344);
    expect(Histogram.bucketOf(1.99)).toBe(1280 + 126); // 0.99 · 128 = 126.7
    expect(Histogram.bucketOf(3)).toBe(11 * 128 + 64);
    expect(Histogram.bucketOf(0.01)).toBe(3 * 128 + 35); // 2^-7 · 1.28: 0.28 · 128 = 35.8
    expect(Histogram.bucketOf(2 ** 27 * 0.999)).toBe(LAST);
    expect(Histogram.bucketOf(2 ** 27)).toBe(LAST);
    expect(Histogram.bucketOf(1e12)).toBe(LAST);
  });
});

describe("Histogram", () => {
  it("2^-10 ms is the first bucket's, not a zero", () => {
    const h = new Histogram();
    h.record(2 ** -10);
    expect(h.toData()).toEqual({ buckets: [0, 1], zeros: 0, count: 1, sum: 2 ** -10, min: 2 ** -10, max: 2 ** -10 });
    const s = new SecondHistogram();
    s.record(2 ** -10);
    expect(s.quantile(0.5)).toBe(2 ** -10);
  });

  it("records count, sum, min, max and zeros; toData lists the non-empty buckets in order", () => {
    const h = new Histogram();
    for (const v of [3, 1, 1, 0, 1e12]) h.record(v);
    expect(h.toData()).toEqual({
      buckets: [1280, 2, 1472, 1, LAST, 1],
      zeros: 1,
      count: 5,
      sum: 5 + 1e12,
      min: 0,
      max: 1e12,
    });
    const empty = new Histogram().toData();
    expect(empty).toEqual({ buckets: [], zeros: 0, count: 0, sum: 0, min: Infinity, max: 0 });
  });

  it("quantiles: rank ⌈q·n⌉, at least 1; the bucket's middle within [min, max]", () => {
    const h = new Histogram();
    expect(h.quantile(0.5)).toBe(0);
    for (const v of [20, 10, 30]) h.record(v);
    // 10 in [10, 10.0625) (width 1/16 in [8, 16)): 10.03125. 20 in [20, 20.125): 20.0625.
    // 30 in [30, 30.125): the middle 30.0625 is above the maximum.
    expect(h.quantile(0)).toBe(10.03125); // rank 1
    expect(h.quantile(1 / 3)).toBe(10.03125); // rank 1
    expect(h.quantile(0.34)).toBe(20.0625); // rank ⌈1.02⌉ = 2
    expect(h.quantile(0.5)).toBe(20.0625); // rank 2
    expect(h.quantile(2 / 3)).toBe(20.0625);
    expect(h.quantile(0.9)).toBe(30);
    expect(h.quantile(1)).toBe(30);
    expect(h.summary()).toEqual({ mean: 20, p50: 20.0625, p90: 30, p95: 30, p99: 30, p999: 30, max: 30 });
  });

  it("a middle below the minimum reports the minimum", () => {
    // 10.05 is in [10, 10.0625), whose middle 10.03125 is below it.
    const h = new Histogram();
    h.record(10.05);
    h.record(20);
    expect(h.quantile(0.5)).toBe(10.05);
    expect(h.quantile(1)).toBe(20);
  });

  it("zeros come first", () => {
    const h = new Histogram();
    for (const v of [0, 0.0001, 1, 2]) h.record(v);
    expect(h.quantile(0.25)).toBe(0);
    expect(h.quantile(0.5)).toBe(0);
    expect(h.quantile(0.75)).toBe(1.00390625); // [1, 1 + 1/128)
    expect(h.quantile(1)).toBe(2);
    expect(h.summary().mean).toBe((0 + 0.0001 + 1 + 2) / 4);
  });

  it("answers its maximum when its buckets hold fewer values than its count", () => {
    // Data from elsewhere that lost its buckets: the rank is beyond them.
    const lost = Histogram.fromData({ buckets: [], zeros: 0, count: 2, sum: 9, min: 4, max: 5 });
    expect(lost.quantile(0.5)).toBe(5);
    const short = Histogram.fromData({ buckets: [1280, 1], zeros: 0, count: 2, sum: 6, min: 1, max: 5 });
    expect(short.quantile(1)).toBe(5);
    expect(short.quantile(0.5)).toBe(1.00390625);
  });

  it("merge adds counts and keeps the extremes, whichever side has them", () => {
    const a = new Histogram();
    a.record(1);
    a.record(0);
    const b = new Histogram();
    b.record(3);
    b.record(3);
    a.merge(b);
    expect(a.toData()).toEqual({ buckets: [1280, 1, 1472, 2], zeros: 1, count: 4, sum: 7, min: 0, max: 3 });
    // The other way round: the receiver has the extremes; an empty receiver allocates its buckets.
    const c = new Histogram();
    c.record(0.5);
    c.record(9);
    c.merge(b);
    // 0.5 = 2^-1: bucket 9 · 128; 9 = 2^3 · 1.125: bucket 13 · 128 + 16.
    expect(c.toData()).toEqual({
      buckets: [1152, 1, 1472, 2, 1680, 1],
      zeros: 0,
      count: 4,
      sum: 15.5,
      min: 0.5,
      max: 9,
    });
    const d = new Histogram();
    d.merge(b);
    expect(d.toData()).toEqual(b.toData());
    // Merging zeros only leaves the buckets unallocated.
    const z = new Histogram();
    z.record(0);
    const e = new Histogram();
    e.merge(z);
    expect(e.toData()).toEqual({ buckets: [], zeros: 1, count: 1, sum: 0, min: 0, max: 0 });
  });

  it("fromData restores exactly what toData gave; reset empties", () => {
    const h = new Histogram();
    for (const v of [0, 2, 2, 2.5, 700]) h.record(v);
    const data = h.toData();
    const back = Histogram.fromData(data);
    expect(back.toData()).toEqual(data);
    expect(back.summary()).toEqual(h.summary());
    expect([back.zeros, back.count, back.sum, back.min, back.max]).toEqual([1, 5, 706.5, 0, 700]);
    h.reset();
    expect(h.toData()).toEqual({ buckets: [], zeros: 0, count: 0, sum: 0, min: Infinity, max: 0 });
    expect(h.summary()).toEqual({ mean: 0, p50: 0, p90: 0, p95: 0, p99: 0, p999: 0, max: 0 });
    h.record(5);
    expect(h.toData()).toEqual({ buckets: [12 * 128 + 32, 1], zeros: 0, count: 1, sum: 5, min: 5, max: 5 });
    new Histogram().reset(); // no buckets yet: nothing to clear
  });
});

describe("SecondHistogram", () => {
  it("the same buckets and rule, in bucket order whatever the order of recording", () => {
    const h = new SecondHistogram();
    expect(h.quantile(0.5)).toBe(0);
    // Buckets 1280 (1 ms) and 419 (0.01 ms): the order is numeric, not that of their digits.
    h.record(1);
    h.record(0.01);
    expect(h.quantile(0.5)).toBe(2 ** -7 * (1 + 35.5 / 128));
    expect(h.quantile(1)).toBe(1);
    h.reset();
    for (const v of [30, 20, 10, 10]) h.record(v);
    expect([h.count, h.max]).toEqual([4, 30]);
    expect(h.quantile(0.25)).toBe(10.03125);
    expect(h.quantile(0.5)).toBe(10.03125);
    expect(h.quantile(0.75)).toBe(20.0625);
    expect(h.quantile(1)).toBe(30);
  });

  it("zeros first; reset forgets every bucket it touched", () => {
    const h = new SecondHistogram();
    h.record(0);
    h.record(5);
    expect(h.quantile(0.5)).toBe(0);
    expect(h.quantile(1)).toBe(5);
    h.reset();
    expect([h.count, h.max, h.quantile(1)]).toEqual([0, 0, 0]);
    h.record(7);
    // Only 7 is left: [7, 7.03125) has the middle 7.015625, above the maximum.
    expect(h.quantile(0)).toBe(7);
    h.record(5);
    expect(h.quantile(0.5)).toBe(5.015625);
  });
});
