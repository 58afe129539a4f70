/**
 * compileDesign: turns a normalized design into flat, index-addressed records
 * once before a run, so the hot loop never looks anything up by name.
 */
import type { CircuitBreaker, Design, Resilience, Retries, Step } from "../model";
import { compileSampler, ZERO_SAMPLER, type Sampler } from "./engine/sample";

export const enum Kind {
  Client,
  Gateway,
  Service,
  Broker,
  Registry,
  Config,
  Observability,
  Database,
  Cache,
}

const KIND_BY_NAME: Record<string, Kind> = {
  client: Kind.Client,
  gateway: Kind.Gateway,
  service: Kind.Service,
  broker: Kind.Broker,
  registry: Kind.Registry,
  config: Kind.Config,
  observability: Kind.Observability,
  database: Kind.Database,
  cache: Kind.Cache,
};

export const enum Balancer {
  RoundRobin,
  LeastOutstanding,
  Random,
}

export const enum StepKind {
  Call,
  Query,
  Cache,
  Publish,
  Parallel,
  Branch,
}

export interface CResilience {
  timeout: number; // Infinity: none
  retries: Retries | null;
  breaker: CircuitBreaker | null;
  bulkhead: number; // Infinity: none
}

export const NO_RESILIENCE: CResilience = { timeout: Infinity, retries: null, breaker: null, bulkhead: Infinity };

export interface CStep {
  kind: StepKind;
  optional: boolean;
  probability: number;
  /** Call: callee component index and operation index within it; query/cache: component index. */
  target: number;
  op: number;
  resilience: CResilience;
  outbox: boolean;
  topic: number;
  children: CStep[];
  miss: CStep[];
  branchSteps: CStep[][];
  /** Cumulative normalized weights of the branches. */
  branchCum: number[];
}

export interface COp {
  name: string;
  /** Index within its component. */
  idx: number;
  comp: number;
  work: Sampler;
  errorRate: number;
  steps: CStep[];
  /** Observability overhead applies (false for a gateway's route operations). */
  observed: boolean;
}

export interface CSubscription {
  idx: number;
  topic: number;
  service: number;
  op: number;
}

export interface CComponent {
  idx: number;
  id: string;
  kind: Kind;
  // services and gateways
  replicas: number;
  concurrency: number;
  queue: number;
  balancer: Balancer;
  coldStart: number;
  dependsOn: number[];
  ops: COp[];
  opIndex: Map<string, number>;
  subscriptions: CSubscription[];
  autoscale: { min: number; max: number; target: number; interval: number; coldStart: number } | null;
  /** Callee component indices that have a circuit breaker from this component. */
  breakerCallees: number[];
  // gateway
  rateLimit: { rps: number; burst: number } | null;
  /** Route keys, in order, for gateway route operations (ops[i] serves routes[i]). */
  routes: string[];
  // database, cache, config, broker, observability
  pool: number;
  time: Sampler; // queryTime, cache latency, config fetchLatency
  hitRatio: number;
  publishLatency: Sampler;
  deliveryLatency: Sampler;
  durable: boolean;
  detection: number;
  overhead: Sampler;
}

export interface CWorkload {
  name: string;
  /** The client drawn as the traffic's origin, or -1. */
  source: number;
  /** Entry component (gateway or service). */
  entry: number;
  /** For a direct entry: the operation; for a gateway: -1 (chosen by mix). */
  op: number;
  /** Gateway: route op indices and their cumulative weights. */
  mixOps: number[];
  mixCum: number[];
  poisson: boolean;
  rate: number; // rps, when no profile
  profile: [number, number][] | null; // [ms, rps]
  clientLatency: Sampler;
  /** Route key per entry op (gateway route or "svc.op"). */
  routeKeys: string[];
}

export interface CompiledDesign {
  components: CComponent[];
  byId: Map<string, number>;
  topics: string[];
  subscriptions: CSubscription[];
  /** Subscriptions per topic index. */
  topicSubs: CSubscription[][];
  broker: number; // -1 when none
  registry: number; // -1 when none
  /** Overheads of the observability components, added to every operation's work (even while one is down). */
  observability: Sampler[];
  network: Sampler;
}

