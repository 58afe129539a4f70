import { describe, expect, it } from "vitest";
import type { Distribution } from "../../model";
import type { Rng } from "./rng";
import { compileSampler, sample, SamplerType, ZERO_SAMPLER } from "./sample";

/** An Rng that hands out the given draws in order and fails on any draw it was not given. */
function scripted(draws: { next?: number[]; normal?: number[]; exponential?: number[] }): Rng & { left(): number } {
  const next = [...(draws.next ?? [])];
  const normal = [...(draws.normal ?? [])];
  const exponential = [...(draws.exponential ?? [])];
  const take = (xs: number[], what: string) => {
    if (xs.length === 0) throw new Error(`unexpected ${what} draw`);
    return xs.shift()!;
  };
  return {
    next: () => take(next, "uniform"),
    normal: () => take(normal, "normal"),
    exponential: () => take(exponential, "exponential"),
    left: () => next.length + normal.length + exponential.length,
  };
}

const compile = (d: Distribution) => compileSampler(d);

describe("compileSampler and sample", () => {
  it("a constant is its value, drawn without a random number; zero is the shared zero sampler", () => {
    const s = compile({ type: "const", value: 5 });
    expect(s).toMatchObject({ type: SamplerType.Const, a: 5, isZero: false, mean: 5 });
    expect(sample(s, scripted({}))).toBe(5);
    expect(compile({ type: "const", value: 0 })).toBe(ZERO_SAMPLER);
    expect(ZERO_SAMPLER).toMatchObject({ isZero: true, a: 0, mean: 0 });
  });

  it("exp: mean × one exponential draw", () => {
    const s = compile({ type: "exp", mean: 4 });
    expect(s).toMatchObject({ type: SamplerType.Exp, a: 4, isZero: false, mean: 4 });
    const rng = scripted({ exponential: [0.5, 2] });
    expect(sample(s, rng)).toBe(2);
    expect(sample(s, rng)).toBe(8);
  });

  it("uniform: min + (max − min) × one uniform draw; a single point is a constant", () => {
    const s = compile({ type: "uniform", min: 2, max: 6 });
    expect(s).toMatchObject({ type: SamplerType.Uniform, a: 2, b: 4, mean: 4 });
    expect(sample(s, scripted({ next: [0.25] }))).toBe(3);
    expect(compile({ type: "uniform", min: 3, max: 3 })).toMatchObject({
      type: SamplerType.Const,
      a: 3,
      isZero: false,
    });
    expect(compile({ type: "uniform", min: 0, max: 0 })).toBe(ZERO_SAMPLER);
  });

  it("normal: mean + sd × z, negative draws redrawn (zero is kept); sd 0 is a constant", () => {
    const s = compile({ type: "normal", mean: 10, sd: 2 });
    expect(s).toMatchObject({ type: SamplerType.Normal, a: 10, b: 2 });
    // z = −6 gives −2: redrawn; z = 0.5 gives 11.
    const rng = scripted({ normal: [-6, 0.5] });
    expect(sample(s, rng)).toBe(11);
    expect(rng.left()).toBe(0);
    // z = −5 gives exactly 0, which is not negative.
    expect(sample(s, scripted({ normal: [-5] }))).toBe(0);
    expect(compile({ type: "normal", mean: 7, sd: 0 })).toMatchObject({ type: SamplerType.Const, a: 7 });
  });

  it("lognormal: e^(μ + σz); σ 0 is the constant median", () => {
    const s = compile({ type: "lognormal", median: 2, p99: 15, mu: Math.log(2), sigma: 0.5 });
    expect(s).toMatchObject({ type: SamplerType.Lognormal, a: Math.log(2), b: 0.5 });
    expect(sample(s, scripted({ normal: [2] }))).toBeCloseTo(2 * Math.E, 12);
    expect(sample(s, scripted({ normal: [0] }))).toBeCloseTo(2, 12);
    expect(compile({ type: "lognormal", median: 3, p99: 3, mu: Math.log(3), sigma: 0 })).toMatchObject({
      type: SamplerType.Const,
      a: 3,
    });
  });

  it("erlang: (mean / k) × the sum of exactly k exponential draws", () => {
    const s = compile({ type: "erlang", k: 3, mean: 6 });
    expect(s).toMatchObject({ type: SamplerType.Erlang, a: 2, k: 3, mean: 6 });
    const rng = scripted({ exponential: [1, 2, 3, 100] });
    expect(sample(s, rng)).toBe(12);
    expect(rng.left()).toBe(1);
  });

  it("empirical: the value at floor(u × n); equal values are a constant", () => {
    const s = compile({ type: "empirical", values: [1, 2, 4] });
    expect(s.type).toBe(SamplerType.Empirical);
    expect(Array.from(s.values!)).toEqual([1, 2, 4]);
    expect(s.mean).toBeCloseTo(7 / 3, 12);
    const rng = scripted({ next: [0, 0.34, 0.5, 0.999] });
    expect([sample(s, rng), sample(s, rng), sample(s, rng), sample(s, rng)]).toEqual([1, 2, 2, 4]);
    expect(compile({ type: "empirical", values: [5, 5] })).toMatchObject({ type: SamplerType.Const, a: 5 });
    expect(compile({ type: "empirical", values: [0, 0] })).toBe(ZERO_SAMPLER);
  });
});
