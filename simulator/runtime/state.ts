/**
 * The state of a run — one plain object every behaviour reads and writes — and the few
 * helpers all of them share: time-weighted statistics, scheduling (heap or delay line),
 * routing and the pools. Behaviours reach one another only through `sim.peers` (see
 * `Peers` and dispatcher.ts), so no behaviour file imports another.
 */
import type { Fault } from "../../model";
import type { RequestOutcome, RunLimits } from "../options";
import { Balancer, Kind, type CompiledDesign, type COp, type CStep, type CWorkload } from "../compile";
import { EventQueue } from "../engine/event-queue";
import { TimeoutList } from "../engine/timeout-list";
import { Fifo } from "../engine/fifo";
import { Sfc32, type Rng } from "../engine/rng";
import { sample, SamplerType, type Sampler } from "../engine/sample";
import { SecondHistogram, Histogram } from "../metrics/histogram";
import { EventKind } from "./events";
import {
  Call,
  Cause,
  CAUSE_COUNT,
  ComponentState,
  Copy,
  Exec,
  FaultState,
  Integral,
  ParentKind,
  Replica,
  ReplicaPhase,
  Request,
  RouteState,
  Strand,
  Task,
  TopicState,
  WorkloadState,
  type OutboxItem,
} from "./entities";
import { RunLimitError } from "./limits";
import { Tracer } from "./trace";

export interface SimulationInit {
  cd: CompiledDesign;
  limits: Readonly<RunLimits>;
  workload: CWorkload;
  faults: readonly Fault[];
  durationMs: number;
  warmupMs: number;
  seed: number;
  /** Record sampled request traces (trace.ts); absent: none, at no cost. */
  traces?: { every?: number; limit?: number };
}

/**
 * Every entry point one behaviour calls in another, by owner. The dispatcher fills one
 * table with the real functions; a behaviour calls `sim.peers.x(sim, …)`.
 */
export interface Peers {
  // requests.ts
  respond(sim: SimState, r: Request, cause: Cause): void;
  // executions.ts
  admit(sim: SimState, exec: Exec): boolean;
  holdSlot(sim: SimState, exec: Exec): void;
  beginWork(sim: SimState, exec: Exec, delivered: boolean): void;
  finishExec(sim: SimState, exec: Exec, cause: Cause): void;
  // steps.ts
  advance(sim: SimState, s: Strand): void;
  stepDone(sim: SimState, s: Strand, gen: number, cause: Cause): void;
  // calls.ts, data.ts, broker.ts: the step starters
  startCall(sim: SimState, s: Strand, step: CStep): void;
  startQuery(sim: SimState, s: Strand, step: CStep): void;
  startCache(sim: SimState, s: Strand, step: CStep): void;
  startPublish(sim: SimState, s: Strand, step: CStep): void;
  // data.ts
  releaseConnection(sim: SimState, t: Task): void;
  answerTask(sim: SimState, t: Task, cause: Cause): void;
  // broker.ts
  deliveryDone(sim: SimState, copy: Copy, cause: Cause, rep: Replica): void;
  dispatchTo(sim: SimState, rep: Replica): void;
  dispatchAll(sim: SimState): void;
  dropQueuedCopies(sim: SimState): void;
  brokerRecovered(sim: SimState): void;
  flushOutbox(sim: SimState): void;
  // lifecycle.ts
  removeReplica(sim: SimState, rep: Replica): void;
  crashReplica(sim: SimState, rep: Replica): void;
  discardReplica(sim: SimState, rep: Replica): void;
  bootReplica(sim: SimState, rep: Replica, coldStart: number): void;
  retryWaitingStarts(sim: SimState): void;
  unroute(sim: SimState, rep: Replica): void;
}

