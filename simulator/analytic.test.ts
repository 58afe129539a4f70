/**
 * The simulator against closed-form queueing theory. Each check runs R independent
 * replications (different seeds), takes the mean across them and its standard error (batch
 * means), and asserts |sim − analytic| ≤ max(4·SE, the issue's tolerance). Every run is also
 * checked for conservation of requests and topic copies.
 * Set ANALYTIC_REPORT=1 to print the figures.
 */
import { afterAll, describe, expect, it } from "vitest";
import { parseDesign, type Design } from "../model";
import { simulate } from "./index";
import { FAILURE_CAUSES, type SimulationResult } from "./result";
import { meanAndStandardError, mg1, mm1, mmc, mmck, secondMoment } from "./testing/queueing";

const SEEDS = [1, 2, 3, 4, 5, 6, 7, 8];
const WARMUP_S = 2;

function designOf(yaml: string): Design {
  const parsed = parseDesign(yaml);
  if (!parsed.design)
    throw new Error(`test design does not parse: ${parsed.errors.map((e) => `${e.path}: ${e.message}`).join("; ")}`);
  return parsed.design;
}

/** Requests and topic copies are never lost unnoticed (the format's counting rules). */
function expectConserved(r: SimulationResult): void {
  const tag = `seed ${r.seed}`;
  expect(r.partial, `${tag}: partial (${r.stopReason})`).toBe(false);
  const q = r.requests;
  expect(
    q.succeeded + q.failed + q.rejected + q.inFlight,
    `${tag}: total = succeeded + failed + rejected + inFlight`,
  ).toBe(q.total);
  const causes = FAILURE_CAUSES.reduce((s, c) => s + q.causes[c], 0);
  expect(causes, `${tag}: causes sum to failed + rejected`).toBe(q.failed + q.rejected);
  expect(q.timedOut, `${tag}: timedOut = causes.timeout`).toBe(q.causes.timeout);
  for (const [route, x] of Object.entries(r.routes)) {
    expect(x.succeeded + x.failed + x.rejected, `${tag}: route ${route} count`).toBe(x.count);
  }
  for (const [topic, t] of Object.entries(r.topics)) {
    expect(
      t.delivered + t.deadLettered + t.lost + t.depth,
      `${tag}: topic ${topic} published = delivered + deadLettered + lost + depth`,
    ).toBe(t.published);
  }
}

function run(design: Design, seed: number, scenario = "run"): SimulationResult {
  const result = simulate(design, { scenario, seed });
  expectConserved(result);
  return result;
}

function replicate(yaml: string): SimulationResult[] {
  const design = designOf(yaml);
  return SEEDS.map((seed) => run(design, seed));
}

const report: string[] = [];
afterAll(() => {
  if (process.env.ANALYTIC_REPORT) console.log(["check | sim mean | SE | analytic | allowed", ...report].join("\n"));
});

/**
 * The replications' mean is within max(4·SE, tolerance) of the analytic value; the tolerance is
 * relative (`rel`, a share of the analytic value) or absolute (`abs`).
 */
function expectNear(
  label: string,
  samples: number[],
  analytic: number,
  tolerance: { rel: number } | { abs: number },
): void {
  const { mean, se } = meanAndStandardError(samples);
  const floor = "rel" in tolerance ? tolerance.rel * Math.abs(analytic) : tolerance.abs;
  const allowed = Math.max(4 * se, floor);
  const figures = `${label} | ${mean.toPrecision(6)} | ${se.toPrecision(3)} | ${analytic.toPrecision(6)} | ${allowed.toPrecision(3)}`;
  report.push(figures);
  expect(Number.isFinite(mean), figures).toBe(true);
  expect(Math.abs(mean - analytic), figures).toBeLessThanOrEqual(allowed);
}

interface QueueSpec {
  /** A distribution in the format's syntax, e.g. `{ exp: 1ms }`. */
  work: string;
  concurrency: number;
  queue?: number;
  /** Arrivals per second. */
  rate: number;
  /** Counted arrivals per replication (sets the duration). */
  requests: number;
}

/** One service replica fed by Poisson arrivals at a direct entry: an M/G/c(/K) queue. */
function singleQueueYaml(q: QueueSpec): string {
  const duration = WARMUP_S + q.requests / q.rate;
  return `
archsim: 1
name: single queue
components:
  svc:
    kind: service
    concurrency: ${q.concurrency}
${q.queue === undefined ? "" : `    queue: ${q.queue}\n`}    operations:
      op:
        work: ${q.work}
workloads:
  load:
    entry: svc.op
    arrivals: poisson
    rate: ${q.rate}
scenarios:
  run:
    workload: load
    duration: ${duration.toFixed(3)}s
    warmup: ${WARMUP_S}s
`;
}