/** Compiles a design (already validated by parseDesign) for the simulator. */
export function compileDesign(design: Design): CompiledDesign {
  const ids = Object.keys(design.components);
  const byId = new Map(ids.map((id, i) => [id, i]));
  const topics: string[] = [];
  const topicIdx = new Map<string, number>();
  const topicOf = (t: string): number => {
    let i = topicIdx.get(t);
    if (i === undefined) {
      i = topics.length;
      topics.push(t);
      topicIdx.set(t, i);
    }
    return i;
  };

  const components: CComponent[] = ids.map((id, idx) => {
    const c = design.components[id]!;
    const base: CComponent = {
      idx,
      id,
      kind: KIND_BY_NAME[c.kind]!,
      replicas: 1,
      concurrency: Infinity,
      queue: Infinity,
      balancer: Balancer.RoundRobin,
      coldStart: 0,
      dependsOn: [],
      ops: [],
      opIndex: new Map(),
      subscriptions: [],
      autoscale: null,
      breakerCallees: [],
      rateLimit: null,
      routes: [],
      pool: Infinity,
      time: ZERO_SAMPLER,
      hitRatio: 0,
      publishLatency: ZERO_SAMPLER,
      deliveryLatency: ZERO_SAMPLER,
      durable: true,
      detection: 0,
      overhead: ZERO_SAMPLER,
    };
    switch (c.kind) {
      case "service": {
        base.concurrency = c.concurrency;
        base.queue = c.queue;
        base.balancer =
          c.balancer === "round-robin"
            ? Balancer.RoundRobin
            : c.balancer === "least-outstanding"
              ? Balancer.LeastOutstanding
              : Balancer.Random;
        base.coldStart = c.coldStart;
        base.dependsOn = c.dependsOn.map((d) => byId.get(d)!);
        if (c.autoscale) {
          base.autoscale = {
            min: c.autoscale.min,
            max: c.autoscale.max,
            target: c.autoscale.targetUtilization,
            interval: c.autoscale.interval,
            coldStart: c.autoscale.coldStart ?? c.coldStart,
          };
        }
        base.replicas = base.autoscale
          ? Math.min(base.autoscale.max, Math.max(base.autoscale.min, c.replicas))
          : c.replicas;
        Object.keys(c.operations).forEach((name, i) => base.opIndex.set(name, i));
        break;
      }
      case "gateway":
        base.concurrency = c.concurrency;
        base.queue = c.queue;
        base.overhead = compileSampler(c.overhead);
        if (c.rateLimit)
          base.rateLimit = {
            rps: c.rateLimit.rps,
            burst: c.rateLimit.burst ?? Math.max(1, Math.ceil(c.rateLimit.rps)),
          };
        base.routes = Object.keys(c.routes);
        break;
      case "database":
        base.pool = c.pool;
        base.time = compileSampler(c.queryTime);
        break;
      case "cache":
        base.time = compileSampler(c.latency);
        base.hitRatio = c.hitRatio;
        break;
      case "config":
        base.time = compileSampler(c.fetchLatency);
        break;
      case "broker":
        base.publishLatency = compileSampler(c.publishLatency);
        base.deliveryLatency = compileSampler(c.deliveryLatency);
        base.durable = c.durable;
        break;
      case "registry":
        base.detection = c.detection;
        break;
      case "observability":
        base.overhead = compileSampler(c.overhead);
        break;
      case "client":
        break;
    }
    return base;
  });

  const compileResilience = (r: Resilience | undefined): CResilience =>
    r
      ? {
          timeout: r.timeout ?? Infinity,
          retries: r.retries ?? null,
          breaker: r.circuitBreaker ?? null,
          bulkhead: r.bulkhead ?? Infinity,
        }
      : NO_RESILIENCE;

  const compileSteps = (steps: readonly Step[], caller: CComponent, res: CResilience): CStep[] =>
    steps.map((s) => {
      const step: CStep = {
        kind: StepKind.Call,
        optional: s.optional,
        probability: s.probability,
        target: -1,
        op: -1,
        resilience: NO_RESILIENCE,
        outbox: false,
        topic: -1,
        children: [],
        miss: [],
        branchSteps: [],
        branchCum: [],
      };
      if ("call" in s) {
        const [svc, op] = s.call.split(".") as [string, string];
        step.kind = StepKind.Call;
        step.target = byId.get(svc)!;
        step.op = components[step.target]!.opIndex.get(op)!;
        step.resilience = {
          timeout: s.timeout ?? res.timeout,
          retries: s.retries ?? res.retries,
          breaker: s.circuitBreaker ?? res.breaker,
          bulkhead: s.bulkhead ?? res.bulkhead,
        };
        if (step.resilience.breaker && !caller.breakerCallees.includes(step.target))
          caller.breakerCallees.push(step.target);
      } else if ("query" in s) {
        step.kind = StepKind.Query;
        step.target = byId.get(s.query)!;
      } else if ("cache" in s) {
        step.kind = StepKind.Cache;
        step.target = byId.get(s.cache)!;
        step.miss = compileSteps(s.miss, caller, res);
      } else if ("publish" in s) {
        step.kind = StepKind.Publish;
        step.topic = topicOf(s.publish);
        step.outbox = s.outbox;
      } else if ("parallel" in s) {
        step.kind = StepKind.Parallel;
        step.children = compileSteps(s.parallel, caller, res);
      } else {
        step.kind = StepKind.Branch;
        const total = s.branch.reduce((a, b) => a + b.weight, 0);
        let acc = 0;
        for (const b of s.branch) {
          acc += b.weight / total;
          step.branchCum.push(acc);
          step.branchSteps.push(compileSteps(b.steps, caller, res));
        }
        step.branchCum[step.branchCum.length - 1] = 1;
      }
      return step;
    });

  // Operations (after every component exists, so calls resolve).
  for (const comp of components) {
    const c = design.components[comp.id]!;
    if (c.kind === "service") {
      const res = compileResilience(c.resilience);
      comp.ops = Object.entries(c.operations).map(([name, op], i) => ({
        name,
        idx: i,
        comp: comp.idx,
        work: compileSampler(op.work),
        errorRate: op.errorRate,
        steps: compileSteps(op.steps, comp, res),
        observed: true,
      }));
    } else if (c.kind === "gateway") {
      // Each route is an operation of the gateway: overhead as work, then one call with the gateway's resilience.
      const res = compileResilience(c.resilience);
      comp.ops = comp.routes.map((route, i) => {
        const [svc, op] = c.routes[route]!.split(".") as [string, string];
        const target = byId.get(svc)!;
        if (res.breaker && !comp.breakerCallees.includes(target)) comp.breakerCallees.push(target);
        const call: CStep = {
          kind: StepKind.Call,
          optional: false,
          probability: 1,
          target,
          op: components[target]!.opIndex.get(op)!,
          resilience: res,
          outbox: false,
          topic: -1,
          children: [],
          miss: [],
          branchSteps: [],
          branchCum: [],
        };
        comp.opIndex.set(route, i);
        return {
          name: route,
          idx: i,
          comp: comp.idx,
          work: comp.overhead,
          errorRate: 0,
          steps: [call],
          observed: false,
        };
      });
    }
  }

  // Subscriptions: one queue per (topic, subscribing service).
  const subscriptions: CSubscription[] = [];
  for (const comp of components) {
    const c = design.components[comp.id]!;
    if (c.kind !== "service") continue;
    for (const [topic, op] of Object.entries(c.subscribes)) {
      const sub = { idx: subscriptions.length, topic: topicOf(topic), service: comp.idx, op: comp.opIndex.get(op)! };
      subscriptions.push(sub);
      comp.subscriptions.push(sub);
    }
  }
  const topicSubs: CSubscription[][] = topics.map((_, i) => subscriptions.filter((s) => s.topic === i));

  const findKind = (k: Kind) => components.find((c) => c.kind === k)?.idx ?? -1;
  return {
    components,
    byId,
    topics,
    subscriptions,
    topicSubs,
    broker: findKind(Kind.Broker),
    registry: findKind(Kind.Registry),
    observability: components.filter((c) => c.kind === Kind.Observability && !c.overhead.isZero).map((c) => c.overhead),
    network: compileSampler(design.network.latency),
  };
}

