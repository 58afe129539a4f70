/**
 * A seeded generator of valid, stable designs of any size, for benchmarks and
 * property tests. Pure: the same options give the same text, byte for byte.
 *
 * Shape: a client and a gateway whose routes reach the services of layer 0;
 * services in layers that call only services of later layers (so sync calls
 * never cycle), databases with pools, caches with miss steps, one broker whose
 * topics are published by a layer and consumed by later ones (some through an
 * outbox), parallel/branch/optional/probability steps, resilience and
 * autoscale on some services, and a scenario `load` of 60 s with two faults.
 *
 * Capacity is planned from mean-value estimates (no queueing) so that every
 * service, database and the gateway runs at about PLANNED_UTILIZATION or less,
 * the latency fault included: the run is busy but stable.
 */

export interface RandomDesignOptions {
  /** Number of services, an integer ≥ 1. */
  services: number;
  /** Any integer; the same seed gives the same design. */
  seed: number;
  /** Requests per second at the gateway. Default 10 × services. */
  rate?: number;
}

/** Offered load per slot the capacity plan aims at (mean values, no queueing). */
const PLANNED_UTILIZATION = 0.5;
const NETWORK_MS = 0.2;
const GATEWAY_OVERHEAD_MS = 0.2;
const OBSERVABILITY_MS = 0.05;
const PUBLISH_LATENCY_MS = 0.5;
const CACHE_LATENCY_MS = 0.3;
const CACHE_HIT_RATIO = 0.8;
const LATENCY_FAULT_MS = 5;
const OP_NAMES = ["get", "list", "create", "update", "search", "check", "reserve", "quote", "score", "sync"];

/**
 * Returns the YAML text of a valid random design with `services` services.
 * @example
 * const text = generateRandomDesign({ services: 200, seed: 7 });
 * const { design } = parseDesign(text); // no errors; scenario "load"
 */
export function generateRandomDesign(options: RandomDesignOptions): string {
  const n = options.services;
  if (!Number.isInteger(n) || n < 1) throw new RangeError(`services must be an integer ≥ 1 (got ${n})`);
  const rate = options.rate ?? 10 * n;
  if (!(rate > 0) || !Number.isFinite(rate)) throw new RangeError(`rate must be a positive number (got ${rate})`);
  return toYaml(planDesign(buildStructure(n, new Prng(options.seed)), rate));
}

/** What the capacity plan of a random design expects, from mean values without queueing. */
export interface RandomDesignStats {
  layers: number;
  routes: number;
  topics: number;
  databases: number;
  /** Service operations started per simulated second (calls, routes and message handlers). */
  operationsPerSecond: number;
  /** The highest planned slot utilization of any service, database or the gateway. */
  maxPlannedUtilization: number;
}

/** The capacity plan behind `generateRandomDesign` with the same options. */
export function getRandomDesignStats(options: RandomDesignOptions): RandomDesignStats {
  const rate = options.rate ?? 10 * options.services;
  const p = planDesign(buildStructure(options.services, new Prng(options.seed)), rate);
  let opsPerSecond = 0;
  let maxUtil = 0;
  for (const svc of p.services) {
    let erlangs = 0;
    for (const op of svc.ops) {
      opsPerSecond += op.rate;
      erlangs += (op.rate * op.hold) / 1000;
    }
    maxUtil = Math.max(maxUtil, erlangs / (svc.replicas * svc.concurrency));
  }
  for (const db of p.dbs) maxUtil = Math.max(maxUtil, db.load / db.pool);
  return {
    layers: p.layers.length,
    routes: p.routes.length,
    topics: p.topics.length,
    databases: p.dbs.length,
    operationsPerSecond: opsPerSecond,
    maxPlannedUtilization: maxUtil,
  };
}

// ---------------------------------------------------------------- PRNG

/** mulberry32: tiny, 32-bit integer arithmetic only, identical on every engine. */
class Prng {
  private s: number;
  constructor(seed: number) {
    this.s = (Math.trunc(seed) ^ 0x5bd1e995) >>> 0;
  }
  next(): number {
    this.s = (this.s + 0x6d2b79f5) | 0;
    let t = this.s;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  }
  /** Integer in [lo, hi]. */
  int(lo: number, hi: number): number {
    return lo + Math.floor(this.next() * (hi - lo + 1));
  }
  pick<T>(items: readonly T[]): T {
    return items[Math.floor(this.next() * items.length)]!;
  }
  chance(p: number): boolean {
    return this.next() < p;
  }
}

