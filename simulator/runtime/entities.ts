/** The mutable things of a run: replicas, executions, calls, messages. Plain classes, no logic beyond bookkeeping. */
import type { CComponent, COp, CStep, CSubscription, CWorkload } from "../compile";
import type { Sampler } from "../engine/sample";
import { Fifo } from "../engine/fifo";
import { Histogram, SecondHistogram } from "../metrics/histogram";

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

export const enum ReplicaState {
  Starting,
  Up,
  Crashed,
  Draining,
  Gone,
}

export const enum ParentKind {
  Request,
  Call,
  Delivery,
}

export class Breaker {
  state: 0 | 1 | 2 = 0; // closed, open, half-open
  readonly window: Uint8Array;
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
    this.window = new Uint8Array(size);
  }
}

export class Replica {
  state: ReplicaState = ReplicaState.Up;
  busy = 0;
  readonly queue = new Fifo<Exec>();
  readonly running: Exec[] = [];
  gen = 0;
  routable = false;
  pendingRemoval = false;
  /** Bulkhead counts per callee component index (allocated on first use). */
  bulk: Int32Array | null = null;
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
    readonly comp: CompRt,
    readonly serial: number,
  ) {}
}

/** Serving replicas take work; starting, crashed and gone ones refuse connections. */
export function isServing(rep: Replica): boolean {
  return rep.state === ReplicaState.Up || rep.state === ReplicaState.Draining;
}

export class CompRt {
  readonly replicas: Replica[] = [];
  routable: Replica[] = [];
  rr = 0;
  /** Where the broker's round of deliveries to this service's replicas goes on from. */
  deliverRr = 0;
  serial = 0;
  /** Whole-component crash (database, broker, registry, config, cache, observability). */
  down = false;
  /** Active crash faults on this (non-service) component; it is down while above 0. */
  downCount = 0;
  // time-weighted quantities
  lastT = 0;
  busy = 0;
  cap = 0;
  queued = 0;
  cpu = 0;
  nRep = 0;
  rBusy = 0;
  rCap = 0;
  rQueue = 0;
  rCpu = 0;
  wBusy = 0;
  wCap = 0;
  wQueue = 0;
  wCpu = 0;
  wRep = 0;
  repMin = Infinity;
  repMax = 0;
  // counts within the window
  completions = 0;
  failed = 0;
  readonly hist = new Histogram();
  // per second
  secCompletions = 0;
  secFailed = 0;
  secBusy = 0;
  secCap = 0;
  secQueue = 0;
  // autoscale
  asBusy = 0;
  asCap = 0;
  // database
  readonly dbQueue = new Fifo<Task>();
  readonly dbRunning: Task[] = [];
  // faults
  slow = 1;
  errP = 0;
  readonly errFaults: number[] = [];
  readonly latAdd: Sampler[] = [];
  // gateway token bucket
  tokens = 0;
  tokT = 0;
  constructor(readonly c: CComponent) {}
}

export class WorkloadRt {
  /** ∫rate dt so far, for constant arrivals under a profile. */
  acc = 0;
  constructor(
    readonly w: CWorkload,
    readonly idx: number,
  ) {}
}

export class Request {
  done = false;
  rejected = false;
  constructor(
    readonly wl: WorkloadRt,
    readonly route: number,
    readonly op: number,
    readonly tSend: number,
    readonly counted: boolean,
  ) {}
}

export class Exec {
  /** Monotonic across reuse from the pool: events and strands of an earlier life carry an older value. */
  gen = 0;
  state: 0 | 1 | 2 = 0; // queued, running, done
  inWork = false;
  /** Its failure draw at the end of work said it fails (returned after any latency fault). */
  failed = false;
  slotPos = -1;
  tArrive = 0;
  strand: Strand | null = null;
  op!: COp;
  comp!: CompRt;
  replica!: Replica;
  parentKind: ParentKind = ParentKind.Request;
  parent!: Request | Call | Copy;
  parentGen = 0;

  init(
    op: COp,
    comp: CompRt,
    replica: Replica,
    parentKind: ParentKind,
    parent: Request | Call | Copy,
    parentGen: number,
  ): this {
    this.state = 0;
    this.inWork = false;
    this.failed = false;
    this.slotPos = -1;
    this.tArrive = 0;
    this.strand = null;
    this.op = op;
    this.comp = comp;
    this.replica = replica;
    this.parentKind = parentKind;
    this.parent = parent;
    this.parentGen = parentGen;
    return this;
  }
}

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
  lastCause = 0;
  /** The caller replica's life when the call began: results from before a crash feed no breaker. */
  readonly callerLife: number;
  constructor(
    readonly strand: Strand,
    readonly strandGen: number,
    readonly step: CStep,
    readonly caller: Replica,
    readonly callee: CompRt,
  ) {
    this.callerLife = caller.life;
  }
}

/** A query, cache lookup or publish in flight. */
export class Task {
  gen = 0;
  pos = -1;
  tArrive = 0;
  constructor(
    readonly strand: Strand,
    readonly strandGen: number,
    readonly step: CStep,
    readonly comp: CompRt,
  ) {}
}

export class Copy {
  attempts = 0;
  /** 0 in outbox, 1 waiting, 2 being handled, 3 resolved */
  state: 0 | 1 | 2 | 3 = 0;
  /** When its handler succeeded (the acknowledgement may apply later, after a broker outage). */
  handledAt = 0;
  constructor(
    readonly sub: CSubscription,
    readonly tPub: number,
    readonly counted: boolean,
  ) {}
}

export class TopicRt {
  published = 0;
  delivered = 0;
  deadLettered = 0;
  lost = 0;
  pendingCounted = 0;
  live = 0;
  maxDepth = 0;
  readonly hist = new Histogram();
}

export class RouteRt {
  count = 0;
  succeeded = 0;
  failed = 0;
  rejected = 0;
  readonly hist = new Histogram();
  secCount = 0;
  secFailed = 0;
  readonly secHist = new SecondHistogram();
}

export class FaultRt {
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
