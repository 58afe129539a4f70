import fc from "fast-check";
import { describe, expect, it } from "vitest";
import {
  DURATION_UNITS,
  describe as describeValue,
  formatDuration,
  getDistributionMean,
  isZeroDistribution,
  lognormalFrom,
  parseDuration,
  Z99,
} from "./units";

const ALLOWED = "us, ms, s, m, h";

function ms(input: unknown): number {
  const r = parseDuration(input);
  if (!r.ok) throw new Error(r.message);
  return r.ms;
}

function failure(input: unknown): string {
  const r = parseDuration(input);
  if (r.ok) throw new Error(`${String(input)} parsed as ${r.ms}ms`);
  return r.message;
}

describe("parseDuration", () => {
  it("reads every unit of the format, in milliseconds", () => {
    expect(Object.keys(DURATION_UNITS)).toEqual(["us", "ms", "s", "m", "h"]);
    expect(ms("250us")).toBe(0.25);
    expect(ms("8ms")).toBe(8);
    expect(ms("1.5s")).toBe(1500);
    expect(ms("2m")).toBe(120_000);
    expect(ms("1h")).toBe(3_600_000);
  });

  it("reads a bare number as milliseconds, and decimals, exponents, a plus sign and surrounding spaces", () => {
    expect(ms(0)).toBe(0);
    expect(ms(42)).toBe(42);
    expect(ms(0.5)).toBe(0.5);
    expect(ms(".5s")).toBe(500);
    expect(ms("1e3ms")).toBe(1000);
    expect(ms("+3s")).toBe(3000);
    expect(ms(" 10ms ")).toBe(10);
    expect(ms("0s")).toBe(0);
  });

  it.each(["5 parsecs", "2 min", "250µs", "1.5 s", "10", "3sec", "1d", "5MS"])(
    "refuses %j and lists the allowed units",
    (input) => {
      const message = failure(input);
      expect(message).toContain(`invalid duration "${input}"`);
      expect(message).toContain(ALLOWED);
    },
  );

  it("refuses µs on its own and words, listing the allowed units", () => {
    expect(failure("µs")).toContain(ALLOWED);
    expect(failure("fast")).toBe(
      `invalid duration "fast": expected a number of milliseconds or a number with one of the units ${ALLOWED} (e.g. 250ms, 1.5s)`,
    );
    expect(failure("")).toContain(ALLOWED);
  });

  it("refuses NaN, ±Infinity and negative values with their own messages", () => {
    expect(failure(NaN)).toBe("a duration cannot be NaN");
    expect(failure(Infinity)).toBe("a duration must be finite");
    expect(failure(-Infinity)).toBe("a duration must be finite");
    expect(failure(-1)).toBe("a duration cannot be negative (got -1)");
    expect(failure("-5ms")).toBe("a duration cannot be negative (got -5ms)");
    expect(failure("1e400ms")).toBe("a duration must be finite");
  });

  it("refuses other types and says what it got", () => {
    expect(failure(true)).toBe(
      'expected a duration (a number of milliseconds or a string such as "250ms"), got boolean true',
    );
    expect(failure(null)).toMatch(/got null$/);
    expect(failure([1])).toMatch(/got a list$/);
    expect(failure({ s: 1 })).toMatch(/got a mapping$/);
    expect(failure(undefined)).toMatch(/got nothing$/);
  });

  it("shortens a long input in messages", () => {
    const long = `${"9".repeat(100)}parsecs`;
    expect(failure(long)).toContain(`"${long.slice(0, 37)}..."`);
  });
});

describe("formatDuration", () => {
  it("writes the largest unit that is exact", () => {
    expect(formatDuration(0)).toBe("0ms");
    expect(formatDuration(0.25)).toBe("0.25ms");
    expect(formatDuration(8)).toBe("8ms");
    expect(formatDuration(1500)).toBe("1500ms");
    expect(formatDuration(2000)).toBe("2s");
    expect(formatDuration(90_000)).toBe("90s");
    expect(formatDuration(120_000)).toBe("2m");
    expect(formatDuration(7_200_000)).toBe("2h");
  });

  it("round-trips through parseDuration for every finite non-negative number", () => {
    for (const v of [
      0,
      0.001,
      0.25,
      1,
      999,
      1000,
      1500,
      59_999,
      60_000,
      3_600_000,
      1e-9,
      1e15,
      123.456,
      Number.MIN_VALUE,
      Number.MAX_VALUE,
    ]) {
      expect(ms(formatDuration(v)), String(v)).toBe(v);
    }
    fc.assert(
      fc.property(
        fc.double({ min: 0, max: 1e12, noNaN: true, noDefaultInfinity: true }),
        (v) => ms(formatDuration(v)) === v,
      ),
      { numRuns: 2000, seed: 20261127 },
    );
    fc.assert(
      fc.property(
        fc.integer({ min: 0, max: 1e9 }),
        fc.constantFrom(...Object.keys(DURATION_UNITS)),
        (n, unit) => ms(formatDuration(ms(`${n}${unit}`))) === ms(`${n}${unit}`),
      ),
      { numRuns: 1000, seed: 7 },
    );
  });
});

describe("distributions", () => {
  it("builds a lognormal from its median and p99: σ = ln(p99/median)/2.3263", () => {
    const d = lognormalFrom(4, 20);
    expect(d).toMatchObject({ type: "lognormal", median: 4, p99: 20, mu: Math.log(4) });
    if (d.type !== "lognormal") throw new Error("not a lognormal");
    expect(d.sigma).toBeCloseTo(Math.log(5) / Z99, 12);
    expect(Math.exp(d.mu + Z99 * d.sigma)).toBeCloseTo(20, 9);
  });

  it("gives the mean of every distribution", () => {
    expect(getDistributionMean({ type: "const", value: 3 })).toBe(3);
    expect(getDistributionMean({ type: "exp", mean: 5 })).toBe(5);
    expect(getDistributionMean({ type: "uniform", min: 2, max: 6 })).toBe(4);
    expect(getDistributionMean({ type: "normal", mean: 7, sd: 1 })).toBe(7);
    expect(getDistributionMean({ type: "erlang", k: 3, mean: 9 })).toBe(9);
    expect(getDistributionMean({ type: "empirical", values: [1, 2, 6] })).toBe(3);
    const ln = lognormalFrom(10, 10);
    expect(getDistributionMean(ln)).toBeCloseTo(10, 12);
  });

  it("knows the zero distribution", () => {
    expect(isZeroDistribution({ type: "const", value: 0 })).toBe(true);
    expect(isZeroDistribution({ type: "const", value: 1 })).toBe(false);
    expect(isZeroDistribution({ type: "exp", mean: 0 })).toBe(false);
  });
});

describe("describe (values in messages)", () => {
  it("never says undefined", () => {
    expect(describeValue(undefined)).toBe("nothing");
    expect(describeValue(null)).toBe("null");
    expect(describeValue("x")).toBe('the string "x"');
    expect(describeValue(5)).toBe("number 5");
    expect(describeValue([])).toBe("a list");
    expect(describeValue({})).toBe("a mapping");
  });
});