// ---------------------------------------------------------------- structure

interface Dist {
  /** The YAML value (a string, or a mapping emitted in flow style). */
  yaml: Yaml;
  mean: number;
}

interface StepCommon {
  optional?: boolean;
  probability?: number;
}
type GenStep =
  | ({ k: "call"; svc: number; op: number; timeout?: number } & StepCommon)
  | ({ k: "query"; db: number } & StepCommon)
  | ({ k: "cache"; cache: number; miss: GenStep[] } & StepCommon)
  | ({ k: "publish"; topic: number; outbox: boolean } & StepCommon)
  | ({ k: "parallel"; steps: GenStep[] } & StepCommon)
  | ({ k: "branch"; branches: { weight: number; steps: GenStep[] }[] } & StepCommon);

interface GenOp {
  name: string;
  http?: string;
  work: Dist;
  errorRate: number;
  steps: GenStep[];
  /** Filled by the plan: invocations per second, and mean slot-holding time (ms). */
  rate: number;
  hold: number;
}

interface GenService {
  id: string;
  layer: number;
  ops: GenOp[];
  /** Number of leading ops that are not message handlers (callable, routable). */
  callable: number;
  subscribes: [topic: number, op: number][];
  concurrency: number;
  replicas: number;
  queue?: number;
  balancer?: string;
  resilience: boolean;
  retries: number;
  autoscale: boolean;
  extraLatency: number;
}

interface GenTopic {
  name: string;
  subscribers: [svc: number, op: number][];
  rate: number;
}

interface GenDb {
  id: string;
  queryTime: Dist;
  load: number;
  pool: number;
}

interface Structure {
  services: GenService[];
  layers: number[][];
  dbs: GenDb[];
  caches: string[];
  topics: GenTopic[];
  routes: { route: string; svc: number; op: number; weight: number }[];
  faults: { latency: number; errors: number };
}

