/**
 * The mutable things of a run: components, replicas, executions, calls, messages. Plain
 * records with bookkeeping only; the behaviours that change them live in their own files.
 */
import type { CComponent, COp, CStep, CSubscription, CWorkload } from "../compile";
import type { Sampler } from "../engine/sample";
import { Fifo } from "../engine/fifo";
import { Histogram, SecondHistogram } from "../metrics/histogram";
import type { TraceRec } from "./trace";

/** Failure causes as small integers (0 = success); order matches FAILURE_CAUSES + 1. */
export const enum Cause {
  Ok = 0,
  Timeout = 1,
  Rejected = 2,
  RateLimited = 3,
  CircuitOpen = 4,
  Bulkhead = 5,
  Crashed = 6,
  Partitioned = 7,
  Error = 8,
  BrokerDown = 9,
}
export const CAUSE_COUNT = 10;

export const enum ReplicaPhase {
  Starting,
  Up,
  Crashed,
  Draining,
  Gone,
}

/** Who started an execution, and so who hears of its end. */
export const enum ParentKind {
  Request,
  Call,
  Delivery,
}

export const enum ExecPhase {
  Queued,
  Running,
  Done,
}

export const enum BreakerState {
  Closed,
  Open,
  HalfOpen,
}

export const enum CopyPhase {
  InOutbox,
  Waiting,
  Handling,
  Resolved,
}

export const enum CopyOutcome {
  Delivered,
  DeadLettered,
  Lost,
}

/** A delivery is dead-lettered when its handler has failed this many times (1 + 3 redeliveries). */
export const MAX_DELIVERY_ATTEMPTS = 4;

/**
 * A circuit breaker of one caller replica towards one callee: a count-based sliding window
 * of outcomes (1 = failure). The window grows as outcomes come, up to its configured size,
 * so a design with many replicas and large windows pays only for the calls it makes.
 */
export class Breaker {
  state = BreakerState.Closed;
  outcomes: Uint8Array;
  /** The configured window size; `outcomes` grows to it. */
  readonly size: number;
  pos = 0;
  filled = 0;
  failures = 0;
  openUntil = 0;
  probesLeft = 0;
  probesOk = 0;
  constructor(
    readonly failureRate: number,
    size: number,
    readonly openFor: number,
    readonly probes: number,
  ) {
    this.size = size;
    this.outcomes = new Uint8Array(Math.min(size, BREAKER_INITIAL_WINDOW));
  }
}

/** Bytes a breaker's window starts with; it doubles as calls fill it. */
export const BREAKER_INITIAL_WINDOW = 16;

export class Replica {
  /** Gone until it is counted in: setPhase moves it and keeps its component's counts. */
  phase = ReplicaPhase.Gone;
  busy = 0;
  readonly queue = new Fifo<Exec>();
  readonly running: Exec[] = [];
  /** Increments at every boot, crash and removal: a late ready or removal event is stale. */
  gen = 0;
  routable = false;
  pendingRemoval = false;
  /** Bulkhead counts per callee component index (allocated on first use). */
  bulkheads: Int32Array | null = null;
  breakers: Map<number, Breaker> | null = null;
  /** Increments at every crash: the registry's removal and late call results belong to one life. */
  life = 0;
  /** Crash faults holding this replica down; it restarts when the last one ends. */
  crashHolds = 0;
  /** It was draining (scale-in) when it crashed: it goes away instead of restarting. */
  wasDraining = false;
  /** Calls on their way to this replica: a draining replica waits for them before it goes. */
  incoming = 0;
  /** The cold start of its current boot (a scale-out's or the service's). */
  coldStart = 0;
  constructor(
    readonly component: ComponentState,
    readonly serial: number,
  ) {}
}

/** Serving replicas take work; starting, crashed and gone ones refuse connections. */
export function isServing(rep: Replica): boolean {
  return rep.phase === ReplicaPhase.Up || rep.phase === ReplicaPhase.Draining;
}

/**
 * A component during a run. Time-weighted figures are integrals: `xTotal` is ∫x dt since 0,
 * `windowX` the same from the warm-up's end, `secondXMark` the total when the current
 * simulated second began, `autoscaleXMark` when the autoscaler last looked.
 */
/** A component's time integrals (value × ms): over the whole run, and over the measurement window. */
export const enum Integral {
  BusyTotal,
  CapacityTotal,
  QueuedTotal,
  WindowBusy,
  WindowCapacity,
  WindowQueued,
  WindowWorking,
  WindowReplicas,
  Count,
}

