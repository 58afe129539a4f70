/** Arrival times for workloads: homogeneous or profile-driven, Poisson or constant. */
import type { CWorkload } from "../compile";
import type { Rng } from "../engine/rng";

/** Rate (per ms) at time t of a piecewise-linear profile; the last point's rate holds after it. */
export function profileRate(profile: readonly [number, number][], t: number): number {
  const n = profile.length;
  if (t >= profile[n - 1]![0]) return profile[n - 1]![1] / 1000;
  for (let i = 1; i < n; i++) {
    const [t1, r1] = profile[i]!;
    if (t < t1) {
      const [t0, r0] = profile[i - 1]!;
      return (r0 + ((r1 - r0) * (t - t0)) / (t1 - t0)) / 1000;
    }
  }
  return profile[n - 1]![1] / 1000;
}

/**
 * The time of the next arrival after `t`, or Infinity when there is none.
 * Poisson with a profile uses thinning (exact for a non-homogeneous process);
 * constant with a profile solves ∫rate dt = 1 segment by segment.
 */
export function nextArrival(w: CWorkload, t: number, rng: Rng): number {
  if (!w.profile) {
    const rate = w.rate / 1000;
    if (rate <= 0) return Infinity;
    return w.poisson ? t + rng.exponential() / rate : t + 1 / rate;
  }
  if (w.poisson) return poissonNext(w.profile, t, rng);
  return constantNext(w.profile, t, 1);
}

/**
 * Thinning segment by segment, each with its own maximum rate: exact for a
 * non-homogeneous Poisson process (restarting at a boundary is exact by
 * memorylessness), and a long quiet stretch costs one step, not millions.
 */
function poissonNext(profile: readonly [number, number][], t: number, rng: Rng): number {
  const n = profile.length;
  for (;;) {
    // The segment holding t: [start, end) with rates r0 → r1 (the last one is open-ended and flat).
    let k = n - 1;
    while (k > 0 && profile[k]![0] > t) k--;
    const end = k + 1 < n ? profile[k + 1]![0] : Infinity;
    const lmax = Math.max(profile[k]![1], k + 1 < n ? profile[k + 1]![1] : profile[k]![1]) / 1000;
    if (lmax <= 0) {
      if (end === Infinity) return Infinity;
      t = end;
      continue;
    }
    const candidate = t + rng.exponential() / lmax;
    if (candidate >= end) {
      t = end;
      continue;
    }
    t = candidate;
    if (rng.next() * lmax < profileRate(profile, t)) return t;
  }
}

/** How far short of a whole request the integrated rate may fall and still count as reaching it. */
const ROUNDING_REQUESTS = 1e-9;

/** Smallest t' > t with ∫_t^t' rate = need (rate per ms, piecewise linear). */
function constantNext(profile: readonly [number, number][], t: number, need: number): number {
  const n = profile.length;
  let cur = t;
  for (let i = 0; i <= n; i++) {
    const segEnd = i < n - 1 ? profile[i + 1]![0] : Infinity;
    if (segEnd <= cur) continue;
    const r0 = profileRate(profile, cur);
    if (segEnd === Infinity) {
      if (r0 <= 0) return Infinity;
      return cur + need / r0;
    }
    const r1 = profileRate(profile, segEnd);
    const len = segEnd - cur;
    const area = ((r0 + r1) / 2) * len;
    // Within rounding of the need, the arrival is at this segment's end: summing segments (and
    // each arrival's own solution) leaves errors of ~1e-12 requests, which must not push a
    // request due exactly where the rate falls to 0 past it, into a segment that never sends.
    if (area >= need - ROUNDING_REQUESTS) {
      // Solve r0·x + (r1 − r0)/(2·len)·x² = need for x in [0, len].
      const a = (r1 - r0) / (2 * len);
      if (Math.abs(a) < 1e-18) return cur + need / r0;
      const x = (-r0 + Math.sqrt(Math.max(0, r0 * r0 + 4 * a * need))) / (2 * a);
      return cur + Math.min(Math.max(x, 0), len);
    }
    need -= area;
    cur = segEnd;
  }
  return Infinity;
}
