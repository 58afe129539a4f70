import { describe, expect, it } from "vitest";
import fc from "fast-check";
import { erlangB, erlangC, meanAndStandardError, mg1, mm1, mmc, mmck, secondMoment } from "./queueing";

/** Erlang C straight from its textbook sum, as an oracle for the recursion. */
function erlangCBySum(c: number, a: number): number {
  let term = 1;
  let sum = 0;
  for (let k = 0; k < c; k++) {
    sum += term;
    term = (term * a) / (k + 1);
  }
  const top = (term * c) / (c - a); // term is now a^c / c!
  return top / (sum + top);
}

describe("Erlang B and C", () => {
  it("match textbook values", () => {
    // c = 4, ρ = 0.9: (3.6⁴/4!)(4/0.4) / (Σ_{k<4} 3.6^k/k! + that) = 69.984 / 88.84.
    // (The "≈ 0.7455" does not match this sum; 0.7878 is the tabulated value.)
    expect(erlangC(4, 3.6)).toBeCloseTo(69.984 / 88.84, 10);
    expect(erlangC(4, 3.6)).toBeCloseTo(0.7878, 4);
    expect(erlangC(3, 2)).toBeCloseTo(4 / 9, 12);
    expect(erlangC(2, 1)).toBeCloseTo(1 / 3, 12);
    expect(erlangB(10, 5)).toBeCloseTo(0.018385, 6);
    expect(erlangB(1, 1)).toBeCloseTo(0.5, 12);
    expect(erlangC(1, 0.7)).toBeCloseTo(0.7, 12);
  });

  it("agree with the direct sum and stay ordered", () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 60 }), fc.double({ min: 0.01, max: 0.99, noNaN: true }), (c, rho) => {
        const a = rho * c;
        const C = erlangC(c, a);
        expect(C).toBeGreaterThan(0);
        expect(C).toBeLessThan(1);
        expect(C).toBeGreaterThanOrEqual(erlangB(c, a));
        expect(Math.abs(C - erlangCBySum(c, a))).toBeLessThan(1e-9);
        // More servers at the same utilization: less waiting.
        expect(erlangC(c + 1, rho * (c + 1))).toBeLessThanOrEqual(C + 1e-12);
      }),
    );
  });

  it("rejects unstable loads", () => {
    expect(() => erlangC(2, 2)).toThrow(RangeError);
    expect(() => mmc(1, 1, 1)).toThrow(RangeError);
  });
});

describe("M/M/1 and M/M/c", () => {
  it("M/M/1 at ρ = 0.9 responds in 10 service times", () => {
    const q = mm1(0.9, 1);
    expect(q.rho).toBeCloseTo(0.9, 12);
    expect(q.w).toBeCloseTo(10, 10);
    expect(q.wq).toBeCloseTo(9, 10);
    expect(q.l).toBeCloseTo(9, 10);
    expect(q.lq).toBeCloseTo(8.1, 10);
  });

  it("M/M/1 response percentiles are those of Exp(μ − λ)", () => {
    const q = mm1(0.8, 1); // rate 0.2
    expect(q.responseQuantile(0.5)).toBeCloseTo(5 * Math.LN2, 10);
    expect(q.responseQuantile(0.99)).toBeCloseTo(5 * Math.log(100), 10);
  });

  it("M/M/c with c = 1 is M/M/1, and Little's law holds", () => {
    const a = mmc(0.7, 2, 1);
    const b = mm1(0.7, 2);
    expect(a.w).toBeCloseTo(b.w, 12);
    expect(a.lq).toBeCloseTo(b.lq, 12);
    const m = mmc(3.6, 1, 4);
    expect(m.pWait).toBeCloseTo(0.78775, 4);
    expect(m.wq).toBeCloseTo(0.78775 / 0.4, 3);
    expect(m.l).toBeCloseTo(3.6 * m.w, 12);
    expect(m.l - m.lq).toBeCloseTo(3.6, 12); // busy servers = offered load
  });
});