function buildStructure(n: number, rng: Prng): Structure {
  const layerCount = n <= 2 ? n : Math.min(6, Math.max(3, Math.ceil(Math.log2(n))));
  const sizes: number[] = [];
  const first = layerCount === 1 ? n : Math.max(1, Math.round(n / layerCount / 2));
  sizes.push(first);
  for (let l = 1; l < layerCount; l++) {
    const left = n - sizes.reduce((a, b) => a + b, 0);
    sizes.push(Math.ceil(left / (layerCount - l)));
  }
  const layers: number[][] = [];
  const services: GenService[] = [];
  for (let l = 0; l < layerCount; l++) {
    const members: number[] = [];
    for (let i = 0; i < sizes[l]!; i++) {
      members.push(services.length);
      services.push({
        id: `svc-${services.length + 1}`,
        layer: l,
        ops: [],
        callable: 0,
        subscribes: [],
        concurrency: 0,
        replicas: 0,
        resilience: false,
        retries: 0,
        autoscale: false,
        extraLatency: 0,
      });
    }
    layers.push(members);
  }

  const dbs: GenDb[] = [];
  const dbCount = Math.max(1, Math.ceil(n / 10));
  for (let i = 0; i < dbCount; i++) {
    const median = rng.pick([0.5, 1, 1.5, 2]);
    const p99 = median * rng.pick([4, 6, 8]);
    const sigma = Math.log(p99 / median) / 2.3263;
    dbs.push({
      id: `db-${i + 1}`,
      queryTime: {
        yaml: flow({ lognormal: flow({ median: ms(median), p99: ms(p99) }) }),
        mean: median * Math.exp((sigma * sigma) / 2),
      },
      load: 0,
      pool: 0,
    });
  }
  const caches: string[] = [];
  for (let i = 0; i < Math.max(1, Math.ceil(n / 50)); i++) caches.push(`cache-${i + 1}`);

  const topics: GenTopic[] = [];
  const maxTopics = Math.max(1, Math.ceil(n / 4));
  /** Handlers to add to a service when its turn comes: [topic]. */
  const pendingHandlers: number[][] = services.map(() => []);

  const laterServices = (layer: number): number[] => layers.slice(layer + 1).flat();
  const called = new Set<number>();
  /** A callee in a later layer, mostly the next one, preferring services nobody calls yet. */
  const pickCallee = (layer: number): number => {
    const candidates = layer + 1 < layerCount && rng.chance(0.7) ? layers[layer + 1]! : laterServices(layer);
    const fresh = candidates.filter((c) => !called.has(c));
    const svc = fresh.length > 0 && rng.chance(0.7) ? rng.pick(fresh) : rng.pick(candidates);
    called.add(svc);
    return svc;
  };
  const call = (layer: number): GenStep => {
    const svc = pickCallee(layer);
    // The operation is fixed once the callee's operations exist (see below).
    const step: GenStep = { k: "call", svc, op: -1 };
    if (rng.chance(0.08)) step.optional = true;
    if (rng.chance(0.08)) step.probability = rng.pick([0.25, 0.5, 0.75]);
    if (rng.chance(0.05)) step.timeout = rng.pick([1000, 2000]);
    return step;
  };
  const query = (): GenStep => ({ k: "query", db: rng.int(0, dbs.length - 1) });
  const publish = (svc: GenService): GenStep | undefined => {
    const later = laterServices(svc.layer);
    if (later.length === 0 || topics.length >= maxTopics) return undefined;
    const t = topics.length;
    topics.push({ name: `${svc.id}.e${t + 1}`, subscribers: [], rate: 0 });
    const count = Math.min(later.length, rng.int(1, 2));
    const chosen = new Set<number>();
    while (chosen.size < count) chosen.add(rng.pick(later));
    for (const s of [...chosen].sort((a, b) => a - b)) pendingHandlers[s]!.push(t);
    return { k: "publish", topic: t, outbox: rng.chance(0.4) };
  };

  const stepsFor = (svc: GenService, handler: boolean): GenStep[] => {
    const steps: GenStep[] = [];
    const last = svc.layer === layerCount - 1;
    if (rng.chance(0.2)) {
      steps.push({ k: "cache", cache: rng.int(0, caches.length - 1), miss: [query()] });
    } else if (rng.chance(handler ? 0.5 : 0.55)) {
      steps.push(query());
    }
    if (!last) {
      const r = rng.next();
      const calls = handler ? (r < 0.6 ? 0 : 1) : svc.layer === 0 ? (r < 0.5 ? 1 : 2) : r < 0.35 ? 0 : r < 0.8 ? 1 : 2;
      if (calls === 2 && rng.chance(0.5)) {
        steps.push({ k: "parallel", steps: [call(svc.layer), call(svc.layer)] });
      } else if (calls >= 1 && rng.chance(0.15)) {
        const heavy = rng.pick([0.6, 0.7, 0.8, 0.9]);
        steps.push({
          k: "branch",
          branches: [
            { weight: heavy, steps: [call(svc.layer)] },
            { weight: round(1 - heavy, 4), steps: rng.chance(0.5) ? [query()] : [call(svc.layer)] },
          ],
        });
        if (calls === 2) steps.push(call(svc.layer));
      } else {
        for (let i = 0; i < calls; i++) steps.push(call(svc.layer));
      }
      if (!handler && rng.chance(0.2)) {
        const p = publish(svc);
        if (p) steps.push(p);
      }
    }
    return steps;
  };

  const workDist = (): Dist => {
    const mean = rng.pick([0.5, 1, 1.5, 2, 3]);
    switch (rng.int(0, 4)) {
      case 0:
        return { yaml: flow({ exp: ms(mean) }), mean };
      case 1: {
        const median = mean * 0.8;
        const p99 = median * 5;
        const sigma = Math.log(5) / 2.3263;
        return {
          yaml: flow({ lognormal: flow({ median: ms(median), p99: ms(p99) }) }),
          mean: median * Math.exp((sigma * sigma) / 2),
        };
      }
      case 2:
        return { yaml: ms(mean), mean };
      case 3:
        return { yaml: flow({ uniform: [ms(mean / 2), ms((mean * 3) / 2)] }), mean };
      default:
        return { yaml: flow({ erlang: flow({ k: 2, mean: ms(mean) }) }), mean };
    }
  };

  for (const svc of services) {
    const count = rng.int(1, 3);
    const names = [...OP_NAMES];
    for (let i = 0; i < count; i++) {
      const name = names.splice(rng.int(0, names.length - 1), 1)[0]!;
      const method = name === "create" || name === "reserve" ? "POST" : name === "update" ? "PUT" : "GET";
      svc.ops.push({
        name,
        http: `${method} /${svc.id}/${name}`,
        work: workDist(),
        errorRate: rng.chance(0.2) ? 0.001 : 0,
        steps: stepsFor(svc, false),
        rate: 0,
        hold: 0,
      });
    }
    svc.callable = svc.ops.length;
    for (const t of pendingHandlers[services.indexOf(svc)]!) {
      const opIndex = svc.ops.length;
      svc.ops.push({
        name: `onE${t + 1}`,
        work: workDist(),
        errorRate: 0,
        steps: stepsFor(svc, true),
        rate: 0,
        hold: 0,
      });
      svc.subscribes.push([t, opIndex]);
      topics[t]!.subscribers.push([services.indexOf(svc), opIndex]);
    }
    if (svc.layer < layerCount - 1 && rng.chance(0.3)) {
      svc.resilience = true;
      svc.retries = rng.int(1, 2);
    }
    svc.autoscale = rng.chance(0.2);
    if (rng.chance(0.2)) svc.queue = 1000;
    if (rng.chance(0.3)) svc.balancer = rng.pick(["least-outstanding", "random", "round-robin"]);
  }
  // Fix each call's operation now that every service has its operations.
  const fixCalls = (steps: GenStep[]): void => {
    for (const s of steps) {
      if (s.k === "call") s.op = rng.int(0, services[s.svc]!.callable - 1);
      else if (s.k === "cache") fixCalls(s.miss);
      else if (s.k === "parallel") fixCalls(s.steps);
      else if (s.k === "branch") for (const b of s.branches) fixCalls(b.steps);
    }
  };
  for (const svc of services) for (const op of svc.ops) fixCalls(op.steps);

  const routes: Structure["routes"] = [];
  for (const s of layers[0]!) {
    const svc = services[s]!;
    for (let o = 0; o < svc.callable; o++) routes.push({ route: svc.ops[o]!.http!, svc: s, op: o, weight: 0 });
  }
  // Integer weights in 1/10000ths that sum to exactly 10000, so the mix sums to 1 exactly enough.
  const raw = routes.map(() => rng.int(1, 10));
  const total = raw.reduce((a, b) => a + b, 0);
  let given = 0;
  routes.forEach((r, i) => {
    const units = i === routes.length - 1 ? 10000 - given : Math.max(1, Math.floor((raw[i]! * 10000) / total));
    given += units;
    r.weight = units;
  });

  // Faults hit services that traffic reaches, or they would measure nothing.
  const reached = new Set<number>(routes.map((r) => r.svc));
  const visit = (steps: GenStep[]): void => {
    for (const st of steps) {
      if (st.k === "call") reached.add(st.svc);
      else if (st.k === "publish") for (const [sub] of topics[st.topic]!.subscribers) reached.add(sub);
      else if (st.k === "cache") visit(st.miss);
      else if (st.k === "parallel") visit(st.steps);
      else if (st.k === "branch") for (const b of st.branches) visit(b.steps);
    }
  };
  for (const layer of layers)
    for (const i of layer) if (reached.has(i)) for (const op of services[i]!.ops) visit(op.steps);
  const reachable = (pool: number[]): number[] => {
    const r = pool.filter((i) => reached.has(i));
    return r.length > 0 ? r : pool;
  };
  const latencyTarget = rng.pick(reachable(layers[layerCount - 1]!));
  services[latencyTarget]!.extraLatency = LATENCY_FAULT_MS;
  const errorsTarget = rng.pick(reachable(layerCount > 1 ? layers.slice(1).flat() : layers[0]!));
  return { services, layers, dbs, caches, topics, routes, faults: { latency: latencyTarget, errors: errorsTarget } };
}