export class ComponentState {
  readonly replicas: Replica[] = [];
  routable: Replica[] = [];
  nextRoute = 0;
  /** Where the broker's round of deliveries to this service's replicas goes on from. */
  nextDelivery = 0;
  nextSerial = 0;
  /** Replicas by phase (Starting, Up, Crashed, Draining), kept so the autoscaler costs O(1). */
  starting = 0;
  up = 0;
  crashed = 0;
  draining = 0;
  /** Whole-component crash (database, broker, registry, config, cache, observability). */
  down = false;
  /** Active crash faults on this (non-service) component; it is down while above 0. */
  downCount = 0;
  // time-weighted quantities and their integrals
  integratedTo = 0;
  busy = 0;
  capacity = 0;
  queued = 0;
  working = 0;
  replicaCount = 0;
  /**
   * The integrals over time (see Integral), unboxed in one typed array: touch() updates
   * them on every change of busy, capacity, queued, working or replicaCount.
   */
  readonly integrals = new Float64Array(Integral.Count);
  replicasMin = Infinity;
  replicasMax = 0;
  // counts within the window
  completions = 0;
  failed = 0;
  readonly latency = new Histogram();
  // the current simulated second
  secondCompletions = 0;
  secondFailed = 0;
  secondBusyMark = 0;
  secondCapacityMark = 0;
  secondQueuedMark = 0;
  // autoscale
  autoscaleBusyMark = 0;
  autoscaleCapacityMark = 0;
  // database connections
  readonly connectionQueue = new Fifo<Task>();
  readonly queries: Task[] = [];
  // faults
  slowdown = 1;
  faultErrorRate = 0;
  readonly errorFaults: number[] = [];
  readonly addedLatency: Sampler[] = [];
  // gateway token bucket
  tokens = 0;
  tokensAt = 0;
  constructor(readonly spec: CComponent) {}

  get busyTotal(): number {
    return this.integrals[Integral.BusyTotal]!;
  }
  get capacityTotal(): number {
    return this.integrals[Integral.CapacityTotal]!;
  }
  get queuedTotal(): number {
    return this.integrals[Integral.QueuedTotal]!;
  }
  get windowBusy(): number {
    return this.integrals[Integral.WindowBusy]!;
  }
  get windowCapacity(): number {
    return this.integrals[Integral.WindowCapacity]!;
  }
  get windowQueued(): number {
    return this.integrals[Integral.WindowQueued]!;
  }
  get windowWorking(): number {
    return this.integrals[Integral.WindowWorking]!;
  }
  get windowReplicas(): number {
    return this.integrals[Integral.WindowReplicas]!;
  }
}

export class WorkloadState {
  /** ∫rate dt so far, for constant arrivals under a profile. */
  acc = 0;
  constructor(readonly spec: CWorkload) {}
}

/** A client's request; pooled: answering it bumps `gen`, so a later event for it is stale. */
export class Request {
  gen = 0;
  rejected = false;
  workload!: WorkloadState;
  /** The route (and the entry's operation) it was sent to. */
  route = 0;
  sentAt = 0;
  /** Sent after the warm-up: it counts in the result. */
  counted = false;
  /** Its trace when sampled (its root span is span 0), else null. */
  tr: TraceRec | null = null;

  init(workload: WorkloadState, route: number, sentAt: number, counted: boolean): this {
    this.rejected = false;
    this.tr = null;
    this.workload = workload;
    this.route = route;
    this.sentAt = sentAt;
    this.counted = counted;
    return this;
  }
}

export class Exec {
  /** Monotonic across reuse from the pool: events and strands of an earlier life carry an older value. */
  gen = 0;
  phase = ExecPhase.Queued;
  inWork = false;
  /** Its failure draw at the end of work said it fails (returned after any latency fault). */
  failed = false;
  slotPos = -1;
  arrivedAt = 0;
  strand: Strand | null = null;
  op!: COp;
  component!: ComponentState;
  replica!: Replica;
  parentKind: ParentKind = ParentKind.Request;
  parent!: Request | Call | Copy;
  parentGen = 0;
  /** Its trace and span when its parent is traced (tr is null otherwise, or when the span was not recorded). */
  tr: TraceRec | null = null;
  sp = -1;

