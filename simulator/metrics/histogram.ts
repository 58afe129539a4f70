import type { LatencySummary } from "../result";

/**
 * A log-linear histogram of positive values (ms), as HdrHistogram lays it out:
 * each power of two is split into 128 equal sub-buckets, so a bucket spans at
 * most 1/128 of its lower bound and its reported middle is within 0.4% of any
 * value in it. The bucket comes from the float's exponent and top mantissa
 * bits: no logarithm per sample, no per-sample storage; merging adds counts.
 */
const SUB_BITS = 7;
const SUB = 1 << SUB_BITS;
/** 2^-10 ms (about 1 µs): smaller values count as zero. */
const EXP_MIN = -10;
/** Up to 2^27 ms (about 37 h). */
const EXP_MAX = 27;
const MIN = Math.pow(2, EXP_MIN);
const BUCKETS = (EXP_MAX - EXP_MIN) * SUB;
const F64 = new Float64Array(1);
const U32 = new Uint32Array(F64.buffer);
/** Index of the 32-bit word holding the sign, exponent and top mantissa bits. */
const HI = new Uint8Array(new Uint16Array([1]).buffer)[0] === 1 ? 1 : 0;

/** The lower bound of bucket i. */
export function bucketLow(i: number): number {
  const e = Math.floor(i / SUB) + EXP_MIN;
  return Math.pow(2, e) * (1 + (i % SUB) / SUB);
}

/** The middle of a bucket, what percentiles report. */
function bucketMid(i: number): number {
  const e = Math.floor(i / SUB) + EXP_MIN;
  return Math.pow(2, e) * (1 + ((i % SUB) + 0.5) / SUB);
}

export interface HistogramData {
  /** Pairs of (bucket index, count). */
  buckets: number[];
  zeros: number;
  count: number;
  sum: number;
  min: number;
  max: number;
}

export class Histogram {
  /** Allocated at the first value of 1 µs or more: many histograms of a large design never see one. */
  private counts: Float64Array | null = null;
  zeros = 0;
  count = 0;
  sum = 0;
  min = Infinity;
  max = 0;

  record(v: number): void {
    this.recordIn(Histogram.bucketOf(v), v);
  }

  /** The bucket of a value (−1 for values under 1 µs); compute once to record into several histograms. */
  static bucketOf(v: number): number {
    if (v < MIN) return -1;
    F64[0] = v;
    const hi = U32[HI]!;
    const i = (((hi >>> 20) & 0x7ff) - 1023 - EXP_MIN) * SUB + ((hi >>> (20 - SUB_BITS)) & (SUB - 1));
    return i >= BUCKETS ? BUCKETS - 1 : i;
  }

  recordIn(bucket: number, v: number): void {
    this.count++;
    this.sum += v;
    if (v > this.max) this.max = v;
    if (v < this.min) this.min = v;
    if (bucket < 0) this.zeros++;
    else (this.counts ??= new Float64Array(BUCKETS))[bucket]!++;
  }

  /** The value at quantile q in [0, 1]; 0 when empty. */
  quantile(q: number): number {
    if (this.count === 0) return 0;
    const rank = Math.max(1, Math.ceil(q * this.count));
    if (rank <= this.zeros) return Math.min(this.max, 0);
    let seen = this.zeros;
    const counts = this.counts;
    if (counts === null) return this.max;
    for (let i = 0; i < BUCKETS; i++) {
      seen += counts[i]!;
      if (seen >= rank) {
        const v = bucketMid(i);
        return v > this.max ? this.max : v < this.min ? this.min : v;
      }
    }
    return this.max;
  }

  merge(other: Histogram): void {
    if (other.counts !== null) {
      const counts = (this.counts ??= new Float64Array(BUCKETS));
      for (let i = 0; i < BUCKETS; i++) counts[i]! += other.counts[i]!;
    }
    this.zeros += other.zeros;
    this.count += other.count;
    this.sum += other.sum;
    if (other.max > this.max) this.max = other.max;
    if (other.min < this.min) this.min = other.min;
  }

  /** A compact, structured-clone-friendly form: non-empty buckets only. */
  toData(): HistogramData {
    const buckets: number[] = [];
    const counts = this.counts;
    if (counts !== null) for (let i = 0; i < BUCKETS; i++) if (counts[i] !== 0) buckets.push(i, counts[i]!);
    return { buckets, zeros: this.zeros, count: this.count, sum: this.sum, min: this.min, max: this.max };
  }

  static fromData(d: HistogramData): Histogram {
    const h = new Histogram();
    if (d.buckets.length > 0) {
      const counts = (h.counts = new Float64Array(BUCKETS));
      for (let k = 0; k < d.buckets.length; k += 2) counts[d.buckets[k]!] = d.buckets[k + 1]!;
    }
    h.zeros = d.zeros;
    h.count = d.count;
    h.sum = d.sum;
    h.min = d.min;
    h.max = d.max;
    return h;
  }

  reset(): void {
    this.counts?.fill(0);
    this.zeros = 0;
    this.count = 0;
    this.sum = 0;
    this.min = Infinity;
    this.max = 0;
  }

  summary(): LatencySummary {
    if (this.count === 0) return { mean: 0, p50: 0, p90: 0, p95: 0, p99: 0, p999: 0, max: 0 };
    return {
      mean: this.sum / this.count,
      p50: this.quantile(0.5),
      p90: this.quantile(0.9),
      p95: this.quantile(0.95),
      p99: this.quantile(0.99),
      p999: this.quantile(0.999),
      max: this.max,
    };
  }
}

/**
 * The per-second histogram behind the timeseries quantiles: the same buckets as
 * Histogram (within 0.4%), but it remembers which buckets it touched, so the reset
 * every simulated second costs what the second recorded, not the whole array.
 */
export class SecondHistogram {
  /** Allocated at the first value of 1 µs or more, as Histogram's. */
  private counts: Float64Array | null = null;
  private readonly touched: number[] = [];
  private zeros = 0;
  count = 0;
  max = 0;

  record(v: number): void {
    this.count++;
    if (v > this.max) this.max = v;
    const i = Histogram.bucketOf(v);
    if (i < 0) {
      this.zeros++;
      return;
    }
    const counts = (this.counts ??= new Float64Array(BUCKETS));
    if (counts[i] === 0) this.touched.push(i);
    counts[i]!++;
  }

  quantile(q: number): number {
    if (this.count === 0) return 0;
    const rank = Math.max(1, Math.ceil(q * this.count));
    if (rank <= this.zeros) return 0;
    this.touched.sort((a, b) => a - b);
    let seen = this.zeros;
    const counts = this.counts!;
    for (const i of this.touched) {
      seen += counts[i]!;
      if (seen >= rank) return Math.min(this.max, bucketMid(i));
    }
    return this.max;
  }

  reset(): void {
    for (const i of this.touched) this.counts![i] = 0;
    this.touched.length = 0;
    this.zeros = 0;
    this.count = 0;
    this.max = 0;
  }
}