/** Little's law for one component: waiting + in service = throughput · mean sojourn. */
function littleGap(r: SimulationResult, id: string, slots: number): number {
  const c = r.components[id]!;
  const inSystem = c.meanQueueLength + c.utilization * slots;
  const littleL = (c.throughput * c.latency.mean) / 1000;
  return (inSystem - littleL) / littleL;
}

/** Checks shared by every unblocked single-queue run: counts, utilization, Little's law. */
function expectSingleQueueBasics(
  label: string,
  results: SimulationResult[],
  q: QueueSpec,
  rho: number,
  throughputPerS: number,
): void {
  for (const r of results) {
    const route = r.routes["svc.op"];
    expect(route, `seed ${r.seed}: route svc.op`).toBeDefined();
    expect(route!.count, `seed ${r.seed}: route count = total − inFlight`).toBe(r.requests.total - r.requests.inFlight);
    expect(r.requests.failed, `seed ${r.seed}: nothing can fail`).toBe(0);
  }
  expectNear(
    `${label} utilization`,
    results.map((r) => r.components.svc!.utilization),
    rho,
    { rel: 0.01 },
  );
  expectNear(
    `${label} throughput (/s)`,
    results.map((r) => r.components.svc!.throughput),
    throughputPerS,
    { rel: 0.01 },
  );
  expectNear(
    `${label} Little's law gap (relative)`,
    results.map((r) => littleGap(r, "svc", q.concurrency)),
    0,
    { abs: 0.01 },
  );
}