describe("Pollaczek–Khinchine (M/G/1)", () => {
  it("reduces to M/M/1 for exponential service", () => {
    const g = mg1(0.8, 1, secondMoment.exponential(1));
    expect(g.w).toBeCloseTo(mm1(0.8, 1).w, 12);
  });

  it("M/D/1 waits half as long as M/M/1; M/E_k/1 in between", () => {
    const d = mg1(0.8, 1, secondMoment.constant(1));
    expect(d.wq).toBeCloseTo(2, 12);
    expect(d.w).toBeCloseTo(3, 12);
    expect(mg1(0.5, 1, 1).wq).toBeCloseTo(0.5, 12);
    const e4 = mg1(0.8, 1, secondMoment.erlang(4, 1));
    expect(e4.wq).toBeCloseTo(2.5, 12);
    expect(secondMoment.erlang(1, 3)).toBeCloseTo(secondMoment.exponential(3), 12);
    expect(secondMoment.uniform(2, 2)).toBeCloseTo(4, 12);
  });
});

describe("M/M/c/K", () => {
  it("M/M/1/K blocking matches (1 − ρ)ρ^K / (1 − ρ^(K+1))", () => {
    for (const [rho, K] of [
      [0.9, 5],
      [0.5, 3],
      [1.2, 5],
      [2, 1],
    ] as const) {
      const q = mmck(rho, 1, 1, K);
      expect(q.pBlock).toBeCloseTo(((1 - rho) * rho ** K) / (1 - rho ** (K + 1)), 12);
    }
    expect(mmck(0.9, 1, 1, 5).pBlock).toBeCloseTo(0.12602, 5);
  });

  it("at ρ = 1 every state is equally likely", () => {
    const q = mmck(1, 1, 1, 4);
    for (const p of q.p) expect(p).toBeCloseTo(0.2, 12);
    expect(q.l).toBeCloseTo(2, 12);
  });

  it("M/M/c/c blocks with Erlang B, and a large K tends to M/M/c", () => {
    expect(mmck(5, 1, 10, 10).pBlock).toBeCloseTo(erlangB(10, 5), 12);
    const big = mmck(3.4, 1, 4, 2000);
    const inf = mmc(3.4, 1, 4);
    expect(big.pBlock).toBeLessThan(1e-12);
    expect(big.w).toBeCloseTo(inf.w, 9);
    expect(big.lq).toBeCloseTo(inf.lq, 9);
    expect(big.rho).toBeCloseTo(0.85, 9);
  });

  it("is a distribution that obeys Little's law and flow balance", () => {
    fc.assert(
      fc.property(
        fc.double({ min: 0.05, max: 5, noNaN: true }),
        fc.integer({ min: 1, max: 8 }),
        fc.integer({ min: 0, max: 30 }),
        (lambda, c, room) => {
          const q = mmck(lambda, 1, c, c + room);
          expect(q.p.reduce((s, x) => s + x, 0)).toBeCloseTo(1, 10);
          expect(q.l).toBeCloseTo(q.throughput * q.w, 9);
          expect(q.lq).toBeCloseTo(q.throughput * q.wq, 9);
          // Accepted work equals busy servers: λ(1 − p_K)/μ = c·ρ.
          expect(q.throughput).toBeCloseTo(c * q.rho, 9);
        },
      ),
    );
  });
});

describe("replication statistics", () => {
  it("gives the sample mean and the standard error of the mean", () => {
    const s = meanAndStandardError([1, 2, 3, 4]);
    expect(s.mean).toBe(2.5);
    expect(s.se).toBeCloseTo(Math.sqrt(5 / 3 / 4), 12);
    expect(meanAndStandardError([7, 7, 7]).se).toBe(0);
    expect(() => meanAndStandardError([1])).toThrow(RangeError);
  });
});
