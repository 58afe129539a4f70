/**
 * Units of the design format: durations (normalized to milliseconds) and
 * distributions of a duration (normalized to a tagged union in milliseconds).
 */
import { clip, quote } from "./quote";

/** Milliseconds per unit; the order is the order error messages list them in. */
export const DURATION_UNITS: Readonly<Record<string, number>> = Object.freeze({
  us: 0.001,
  ms: 1,
  s: 1000,
  m: 60_000,
  h: 3_600_000,
});

const UNIT_LIST = Object.keys(DURATION_UNITS).join(", ");
const DURATION_RE = /^([+-]?(?:\d+(?:\.\d*)?|\.\d+)(?:[eE][+-]?\d+)?)(us|ms|s|m|h)$/;

/** A distribution of a duration, every value in milliseconds. */
export type Distribution =
  | { type: "const"; value: number }
  | { type: "exp"; mean: number }
  | { type: "uniform"; min: number; max: number }
  | { type: "normal"; mean: number; sd: number }
  | { type: "lognormal"; median: number; p99: number; mu: number; sigma: number }
  | { type: "erlang"; k: number; mean: number }
  | { type: "empirical"; values: number[] };

/** z-score of the 99th percentile of the standard normal distribution. */
export const Z99 = 2.3263;

export type DurationResult = { ok: true; ms: number } | { ok: false; message: string };

/**
 * Parses a duration: a number of milliseconds or a string with one unit.
 * @example parseDuration("1.5s") // { ok: true, ms: 1500 }
 */
export function parseDuration(input: unknown): DurationResult {
  let ms: number;
  if (typeof input === "number") {
    ms = input;
  } else if (typeof input === "string") {
    const text = input.trim();
    const m = DURATION_RE.exec(text);
    if (!m) {
      if (/^[+-]?\d/.test(text) || /^[+-]?\.\d/.test(text)) {
        return {
          ok: false,
          message: `invalid duration ${quote(input)}: the unit must be one of ${UNIT_LIST}, written right after the number (e.g. 250ms, 1.5s)`,
        };
      }
      return {
        ok: false,
        message: `invalid duration ${quote(input)}: expected a number of milliseconds or a number with one of the units ${UNIT_LIST} (e.g. 250ms, 1.5s)`,
      };
    }
    ms = Number(m[1]) * DURATION_UNITS[m[2]!]!;
  } else {
    return {
      ok: false,
      message: `expected a duration (a number of milliseconds or a string such as "250ms"), got ${describe(input)}`,
    };
  }
  if (Number.isNaN(ms)) return { ok: false, message: "a duration cannot be NaN" };
  if (!Number.isFinite(ms)) return { ok: false, message: "a duration must be finite" };
  // A string here matched DURATION_RE once trimmed: it holds nothing to escape.
  if (ms < 0) return { ok: false, message: `a duration cannot be negative (got ${clip(String(input).trim())})` };
  return { ok: true, ms };
}

/**
 * Formats milliseconds as the shortest duration string that parses back to exactly the same number.
 * @example formatDuration(90_000) // "90s"
 */
export function formatDuration(ms: number): string {
  if (ms === 0) return "0ms";
  for (const unit of ["h", "m", "s"] as const) {
    const v = ms / DURATION_UNITS[unit]!;
    if (Number.isInteger(v) && v * DURATION_UNITS[unit]! === ms) return `${v}${unit}`;
  }
  return `${ms}ms`;
}

/** The mean of a distribution, in ms (a normal's mean ignores redrawing of negatives). */
export function getDistributionMean(d: Distribution): number {
  switch (d.type) {
    case "const":
      return d.value;
    case "exp":
      return d.mean;
    case "uniform":
      return (d.min + d.max) / 2;
    case "normal":
      return d.mean;
    case "lognormal":
      return Math.exp(d.mu + (d.sigma * d.sigma) / 2);
    case "erlang":
      return d.mean;
    case "empirical":
      return d.values.reduce((a, b) => a + b, 0) / d.values.length;
  }
}

/** Builds a lognormal from its median and 99th percentile. */
export function lognormalFrom(median: number, p99: number): Distribution {
  return { type: "lognormal", median, p99, mu: Math.log(median), sigma: Math.log(p99 / median) / Z99 };
}

export function isZeroDistribution(d: Distribution): boolean {
  return d.type === "const" && d.value === 0;
}

export { clip, formatCount, listSome } from "./quote";

export function describe(v: unknown): string {
  if (v === undefined) return "nothing";
  if (v === null) return "null";
  if (Array.isArray(v)) return "a list";
  if (typeof v === "object") return "a mapping";
  if (typeof v === "string") return `the string ${quote(v)}`;
  return `${typeof v} ${String(v)}`;
}
