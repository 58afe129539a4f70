import { describe, expect, it } from "vitest";
import { ksDistance } from "../testing/ks";
import { Sfc32 } from "./rng";

describe("Sfc32", () => {
  it("gives the same stream for the same seed and another for another seed", () => {
    const a = new Sfc32(42);
    const b = new Sfc32(42);
    const c = new Sfc32(43);
    const xs = Array.from({ length: 5 }, () => a.next());
    expect(Array.from({ length: 5 }, () => b.next())).toEqual(xs);
    expect(Array.from({ length: 5 }, () => c.next())).not.toEqual(xs);
  });

  it("draws uniforms in [0, 1) with the right mean and spread", () => {
    const r = new Sfc32(7);
    const n = 200_000;
    const xs = Array.from({ length: n }, () => r.next());
    expect(xs.reduce((a, b) => Math.min(a, b), 1)).toBeGreaterThanOrEqual(0);
    expect(xs.reduce((a, b) => Math.max(a, b), 0)).toBeLessThan(1);
    // KS critical value at α = 0.001 is 1.95/√n.
    expect(ksDistance(xs, (x) => x)).toBeLessThan(1.95 / Math.sqrt(n));
  });

  it("draws exponentials by the ziggurat that pass a KS test, tails included", () => {
    const r = new Sfc32(11);
    const n = 200_000;
    const xs = Array.from({ length: n }, () => r.exponential());
    expect(ksDistance(xs, (x) => 1 - Math.exp(-x))).toBeLessThan(1.95 / Math.sqrt(n));
    const mean = xs.reduce((a, b) => a + b, 0) / n;
    expect(Math.abs(mean - 1)).toBeLessThan(4 / Math.sqrt(n));
    // P(X > 8) = e^-8 ≈ 3.4e-4: the base strip beyond the ziggurat's last layer is sampled too.
    const tail = xs.filter((x) => x > 8).length / n;
    expect(Math.abs(tail - Math.exp(-8))).toBeLessThan(4 * Math.sqrt(Math.exp(-8) / n));
  });

  it("draws normals by the polar method that pass a KS test", () => {
    const r = new Sfc32(13);
    const n = 100_000;
    const xs = Array.from({ length: n }, () => r.normal());
    const erf = (x: number) => {
      // Abramowitz–Stegun 7.1.26, |error| < 1.5e-7.
      const t = 1 / (1 + 0.3275911 * Math.abs(x));
      const y =
        1 -
        ((((1.061405429 * t - 1.453152027) * t + 1.421413741) * t - 0.284496736) * t + 0.254829592) *
          t *
          Math.exp(-x * x);
      return x >= 0 ? y : -y;
    };
    expect(ksDistance(xs, (x) => 0.5 * (1 + erf(x / Math.SQRT2)))).toBeLessThan(1.95 / Math.sqrt(n));
  });
});
