/**
 * Closed-form queueing results the simulator is checked against, and the replication
 * statistics the checks use. Rates and times are in any one consistent unit (the tests use
 * per-millisecond rates, so times come out in milliseconds). Test support only.
 */

/** Steady-state figures of a FIFO queue: response (sojourn) time, wait, and time-average counts. */
export interface QueueMetrics {
  /** Server utilization: the share of server time busy (per server). */
  rho: number;
  /** Mean response time: wait plus service. */
  w: number;
  /** Mean wait in the queue before service. */
  wq: number;
  /** Mean number in the system. */
  l: number;
  /** Mean number waiting (not in service). */
  lq: number;
}

export interface MMcMetrics extends QueueMetrics {
  /** Erlang C: the probability that an arrival waits. */
  pWait: number;
}

export interface MMcKMetrics extends QueueMetrics {
  /** P(an arrival finds K in the system and is blocked); by PASTA, the stationary p_K. */
  pBlock: number;
  /** Accepted arrivals per unit time, λ(1 − p_K). */
  throughput: number;
  /** Stationary distribution p_0 … p_K of the number in the system. */
  p: number[];
}

function assertStable(lambda: number, mu: number, c: number): void {
  if (!(lambda > 0 && mu > 0 && Number.isInteger(c) && c >= 1))
    throw new RangeError("need λ > 0, μ > 0 and an integer c ≥ 1");
  if (lambda >= c * mu) throw new RangeError(`unstable: ρ = ${lambda / (c * mu)} ≥ 1`);
}

/** Erlang B: the blocking probability of M/M/c/c with offered load a = λ/μ (the stable recursion). */
export function erlangB(c: number, a: number): number {
  let b = 1;
  for (let k = 1; k <= c; k++) b = (a * b) / (k + a * b);
  return b;
}

/** Erlang C: P(wait) in M/M/c with offered load a = λ/μ < c. */
export function erlangC(c: number, a: number): number {
  if (a >= c) throw new RangeError(`unstable: a = ${a} ≥ c = ${c}`);
  const b = erlangB(c, a);
  return (c * b) / (c - a * (1 - b));
}

/** M/M/c with arrival rate λ, service rate μ per server and c servers. */
export function mmc(lambda: number, mu: number, c: number): MMcMetrics {
  assertStable(lambda, mu, c);
  const a = lambda / mu;
  const pWait = erlangC(c, a);
  const wq = pWait / (c * mu - lambda);
  const w = wq + 1 / mu;
  return { rho: a / c, pWait, wq, w, lq: lambda * wq, l: lambda * w };
}

/** M/M/1: the response time is exponential with rate μ − λ. */
export function mm1(lambda: number, mu: number): QueueMetrics & { responseQuantile(p: number): number } {
  assertStable(lambda, mu, 1);
  const rho = lambda / mu;
  const w = 1 / (mu - lambda);
  return {
    rho,
    w,
    wq: rho * w,
    l: rho / (1 - rho),
    lq: (rho * rho) / (1 - rho),
    responseQuantile: (p: number) => -Math.log(1 - p) / (mu - lambda),
  };
}

/**
 * M/G/1 by Pollaczek–Khinchine: Wq = λ E[S²] / (2(1 − ρ)), given the mean and the second
 * moment of the service time.
 */
export function mg1(lambda: number, meanService: number, secondMoment: number): QueueMetrics {
  assertStable(lambda, 1 / meanService, 1);
  if (secondMoment < meanService * meanService) throw new RangeError("E[S²] < E[S]²");
  const rho = lambda * meanService;
  const wq = (lambda * secondMoment) / (2 * (1 - rho));
  const w = wq + meanService;
  return { rho, wq, w, lq: lambda * wq, l: lambda * w };
}

/** Second moments E[S²] of service distributions with mean m. */
export const secondMoment = {
  constant: (m: number) => m * m,
  exponential: (m: number) => 2 * m * m,
  /** Sum of k exponential phases of mean m/k each: Var = m²/k. */
  erlang: (k: number, m: number) => m * m * (1 + 1 / k),
  uniform: (min: number, max: number) => (min * min + min * max + max * max) / 3,
};

/**
 * M/M/c/K: c servers, room for K in the system (K − c waiting); arrivals that find K are
 * blocked. Any load, ρ ≥ 1 included. Little's law is applied to accepted arrivals.
 */
export function mmck(lambda: number, mu: number, c: number, capacity: number): MMcKMetrics {
  if (!(lambda > 0 && mu > 0 && Number.isInteger(c) && c >= 1))
    throw new RangeError("need λ > 0, μ > 0 and an integer c ≥ 1");
  if (!Number.isInteger(capacity) || capacity < c) throw new RangeError("need an integer K ≥ c");
  // Unnormalized birth–death weights; products, not powers, so ρ = 1 needs no special case.
  const q: number[] = [1];
  for (let n = 1; n <= capacity; n++) q.push((q[n - 1]! * lambda) / (Math.min(n, c) * mu));
  const total = q.reduce((s, x) => s + x, 0);
  const p = q.map((x) => x / total);
  let l = 0;
  let lq = 0;
  for (let n = 0; n <= capacity; n++) {
    l += n * p[n]!;
    lq += Math.max(0, n - c) * p[n]!;
  }
  const pBlock = p[capacity]!;
  const throughput = lambda * (1 - pBlock);
  return { rho: (l - lq) / c, pBlock, throughput, p, l, lq, w: l / throughput, wq: lq / throughput };
}

/** Mean and standard error of independent replications' estimates (batch means). */
export function meanAndStandardError(samples: readonly number[]): { mean: number; se: number; n: number } {
  const n = samples.length;
  if (n < 2) throw new RangeError("need at least two replications");
  const mean = samples.reduce((s, x) => s + x, 0) / n;
  const variance = samples.reduce((s, x) => s + (x - mean) * (x - mean), 0) / (n - 1);
  return { mean, se: Math.sqrt(variance / n), n };
}