export class SimState {
  readonly queue = new EventQueue<unknown>(4096);
  /** Pending call timeouts, one FIFO per duration (timeouts of one duration expire in order). */
  readonly timeoutLists = new Map<number, TimeoutList>();
  now = 0;
  events = 0;
  readonly endMs: number;
  readonly warmupMs: number;
  readonly rng: Rng;
  readonly design: CompiledDesign;
  readonly components: ComponentState[];
  readonly componentCount: number;
  /** Active partitions by pair (a·n + b, both ways); a map, since an n² array is too big for large designs. */
  readonly partitions = new Map<number, number>();
  /** Partition faults in force: while none is, no lookup is needed at all. */
  activePartitions = 0;
  readonly topics: TopicState[];
  readonly subscriptionQueues: Fifo<Copy>[];
  readonly outboxWaiting: OutboxItem[] = [];
  readonly pendingAcks: Copy[] = [];
  readonly waitingStarts: Replica[] = [];
  readonly requestPool: Request[] = [];
  readonly execPool: Exec[] = [];
  readonly strandPool: Strand[] = [];
  /** Delays that have a delay line on the queue, and the line of each. */
  readonly lineDelays: number[] = [];
  readonly lineIds: number[] = [];
  readonly workload: WorkloadState;
  readonly routes: RouteState[];
  readonly faults: FaultState[] = [];
  readonly broker: ComponentState | null;
  registryDown = false;
  // requests within the window
  total = 0;
  succeeded = 0;
  failed = 0;
  rejected = 0;
  readonly causes = new Float64Array(CAUSE_COUNT);
  readonly latency = new Histogram();
  // bounds on what grows with the input (see limits.ts)
  readonly limits: Readonly<RunLimits>;
  /** Requests sent and not yet answered, warm-up included (the in-flight guard reads it). */
  inFlight = 0;
  liveExecutions = 0;
  liveCopies = 0;
  breakerBytes = 0;
  // the current simulated second
  secondOk = 0;
  secondFailed = 0;
  secondRejected = 0;
  /** Unsuccessful outcomes of this second by Cause, warm-up included (`causes` counts only the window's). */
  readonly secondCauses = new Float64Array(CAUSE_COUNT);
  readonly secondLatency = new SecondHistogram();
  /** Called at every simulated second boundary (t in whole seconds, the second just finished). */
  onSecond: ((t: number) => void) | null = null;
  /** Per-second latency quantiles are kept only when someone reads them (timeseries, snapshots). */
  trackSeconds = false;
  onRequestDone: ((o: RequestOutcome) => void) | null = null;
  readonly network: Sampler;
  readonly observability: readonly Sampler[];
  readonly hasRegistry: boolean;
  /** The registry's detection delay (0 without a registry). */
  readonly detection: number;
  /** Sampled traces, or null when the run records none. */
  readonly tracer: Tracer | null;

  constructor(
    init: SimulationInit,
    readonly peers: Peers,
  ) {
    const { cd } = init;
    this.design = cd;
    this.limits = init.limits;
    this.endMs = init.durationMs;
    this.warmupMs = init.warmupMs;
    this.rng = new Sfc32(init.seed);
    this.componentCount = cd.components.length;
    this.network = cd.network;
    this.observability = cd.observability;
    this.components = cd.components.map((c) => new ComponentState(c));
    this.broker = cd.broker >= 0 ? this.components[cd.broker]! : null;
    this.hasRegistry = cd.registry >= 0;
    this.detection = this.hasRegistry ? cd.components[cd.registry]!.detection : 0;
    this.topics = cd.topics.map(() => new TopicState());
    this.subscriptionQueues = cd.subscriptions.map(() => new Fifo<Copy>());
    this.workload = new WorkloadState(init.workload);
    this.routes = init.workload.routeKeys.map(() => new RouteState());
    this.tracer = init.traces ? new Tracer(init.traces) : null;

    for (const comp of this.components) {
      const c = comp.spec;
      if (c.kind === Kind.Service || c.kind === Kind.Gateway) {
        const count = c.kind === Kind.Gateway ? 1 : c.replicas;
        for (let i = 0; i < count; i++) {
          const rep = new Replica(comp, comp.nextSerial++);
          setPhase(rep, ReplicaPhase.Up);
          comp.replicas.push(rep);
          comp.routable.push(rep);
          rep.routable = true;
        }
        comp.replicaCount = count;
        comp.capacity = count * slotsOf(comp);
        if (c.rateLimit) comp.tokens = c.rateLimit.burst;
        if (c.autoscale) this.queue.push(c.autoscale.interval, EventKind.Autoscale, comp);
      } else if (c.kind === Kind.Database) {
        comp.capacity = Number.isFinite(c.pool) ? c.pool : 0;
      }
    }
  }
}