/** Compiles a workload against a compiled design. */
export function compileWorkload(design: Design, cd: CompiledDesign, name: string): CWorkload {
  const w = design.workloads[name]!;
  const base = {
    name,
    source: w.source !== undefined ? (cd.byId.get(w.source) ?? -1) : -1,
    poisson: w.arrivals === "poisson",
    rate: w.rate ?? 0,
    profile: w.profile ? w.profile.map(([t, r]) => [t, r] as [number, number]) : null,
    clientLatency: compileSampler(w.clientLatency),
  };
  const entryIdx = cd.byId.get(w.entry);
  if (entryIdx !== undefined && cd.components[entryIdx]!.kind === Kind.Gateway) {
    const gw = cd.components[entryIdx]!;
    const mixOps: number[] = [];
    const weights: number[] = [];
    for (const [route, weight] of Object.entries(w.mix ?? {})) {
      if (weight <= 0) continue;
      mixOps.push(gw.opIndex.get(route)!);
      weights.push(weight);
    }
    const total = weights.reduce((a, b) => a + b, 0);
    let acc = 0;
    const mixCum = weights.map((x) => (acc += x / total));
    if (mixCum.length) mixCum[mixCum.length - 1] = 1;
    return { ...base, entry: entryIdx, op: -1, mixOps, mixCum, routeKeys: gw.routes };
  }
  const [svc, op] = w.entry.split(".") as [string, string];
  const comp = cd.components[cd.byId.get(svc)!]!;
  const opIdx = comp.opIndex.get(op)!;
  const routeKeys = comp.ops.map((o) => `${svc}.${o.name}`);
  return { ...base, entry: comp.idx, op: opIdx, mixOps: [opIdx], mixCum: [1], routeKeys };
}