// ---------------------------------------------------------------- capacity plan

interface Plan extends Structure {
  rate: number;
  gatewayConcurrency: number;
}

function planDesign(s: Structure, rate: number): Plan {
  const { services, layers } = s;
  // Mean holding times, from the last layer up: a call holds the caller for the callee's hold.
  const stepTime = (st: GenStep): number => {
    const p = st.probability ?? 1;
    switch (st.k) {
      case "call":
        return p * (2 * NETWORK_MS + services[st.svc]!.ops[st.op]!.hold);
      case "query":
        return p * (2 * NETWORK_MS + s.dbs[st.db]!.queryTime.mean);
      case "cache":
        return p * (2 * NETWORK_MS + CACHE_LATENCY_MS + (1 - CACHE_HIT_RATIO) * sum(st.miss.map(stepTime)));
      case "publish":
        return p * (st.outbox ? 0 : 2 * NETWORK_MS + PUBLISH_LATENCY_MS);
      case "parallel":
        return p * sum(st.steps.map(stepTime)); // an upper bound of the max: conservative
      case "branch": {
        const w = sum(st.branches.map((b) => b.weight));
        return p * sum(st.branches.map((b) => (b.weight / w) * sum(b.steps.map(stepTime))));
      }
    }
  };
  for (let l = layers.length - 1; l >= 0; l--) {
    for (const i of layers[l]!) {
      const svc = services[i]!;
      for (const op of svc.ops)
        op.hold = op.work.mean + OBSERVABILITY_MS + svc.extraLatency + sum(op.steps.map(stepTime));
    }
  }

  // Invocation rates, from the gateway down (every contributor sits in an earlier layer).
  const weightTotal = 10000;
  for (const r of s.routes) services[r.svc]!.ops[r.op]!.rate += (rate * r.weight) / weightTotal;
  const spread = (steps: GenStep[], rps: number, caller: GenService): void => {
    for (const st of steps) {
      const r = rps * (st.probability ?? 1);
      switch (st.k) {
        case "call":
          // Retries add a little load on failures: count one extra attempt per 100.
          services[st.svc]!.ops[st.op]!.rate += r * (caller.retries > 0 ? 1.01 : 1);
          break;
        case "query":
          s.dbs[st.db]!.load += (r * s.dbs[st.db]!.queryTime.mean) / 1000;
          break;
        case "cache":
          spread(st.miss, r * (1 - CACHE_HIT_RATIO), caller);
          break;
        case "publish":
          s.topics[st.topic]!.rate += r;
          for (const [svc, op] of s.topics[st.topic]!.subscribers) services[svc]!.ops[op]!.rate += r;
          break;
        case "parallel":
          spread(st.steps, r, caller);
          break;
        case "branch": {
          const w = sum(st.branches.map((b) => b.weight));
          for (const b of st.branches) spread(b.steps, (r * b.weight) / w, caller);
          break;
        }
      }
    }
  };
  for (const layer of layers) {
    for (const i of layer) {
      const svc = services[i]!;
      for (const op of svc.ops) spread(op.steps, op.rate, svc);
    }
  }

  // Slots: offered load (Erlangs) / planned utilization, as replicas × concurrency.
  const rng = new Prng(services.length * 7919 + 17);
  for (const svc of services) {
    const erlangs = sum(svc.ops.map((op) => (op.rate * op.hold) / 1000));
    const slots = Math.max(4, Math.ceil(erlangs / PLANNED_UTILIZATION));
    let concurrency = rng.pick([4, 8, 16, 32]);
    while (Math.ceil(slots / concurrency) > 6 && concurrency < 1024) concurrency *= 2;
    svc.concurrency = concurrency;
    svc.replicas = Math.max(1, Math.ceil(slots / concurrency));
  }
  for (const db of s.dbs) db.pool = Math.ceil(db.load / PLANNED_UTILIZATION) + 4;

  const routeHold = sum(
    s.routes.map(
      (r) => (r.weight / weightTotal) * (GATEWAY_OVERHEAD_MS + 2 * NETWORK_MS + services[r.svc]!.ops[r.op]!.hold),
    ),
  );
  const gatewayConcurrency = Math.ceil((rate * routeHold) / 1000 / PLANNED_UTILIZATION) + 64;
  return { ...s, rate, gatewayConcurrency };
}