describe("single queues against closed forms", () => {
  it("M/M/1 at ρ = 0.8: mean response, percentiles, queue length, utilization", () => {
    const q: QueueSpec = { work: "{ exp: 1ms }", concurrency: 1, rate: 800, requests: 250_000 };
    const results = replicate(singleQueueYaml(q));
    const theory = mm1(q.rate / 1000, 1); // per ms
    const label = "M/M/1 ρ=0.8";
    expectNear(
      `${label} mean response (ms)`,
      results.map((r) => r.latency.mean),
      theory.w,
      { rel: 0.02 },
    );
    expectNear(
      `${label} component latency (ms)`,
      results.map((r) => r.components.svc!.latency.mean),
      theory.w,
      { rel: 0.02 },
    );
    expectNear(
      `${label} p50 (ms)`,
      results.map((r) => r.latency.p50),
      theory.responseQuantile(0.5),
      { rel: 0.03 },
    );
    expectNear(
      `${label} p90 (ms)`,
      results.map((r) => r.latency.p90),
      theory.responseQuantile(0.9),
      { rel: 0.05 },
    );
    expectNear(
      `${label} p95 (ms)`,
      results.map((r) => r.latency.p95),
      theory.responseQuantile(0.95),
      { rel: 0.05 },
    );
    expectNear(
      `${label} p99 (ms)`,
      results.map((r) => r.latency.p99),
      theory.responseQuantile(0.99),
      { rel: 0.05 },
    );
    expectNear(
      `${label} mean queue length`,
      results.map((r) => r.components.svc!.meanQueueLength),
      theory.lq,
      { rel: 0.08 },
    );
    expectSingleQueueBasics(label, results, q, theory.rho, q.rate);
  });

  it("M/M/4 at ρ = 0.85 (Erlang C): mean response, queue length, utilization", () => {
    const q: QueueSpec = { work: "{ exp: 2ms }", concurrency: 4, rate: 1700, requests: 250_000 };
    const results = replicate(singleQueueYaml(q));
    const theory = mmc(q.rate / 1000, 1 / 2, 4);
    const label = "M/M/4 ρ=0.85";
    expectNear(
      `${label} mean response (ms)`,
      results.map((r) => r.latency.mean),
      theory.w,
      { rel: 0.02 },
    );
    expectNear(
      `${label} component latency (ms)`,
      results.map((r) => r.components.svc!.latency.mean),
      theory.w,
      { rel: 0.02 },
    );
    expectNear(
      `${label} mean queue length`,
      results.map((r) => r.components.svc!.meanQueueLength),
      theory.lq,
      { rel: 0.08 },
    );
    expectSingleQueueBasics(label, results, q, theory.rho, q.rate);
  });

  it.each([
    { name: "M/D/1", work: "1ms", m2: secondMoment.constant(1) },
    { name: "M/E_4/1", work: "{ erlang: { k: 4, mean: 1ms } }", m2: secondMoment.erlang(4, 1) },
  ])("$name at ρ = 0.8 (Pollaczek–Khinchine)", ({ name, work, m2 }) => {
    const q: QueueSpec = { work, concurrency: 1, rate: 800, requests: 250_000 };
    const results = replicate(singleQueueYaml(q));
    const theory = mg1(q.rate / 1000, 1, m2);
    const label = `${name} ρ=0.8`;
    expectNear(
      `${label} mean response (ms)`,
      results.map((r) => r.latency.mean),
      theory.w,
      { rel: 0.02 },
    );
    expectNear(
      `${label} component latency (ms)`,
      results.map((r) => r.components.svc!.latency.mean),
      theory.w,
      { rel: 0.02 },
    );
    expectNear(
      `${label} mean queue length`,
      results.map((r) => r.components.svc!.meanQueueLength),
      theory.lq,
      { rel: 0.08 },
    );
    expectSingleQueueBasics(label, results, q, theory.rho, q.rate);
  });

  it.each([
    { name: "M/M/1/5 at ρ = 0.9", c: 1, queue: 4, rate: 900 },
    { name: "M/M/2/5 at ρ = 1.1", c: 2, queue: 3, rate: 2200 },
  ])("$name: rejection probability and accepted response time", ({ name, c, queue, rate }) => {
    const q: QueueSpec = { work: "{ exp: 1ms }", concurrency: c, queue, rate, requests: 100_000 };
    const results = replicate(singleQueueYaml(q));
    const theory = mmck(rate / 1000, 1, c, c + queue);
    for (const r of results) {
      expect(r.requests.failed, `seed ${r.seed}: a full entry queue rejects, it does not fail`).toBe(0);
      expect(r.requests.causes.rejected, `seed ${r.seed}: rejections have cause "rejected"`).toBe(r.requests.rejected);
    }
    expectNear(
      `${name} P(reject)`,
      results.map((r) => r.requests.rejected / r.requests.total),
      theory.pBlock,
      { abs: 0.01 },
    );
    expectNear(
      `${name} accepted mean response (ms)`,
      results.map((r) => r.latency.mean),
      theory.w,
      { rel: 0.02 },
    );
    expectNear(
      `${name} mean queue length`,
      results.map((r) => r.components.svc!.meanQueueLength),
      theory.lq,
      { rel: 0.08 },
    );
    expectNear(
      `${name} utilization`,
      results.map((r) => r.components.svc!.utilization),
      theory.rho,
      { rel: 0.01 },
    );
    expectNear(
      `${name} throughput (/s)`,
      results.map((r) => r.components.svc!.throughput),
      theory.throughput * 1000,
      { rel: 0.01 },
    );
    expectNear(
      `${name} Little's law gap (relative)`,
      results.map((r) => littleGap(r, "svc", c)),
      0,
      { abs: 0.01 },
    );
  });
});

const CHAIN = `
archsim: 1
name: chain
network:
  latency: 1ms
components:
  a:
    kind: service
    concurrency: 64
    operations:
      op:
        work: 2ms
        steps:
          - call: b.op
  b:
    kind: service
    concurrency: 64
    operations:
      op:
        work: 3ms
workloads:
  load:
    entry: a.op
    rate: 20
scenarios:
  run:
    workload: load
    duration: 62s
    warmup: 2s
`;

