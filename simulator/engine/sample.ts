/** Samplers for every distribution of the format, compiled once into flat records. */
import { getDistributionMean, type Distribution } from "../../model";
import type { Rng } from "./rng";

export const enum SamplerType {
  Const = 0,
  Exp = 1,
  Uniform = 2,
  Normal = 3,
  Lognormal = 4,
  Erlang = 5,
  Empirical = 6,
}

/** A distribution compiled for sampling; one shape for all types keeps sample() monomorphic. */
export interface Sampler {
  readonly type: SamplerType;
  readonly a: number;
  readonly b: number;
  readonly k: number;
  readonly values: Float64Array | null;
  /** Always zero: callers skip the event entirely. */
  readonly isZero: boolean;
  readonly mean: number;
}

export const ZERO_SAMPLER: Sampler = { type: SamplerType.Const, a: 0, b: 0, k: 0, values: null, isZero: true, mean: 0 };

export function compileSampler(d: Distribution): Sampler {
  const mean = getDistributionMean(d);
  const base = { a: 0, b: 0, k: 0, values: null, isZero: false, mean };
  switch (d.type) {
    case "const":
      return d.value === 0 ? ZERO_SAMPLER : { ...base, type: SamplerType.Const, a: d.value };
    case "exp":
      return { ...base, type: SamplerType.Exp, a: d.mean };
    case "uniform":
      return d.max === d.min
        ? compileSampler({ type: "const", value: d.min })
        : { ...base, type: SamplerType.Uniform, a: d.min, b: d.max - d.min };
    case "normal":
      return d.sd === 0
        ? compileSampler({ type: "const", value: d.mean })
        : { ...base, type: SamplerType.Normal, a: d.mean, b: d.sd };
    case "lognormal":
      return d.sigma === 0
        ? compileSampler({ type: "const", value: d.median })
        : { ...base, type: SamplerType.Lognormal, a: d.mu, b: d.sigma };
    case "erlang":
      return { ...base, type: SamplerType.Erlang, a: d.mean / d.k, k: d.k };
    case "empirical":
      return d.values.every((v) => v === d.values[0])
        ? compileSampler({ type: "const", value: d.values[0]! })
        : { ...base, type: SamplerType.Empirical, values: Float64Array.from(d.values) };
  }
}

/** Draws one value (ms). */
export function sample(s: Sampler, rng: Rng): number {
  // The common kinds inline at the call site (small enough for the JIT); the rest is one call away.
  if (s.type === SamplerType.Exp) return s.a * rng.exponential();
  if (s.type === SamplerType.Const) return s.a;
  return sampleOther(s, rng);
}

function sampleOther(s: Sampler, rng: Rng): number {
  switch (s.type) {
    case SamplerType.Const:
      return s.a;
    case SamplerType.Exp:
      return s.a * rng.exponential();
    case SamplerType.Uniform:
      return s.a + s.b * rng.next();
    case SamplerType.Normal: {
      // Negative draws are redrawn (the format says so; it raises the mean).
      for (;;) {
        const v = s.a + s.b * rng.normal();
        if (v >= 0) return v;
      }
    }
    case SamplerType.Lognormal:
      return Math.exp(s.a + s.b * rng.normal());
    case SamplerType.Erlang: {
      let sum = 0;
      for (let i = 0; i < s.k; i++) sum += rng.exponential();
      return s.a * sum;
    }
    case SamplerType.Empirical: {
      const v = s.values!;
      return v[Math.floor(rng.next() * v.length)]!;
    }
  }
}