// ---------------------------------------------------------------- time-weighted statistics

/** Brings a component's integrals up to now; call before changing busy, capacity, queued, working or replicaCount. */
export function touch(sim: SimState, c: ComponentState): void {
  const now = sim.now;
  const last = c.integratedTo;
  if (now <= last) return;
  const dt = now - last;
  const acc = c.integrals;
  const busy = c.busy;
  const capacity = c.capacity;
  const queued = c.queued;
  acc[Integral.BusyTotal]! += busy * dt;
  acc[Integral.CapacityTotal]! += capacity * dt;
  acc[Integral.QueuedTotal]! += queued * dt;
  const warmup = sim.warmupMs;
  if (now > warmup) {
    const d = last > warmup ? dt : now - warmup;
    acc[Integral.WindowBusy]! += busy * d;
    acc[Integral.WindowCapacity]! += capacity * d;
    acc[Integral.WindowQueued]! += queued * d;
    acc[Integral.WindowWorking]! += c.working * d;
    acc[Integral.WindowReplicas]! += c.replicaCount * d;
  }
  c.integratedTo = now;
}

export function setReplicaCount(sim: SimState, c: ComponentState, n: number): void {
  touch(sim, c);
  c.replicaCount = n;
  if (sim.now >= sim.warmupMs) {
    if (n < c.replicasMin) c.replicasMin = n;
    if (n > c.replicasMax) c.replicasMax = n;
  }
}

/** Moves a replica to another phase, keeping its component's counts by phase. */
export function setPhase(rep: Replica, phase: ReplicaPhase): void {
  const c = rep.component;
  countPhase(c, rep.phase, -1);
  rep.phase = phase;
  countPhase(c, phase, 1);
}

function countPhase(c: ComponentState, phase: ReplicaPhase, d: number): void {
  switch (phase) {
    case ReplicaPhase.Starting:
      c.starting += d;
      return;
    case ReplicaPhase.Up:
      c.up += d;
      return;
    case ReplicaPhase.Crashed:
      c.crashed += d;
      return;
    case ReplicaPhase.Draining:
      c.draining += d;
      return;
  }
}

/** Opens the measurement window at the warm-up's end. */
export function startWindow(sim: SimState): void {
  for (const c of sim.components) {
    touch(sim, c);
    c.replicasMin = c.replicaCount;
    c.replicasMax = c.replicaCount;
  }
  // Extremes cover [warmup, duration]: a backlog left by the warm-up counts from its end.
  for (const t of sim.topics) t.maxDepth = t.live;
}

export function inWindow(sim: SimState): boolean {
  return sim.now >= sim.warmupMs;
}

/** Starts counting a new second; call after reading the per-second figures. */
export function resetSecond(sim: SimState): void {
  sim.secondOk = 0;
  sim.secondFailed = 0;
  sim.secondRejected = 0;
  sim.secondCauses.fill(0);
  sim.secondLatency.reset();
  for (const r of sim.routes) {
    r.secondCount = 0;
    r.secondFailed = 0;
    r.secondRejected = 0;
    r.secondLatency.reset();
  }
  for (const c of sim.components) {
    touch(sim, c);
    c.secondCompletions = 0;
    c.secondFailed = 0;
    c.secondBusyMark = c.busyTotal;
    c.secondCapacityMark = c.capacityTotal;
    c.secondQueuedMark = c.queuedTotal;
  }
}

// ---------------------------------------------------------------- scheduling

