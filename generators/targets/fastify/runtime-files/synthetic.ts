/** packages/runtime/src/synthetic.ts of the generated repository (see ../runtime-sources.ts). */
export const SYNTHETIC_SOURCE = `import { SyntheticError } from "./errors.js";
import { activeFaults } from "./faults.js";

/** A distribution of a duration in ms, as the design format normalizes it. */
export type Distribution =
  | { readonly type: "const"; readonly value: number }
  | { readonly type: "exp"; readonly mean: number }
  | { readonly type: "uniform"; readonly min: number; readonly max: number }
  | { readonly type: "normal"; readonly mean: number; readonly sd: number }
  | { readonly type: "lognormal"; readonly mu: number; readonly sigma: number }
  | { readonly type: "erlang"; readonly k: number; readonly mean: number }
  | { readonly type: "empirical"; readonly values: readonly number[] };

/** Redraws of a negative normal value before giving 0 (the format redraws until non-negative). */
const NORMAL_REDRAWS = 1000;

function standardNormal(random: () => number): number {
  const u = 1 - random();
  const v = random();
  return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * v);
}

/** One draw of a distribution, in ms, as the simulator draws it. */
export function sample(d: Distribution, random: () => number = Math.random): number {
  switch (d.type) {
    case "const":
      return d.value;
    case "exp":
      return -d.mean * Math.log(1 - random());
    case "uniform":
      return d.min + (d.max - d.min) * random();
    case "normal":
      for (let i = 0; i < NORMAL_REDRAWS; i++) {
        const x = d.mean + d.sd * standardNormal(random);
        if (x >= 0) return x;
      }
      return 0;
    case "lognormal":
      return Math.exp(d.mu + d.sigma * standardNormal(random));
    case "erlang": {
      let sum = 0;
      for (let i = 0; i < d.k; i++) sum += -(d.mean / d.k) * Math.log(1 - random());
      return sum;
    }
    case "empirical":
      return d.values[Math.floor(random() * d.values.length)] ?? 0;
  }
}

/** Whether SYNTHETIC_WORK=1 asks every operation to spend its design's work and fail at its errorRate. */
export function isSyntheticWork(): boolean {
  return process.env.SYNTHETIC_WORK === "1";
}

/**
 * With SYNTHETIC_WORK=1: waits a draw of \`work\` and throws a SyntheticError with probability
 * \`errorRate\`, so a load test of the generated system can be compared with the simulator's
 * prediction. Waiting (not spinning) models a slot held, not CPU burnt.
 */
export async function spendSyntheticWork(operation: string, work: Distribution, errorRate: number): Promise<void> {
  if (!isSyntheticWork()) return;
  const ms = sample(work) * (activeFaults.slowdown ?? 1);
  if (ms > 0) await new Promise((resolve) => setTimeout(resolve, ms));
  if (errorRate > 0 && Math.random() < errorRate) throw new SyntheticError(operation);
}
`;