describe("a call chain without queueing", () => {
  it("pays A's work, B's work and one network hop each way, and nothing at the entry", () => {
    const design = designOf(CHAIN);
    for (const seed of [1, 2]) {
      const r = run(design, seed);
      const tag = `seed ${seed}`;
      expect(r.requests.total, `${tag}: ~1200 arrivals`).toBeGreaterThan(1000);
      expect(r.requests.succeeded, tag).toBe(r.requests.total - r.requests.inFlight);
      expect(
        Math.abs(r.latency.mean - 7),
        `${tag}: mean response ${r.latency.mean} ms, want 2 + 3 + 2·1 = 7`,
      ).toBeLessThan(1e-6);
      // Percentiles may come from a histogram reporting within 0.5% of the true value.
      for (const p of ["p50", "p99", "max"] as const) {
        expect(Math.abs(r.latency[p] - 7), `${tag}: ${p} ${r.latency[p]} ms, want 7`).toBeLessThanOrEqual(
          7 * 0.005 + 1e-9,
        );
      }
      const a = r.components.a!;
      const b = r.components.b!;
      expect(Math.abs(b.latency.mean - 3), `${tag}: b's latency ${b.latency.mean} ms, want 3`).toBeLessThan(1e-6);
      expect(
        Math.abs(a.latency.mean - 7),
        `${tag}: a's latency ${a.latency.mean} ms, want 7 (it holds its slot through the call)`,
      ).toBeLessThan(1e-6);
      expect(a.meanQueueLength, tag).toBe(0);
      expect(b.meanQueueLength, tag).toBe(0);
      expect(Math.abs(a.throughput - b.throughput) / a.throughput, `${tag}: one b.op per a.op`).toBeLessThan(0.01);
      expect(Math.abs(littleGap(r, "a", 64)), `${tag}: Little's law at a`).toBeLessThan(0.01);
      expect(Math.abs(littleGap(r, "b", 64)), `${tag}: Little's law at b`).toBeLessThan(0.01);
    }
  });
});

const RICH = `
archsim: 1
name: determinism
network: { latency: 1ms }
components:
  web: { kind: client }
  gw:
    kind: gateway
    concurrency: 64
    overhead: 1ms
    routes:
      POST /orders: order.create
      GET /orders/{id}: order.get
  order:
    kind: service
    replicas: 2
    concurrency: 8
    queue: 20
    resilience: { timeout: 50ms, retries: { max: 2, backoff: 5ms, jitter: true } }
    operations:
      create:
        http: POST /orders
        work: { lognormal: { median: 2ms, p99: 10ms } }
        errorRate: 0.01
        steps:
          - call: stock.reserve
          - query: db
          - publish: order.created
      get:
        http: GET /orders/{id}
        work: { exp: 1ms }
        steps: [ { query: db } ]
  stock:
    kind: service
    concurrency: 4
    operations:
      reserve: { work: { erlang: { k: 2, mean: 3ms } }, errorRate: 0.02 }
  db: { kind: database, pool: 10, queryTime: { exp: 2ms } }
  mq: { kind: broker }
  mail:
    kind: service
    concurrency: 2
    operations:
      send: { work: { uniform: [1ms, 5ms] }, errorRate: 0.05 }
    subscribes: { order.created: send }
workloads:
  mixed:
    source: web
    entry: gw
    rate: 300
    mix: { POST /orders: 0.4, "GET /orders/{id}": 0.6 }
scenarios:
  run:
    workload: mixed
    duration: 20s
    warmup: 2s
    faults: [ { at: 8s, for: 3s, kind: crash, target: stock } ]
`;

/** The result as JSON without the two wall-clock fields (and optionally without the seed). */
function comparable(r: SimulationResult, dropSeed = false): string {
  const { wallSeconds: _wall, eventsPerSecond: _eps, seed, ...rest } = r;
  return JSON.stringify(dropSeed ? rest : { seed, ...rest });
}

describe("determinism", () => {
  it.each([
    { name: "M/M/4", yaml: singleQueueYaml({ work: "{ exp: 2ms }", concurrency: 4, rate: 1700, requests: 20_000 }) },
    { name: "gateway, calls, retries, database, broker and a crash", yaml: RICH },
  ])("$name: the same seed gives a byte-identical result; another seed does not", ({ yaml }) => {
    const design = designOf(yaml);
    const first = run(design, 42);
    const again = run(designOf(yaml), 42);
    const other = run(design, 43);
    expect(first.requests.total).toBeGreaterThan(1000);
    expect(comparable(again)).toBe(comparable(first));
    expect(comparable(other, true)).not.toBe(comparable(first, true));
  });

  it("the rich design exercises failures, retries and the broker", () => {
    const r = run(designOf(RICH), 7);
    expect(r.requests.failed, "errors and the crash fail some requests").toBeGreaterThan(0);
    expect(r.requests.succeeded).toBeGreaterThan(r.requests.failed);
    const t = r.topics["order.created"];
    expect(t, "topic order.created is reported").toBeDefined();
    expect(t!.published).toBeGreaterThan(0);
    expect(t!.delivered).toBeGreaterThan(0);
  });
});