/**
 * Schedules an event `delay` ms from now: on a delay line when the delay is one of
 * the design's constants (so the event skips the heap), else on the heap.
 */
export function schedule(sim: SimState, delay: number, kind: number, obj: unknown, gen = 0): void {
  const ds = sim.lineDelays;
  for (let i = 0; i < ds.length; i++) {
    if (ds[i] === delay) {
      sim.queue.pushLine(sim.lineIds[i]!, sim.now + delay, kind, obj, gen);
      return;
    }
  }
  sim.queue.push(sim.now + delay, kind, obj, gen);
}

/**
 * Registers the design's constant hops (network, publish, delivery) as delay lines.
 * These are most of the events; every line costs a comparison per pop, so fixed work
 * times and the like stay on the heap (measured: more lines made peak-sale slower).
 */
export function addDelayLines(sim: SimState): void {
  const constant = (x: Sampler): number | null => (x.type === SamplerType.Const ? x.a : null);
  const values: number[] = [];
  const add = (v: number | null) => {
    if (v !== null && v > 0 && !values.includes(v)) values.push(v);
  };
  const net = constant(sim.network);
  add(net);
  const broker = sim.broker;
  if (broker && net !== null) {
    const pub = constant(broker.spec.publishLatency);
    const del = constant(broker.spec.deliveryLatency);
    if (pub !== null) add(net + pub);
    if (del !== null) add(del + net);
  }
  for (const v of values) {
    sim.lineDelays.push(v);
    sim.lineIds.push(sim.queue.addLine());
  }
}

export function netDelay(sim: SimState): number {
  return sim.network.isZero ? 0 : sample(sim.network, sim.rng);
}

/** A partition fault separates components a and b now. */
export function isParted(sim: SimState, a: number, b: number): boolean {
  return sim.activePartitions > 0 && (sim.partitions.get(a * sim.componentCount + b) ?? 0) > 0;
}

// ---------------------------------------------------------------- pools and routing

export function newExec(
  sim: SimState,
  op: COp,
  comp: ComponentState,
  rep: Replica,
  kind: ParentKind,
  parent: Request | Call | Copy,
  parentGen: number,
): Exec {
  if (++sim.liveExecutions > sim.limits.liveExecutions) throw new RunLimitError("executions");
  return (sim.execPool.pop() ?? new Exec()).init(op, comp, rep, kind, parent, parentGen);
}

/** An execution refused at the door (a full queue) never ran: straight back to the pool. */
export function discardExec(sim: SimState, exec: Exec): void {
  sim.execPool.push(exec);
  sim.liveExecutions--;
}

/** Picks a routable replica with the service's balancer; null when none is known. */
export function pickReplica(sim: SimState, comp: ComponentState): Replica | null {
  const list = comp.routable;
  const n = list.length;
  if (n === 0) return null;
  if (n === 1) return list[0]!;
  switch (comp.spec.balancer) {
    case Balancer.RoundRobin:
      return list[comp.nextRoute++ % n]!;
    case Balancer.LeastOutstanding: {
      const start = comp.nextRoute++ % n;
      let best = list[start]!;
      let bestLoad = best.busy + best.queue.length;
      for (let k = 1; k < n; k++) {
        const r = list[(start + k) % n]!;
        const load = r.busy + r.queue.length;
        if (load < bestLoad) {
          best = r;
          bestLoad = load;
        }
      }
      return best;
    }
    default:
      return list[Math.floor(sim.rng.next() * n)]!;
  }
}

/** The slots a replica adds to a component's capacity (0 for an unbounded gateway: no utilization). */
export function slotsOf(comp: ComponentState): number {
  return Number.isFinite(comp.spec.concurrency) ? comp.spec.concurrency : 0;
}

export function pushFrame(s: Strand, steps: CStep[], optional: boolean): void {
  s.frames[s.depth] = steps;
  s.idx[s.depth] = 0;
  s.optionalFrame[s.depth] = optional;
  s.depth++;
}