// ---------------------------------------------------------------- YAML

/** A mapping or list emitted in flow style on one line. */
class Flow {
  constructor(readonly value: Record<string, Yaml> | Yaml[]) {}
}
type Yaml = string | number | boolean | Flow | Yaml[] | { [key: string]: Yaml };

function flow(value: Record<string, Yaml> | Yaml[]): Flow {
  return new Flow(value);
}

function toYaml(p: Plan): string {
  const { services } = p;
  const stepYaml = (st: GenStep): Yaml => {
    const common: Record<string, Yaml> = {};
    if (st.optional) common.optional = true;
    if (st.probability !== undefined) common.probability = st.probability;
    switch (st.k) {
      case "call": {
        const svc = services[st.svc]!;
        const out: Record<string, Yaml> = { call: `${svc.id}.${svc.ops[st.op]!.name}`, ...common };
        if (st.timeout !== undefined) out.timeout = ms(st.timeout);
        return flow(out);
      }
      case "query":
        return flow({ query: p.dbs[st.db]!.id, ...common });
      case "cache":
        return { cache: p.caches[st.cache]!, miss: st.miss.map(stepYaml), ...common };
      case "publish":
        return st.outbox
          ? flow({ publish: p.topics[st.topic]!.name, outbox: true, ...common })
          : flow({ publish: p.topics[st.topic]!.name, ...common });
      case "parallel":
        return { parallel: st.steps.map(stepYaml), ...common };
      case "branch":
        return { branch: st.branches.map((b) => ({ weight: b.weight, steps: b.steps.map(stepYaml) })), ...common };
    }
  };

  const components: Record<string, Yaml> = {};
  components.web = { kind: "client", label: "Clients" };
  const routes: Record<string, Yaml> = {};
  for (const r of p.routes) routes[r.route] = `${services[r.svc]!.id}.${services[r.svc]!.ops[r.op]!.name}`;
  components.gateway = {
    kind: "gateway",
    concurrency: p.gatewayConcurrency,
    overhead: ms(GATEWAY_OVERHEAD_MS),
    rateLimit: flow({ rps: Math.ceil(p.rate * 2), burst: Math.ceil(p.rate / 2) + 10 }),
    routes,
  };
  components.broker = {
    kind: "broker",
    flavor: "rabbitmq",
    publishLatency: ms(PUBLISH_LATENCY_MS),
    deliveryLatency: "1ms",
    durable: true,
  };
  components.telemetry = { kind: "observability", overhead: ms(OBSERVABILITY_MS), sampling: 0.01 };
  for (const db of p.dbs)
    components[db.id] = { kind: "database", tech: "postgres", pool: db.pool, queryTime: db.queryTime.yaml };
  for (const c of p.caches)
    components[c] = { kind: "cache", tech: "redis", hitRatio: CACHE_HIT_RATIO, latency: ms(CACHE_LATENCY_MS) };

  for (const svc of services) {
    const out: Record<string, Yaml> = { kind: "service", replicas: svc.replicas, concurrency: svc.concurrency };
    if (svc.queue !== undefined) out.queue = svc.queue;
    if (svc.balancer !== undefined) out.balancer = svc.balancer;
    if (svc.resilience) {
      out.resilience = {
        timeout: "2s",
        retries: flow({ max: svc.retries, backoff: "10ms", jitter: true }),
        circuitBreaker: flow({ failureRate: 0.5, window: 20, openFor: "5s", halfOpenProbes: 2 }),
        bulkhead: svc.concurrency * 4,
      };
    }
    if (svc.autoscale) {
      // min = the planned replicas: scale-in would push utilization past the plan.
      out.autoscale = flow({
        min: svc.replicas,
        max: svc.replicas + 2,
        targetUtilization: 0.7,
        interval: "15s",
        coldStart: "5s",
      });
    }
    const ops: Record<string, Yaml> = {};
    for (const op of svc.ops) {
      const o: Record<string, Yaml> = {};
      if (op.http !== undefined) o.http = op.http;
      o.work = op.work.yaml;
      if (op.errorRate > 0) o.errorRate = op.errorRate;
      if (op.steps.length > 0) o.steps = op.steps.map(stepYaml);
      ops[op.name] = o;
    }
    out.operations = ops;
    if (svc.subscribes.length > 0) {
      const subs: Record<string, Yaml> = {};
      for (const [t, o] of svc.subscribes) subs[p.topics[t]!.name] = svc.ops[o]!.name;
      out.subscribes = subs;
    }
    components[svc.id] = out;
  }

  const mix: Record<string, Yaml> = {};
  for (const r of p.routes) mix[r.route] = r.weight / 10000;
  const doc: Record<string, Yaml> = {
    archsim: 1,
    name: `Random design: ${services.length} services`,
    network: { latency: ms(NETWORK_MS) },
    components,
    workloads: { main: { source: "web", entry: "gateway", arrivals: "poisson", rate: p.rate, mix } },
    scenarios: {
      load: {
        workload: "main",
        duration: "60s",
        warmup: "5s",
        faults: [
          flow({
            at: "20s",
            for: "10s",
            kind: "latency",
            target: services[p.faults.latency]!.id,
            add: ms(LATENCY_FAULT_MS),
          }),
          flow({ at: "35s", for: "10s", kind: "errors", target: services[p.faults.errors]!.id, probability: 0.05 }),
        ],
      },
    },
  };
  return emit(doc, 0).join("\n") + "\n";
}