  init(
    op: COp,
    component: ComponentState,
    replica: Replica,
    parentKind: ParentKind,
    parent: Request | Call | Copy,
    parentGen: number,
  ): this {
    this.phase = ExecPhase.Queued;
    this.inWork = false;
    this.failed = false;
    this.slotPos = -1;
    this.arrivedAt = 0;
    this.strand = null;
    this.op = op;
    this.component = component;
    this.replica = replica;
    this.parentKind = parentKind;
    this.parent = parent;
    this.parentGen = parentGen;
    this.tr = null;
    return this;
  }
}

/** A thread of steps within an execution: a stack of step lists (branches and cache misses push frames). */
export class Strand {
  /** Monotonic across reuse from the pool, like Exec.gen. */
  gen = 0;
  depth = 0;
  readonly frames: CStep[][] = [];
  readonly idx: number[] = [];
  readonly optionalFrame: boolean[] = [];
  current: CStep | null = null;
  exec!: Exec;
  execGen = 0;
  join: Join | null = null;
  joinStep: CStep | null = null;

  init(exec: Exec, execGen: number, join: Join | null, joinStep: CStep | null): this {
    this.gen++;
    this.depth = 0;
    this.current = null;
    this.exec = exec;
    this.execGen = execGen;
    this.join = join;
    this.joinStep = joinStep;
    return this;
  }
}

/** Where the children of a `parallel` step meet. */
export class Join {
  remaining: number;
  failed = false;
  constructor(
    readonly strand: Strand,
    readonly strandGen: number,
    n: number,
  ) {
    this.remaining = n;
  }
}

export class Call {
  attemptGen = 0;
  attempt = 0;
  inAttempt = false;
  bulkheadHeld = false;
  probe = false;
  target: Replica | null = null;
  lastCause = Cause.Ok;
  /** The caller's trace and execution span, and the current attempt's span (−1: not recorded). */
  tr: TraceRec | null = null;
  sp = -1;
  attemptSp = -1;
  /** The caller replica's life when the call began: results from before a crash feed no breaker. */
  readonly callerLife: number;
  constructor(
    readonly strand: Strand,
    readonly strandGen: number,
    readonly step: CStep,
    readonly caller: Replica,
    readonly callee: ComponentState,
  ) {
    this.callerLife = caller.life;
  }
}

/** A query, cache lookup or publish in flight. */
export class Task {
  gen = 0;
  pos = -1;
  arrivedAt = 0;
  /** The querying component (its strand may be reused before the query arrives); −1 for a publish. */
  from = -1;
  /** Its trace and span (a query or publish of a traced execution). */
  tr: TraceRec | null = null;
  sp = -1;
  constructor(
    readonly strand: Strand,
    readonly strandGen: number,
    readonly step: CStep,
    readonly component: ComponentState,
  ) {}
}

/** One subscription's copy of a published message. */
export class Copy {
  attempts = 0;
  phase = CopyPhase.InOutbox;
  /** When its handler succeeded (the acknowledgement may apply later, after a broker outage). */
  handledAt = 0;
  /** The trace and publish span its consumers' executions follow from. */
  tr: TraceRec | null = null;
  sp = -1;
  constructor(
    readonly sub: CSubscription,
    readonly publishedAt: number,
    readonly counted: boolean,
  ) {}
}

/** Copies published together through an outbox, waiting for the broker. */
export interface OutboxItem {
  from: number;
  topic: number;
  copies: Copy[];
}

export class TopicState {
  published = 0;
  delivered = 0;
  deadLettered = 0;
  lost = 0;
  /** Counted copies not yet resolved (the result's depth). */
  pendingCounted = 0;
  /** All copies not yet resolved, warm-up included (the queue's depth). */
  live = 0;
  maxDepth = 0;
  readonly latency = new Histogram();
}

export class RouteState {
  /** Requests of the route sent after the warm-up (answered or not). */
  sent = 0;
  count = 0;
  succeeded = 0;
  failed = 0;
  rejected = 0;
  readonly latency = new Histogram();
  secondCount = 0;
  secondFailed = 0;
  secondRejected = 0;
  readonly secondLatency = new SecondHistogram();
}

export class FaultState {
  active = false;
  /** Replicas crashed by this fault (a service crash), to restart at its end. */
  crashed: Replica[] = [];
  constructor(
    readonly kind: string,
    readonly at: number,
    readonly until: number,
    readonly target: number,
    readonly other: number,
    readonly replicas: number,
    readonly add: Sampler | null,
    readonly probability: number,
    readonly factor: number,
  ) {}
}