const PLAIN_RE = /^([A-Za-z_][A-Za-z0-9_.\-/]*|\d+(\.\d+)?(us|ms|s|m|h))$/;
const RESERVED_PLAIN = new Set(["true", "false", "null", "yes", "no", "on", "off", "y", "n", "~"]);

function scalar(v: string | number | boolean): string {
  if (typeof v !== "string") return String(v);
  return PLAIN_RE.test(v) && !RESERVED_PLAIN.has(v.toLowerCase()) ? v : JSON.stringify(v);
}

function inline(v: Yaml): string {
  if (v instanceof Flow) {
    const val = v.value;
    if (Array.isArray(val)) return `[${val.map(inline).join(", ")}]`;
    return `{ ${Object.entries(val)
      .map(([k, x]) => `${scalar(k)}: ${inline(x)}`)
      .join(", ")} }`;
  }
  if (Array.isArray(v)) return `[${v.map(inline).join(", ")}]`;
  if (typeof v === "object")
    return `{ ${Object.entries(v)
      .map(([k, x]) => `${scalar(k)}: ${inline(x)}`)
      .join(", ")} }`;
  return scalar(v);
}

function isBlock(v: Yaml): v is Yaml[] | { [key: string]: Yaml } {
  if (v instanceof Flow || typeof v !== "object") return false;
  return Array.isArray(v) ? v.length > 0 : Object.keys(v).length > 0;
}

function emit(v: Yaml[] | { [key: string]: Yaml }, indent: number): string[] {
  const pad = " ".repeat(indent);
  const lines: string[] = [];
  if (Array.isArray(v)) {
    for (const item of v) {
      if (isBlock(item) && !Array.isArray(item)) {
        const inner = emit(item, indent + 2);
        lines.push(`${pad}- ${inner[0]!.slice(indent + 2)}`, ...inner.slice(1));
      } else if (isBlock(item)) {
        lines.push(`${pad}-`, ...emit(item, indent + 2));
      } else {
        lines.push(`${pad}- ${inline(item)}`);
      }
    }
    return lines;
  }
  for (const [k, x] of Object.entries(v)) {
    if (isBlock(x)) lines.push(`${pad}${scalar(k)}:`, ...emit(x, indent + 2));
    else lines.push(`${pad}${scalar(k)}: ${inline(x)}`);
  }
  return lines;
}

// ---------------------------------------------------------------- helpers

function sum(xs: readonly number[]): number {
  let t = 0;
  for (const x of xs) t += x;
  return t;
}

function round(x: number, digits: number): number {
  const f = 10 ** digits;
  return Math.round(x * f) / f;
}

/** A duration string in ms with at most 4 decimals. */
function ms(x: number): string {
  return `${round(x, 4)}ms`;
}
