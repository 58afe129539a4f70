/**
 * The state of a run and the helpers every behaviour uses: time-weighted statistics,
 * scheduling (heap or delay line), routing, pools. Behaviours are layered on top of it,
 * one file each (requests → executions → steps → calls → data → broker → lifecycle →
 * faults → simulation); a lower layer reaches a higher one through an abstract method.
 */
import type { Fault } from "../../model";
import type { RequestOutcome } from "../options";
import { Kind, type CompiledDesign, type COp, type CStep, type CWorkload } from "../compile";
import { EventQueue } from "../engine/event-queue";
import { TimeoutList } from "../engine/timeout-list";
import { Fifo } from "../engine/fifo";
import { Sfc32, type Rng } from "../engine/rng";
import { sample, type Sampler } from "../engine/sample";
import { SecondHistogram, Histogram } from "../metrics/histogram";
import {
  Call,
  Cause,
  CAUSE_COUNT,
  CompRt,
  Copy,
  Exec,
  FaultRt,
  ParentKind,
  Replica,
  Request,
  RouteRt,
  Strand,
  TopicRt,
  WorkloadRt,
} from "./entities";

export const enum Ev {
  Arrival = 0,
  Entry,
  WorkDone,
  StepsStart,
  CallArrive,
  CallTimeout,
  CallRetry,
  QueryArrive,
  QueryDone,
  CacheHit,
  CacheMiss,
  PubArrive,
  Deliver,
  FaultStart,
  FaultEnd,
  ReplicaReady,
  RouteRemove,
  Autoscale,
  Tick,
  Warmup,
  OutboxArrive,
  CallResp = 32, // + cause
  TaskResp = 48, // + cause
  ReqResp = 64, // + cause
}

export interface OutboxItem {
  from: number;
  topic: number;
  copies: Copy[];
}

export interface SimulationInit {
  cd: CompiledDesign;
  workload: CWorkload;
  faults: readonly Fault[];
  durationMs: number;
  warmupMs: number;
  seed: number;
}

export abstract class SimCore {
  readonly q = new EventQueue<unknown>(4096);
  readonly timeoutLists = new Map<number, TimeoutList>();
  now = 0;
  events = 0;
  readonly end: number;
  readonly W: number;
  readonly rng: Rng;
  readonly cd: CompiledDesign;
  readonly comps: CompRt[];
  readonly n: number;
  /** Active partitions by pair (a·n + b, both ways); a map, since an n² array is too big for large designs. */
  readonly partition = new Map<number, number>();
  /** Partition faults in force: while none is, no lookup is needed at all. */
  activePartitions = 0;
  readonly topics: TopicRt[];
  readonly subQueues: Fifo<Copy>[];
  readonly outboxWaiting: OutboxItem[] = [];
  readonly pendingAcks: Copy[] = [];
  readonly waitingStarts: Replica[] = [];
  protected readonly execPool: Exec[] = [];
  protected readonly lineDelays: number[] = [];
  protected readonly lineIds: number[] = [];
  protected readonly strandPool: Strand[] = [];
  readonly wl: WorkloadRt;
  readonly routes: RouteRt[];
  readonly faults: FaultRt[] = [];
  readonly broker: CompRt | null;
  registryDown = false;
  // request totals within the window
  total = 0;
  /** Requests sent and not yet answered, warm-up included (the in-flight guard reads it). */
  live = 0;
  succeeded = 0;
  failed = 0;
  rejected = 0;
  readonly causes = new Float64Array(CAUSE_COUNT);
  readonly hist = new Histogram();
  // per second
  secOk = 0;
  secFailed = 0;
  secRejected = 0;
  readonly secHist = new SecondHistogram();
  /** Called at every simulated second boundary (t in whole seconds, the second just finished). */
  onSecond: ((t: number) => void) | null = null;
  /** Per-second latency quantiles are kept only when someone reads them (timeseries, snapshots). */
  trackSeconds = false;
  onRequestDone: ((o: RequestOutcome) => void) | null = null;
  protected readonly net: Sampler;
  protected readonly obs: readonly Sampler[];
  protected readonly hasRegistry: boolean;
  protected readonly detection: number;

  constructor(init: SimulationInit) {
    const { cd } = init;
    this.cd = cd;
    this.end = init.durationMs;
    this.W = init.warmupMs;
    this.rng = new Sfc32(init.seed);
    this.n = cd.components.length;
    this.net = cd.network;
    this.obs = cd.observability;
    this.comps = cd.components.map((c) => new CompRt(c));
    this.broker = cd.broker >= 0 ? this.comps[cd.broker]! : null;
    this.hasRegistry = cd.registry >= 0;
    this.detection = this.hasRegistry ? cd.components[cd.registry]!.detection : 0;
    this.topics = cd.topics.map(() => new TopicRt());
    this.subQueues = cd.subscriptions.map(() => new Fifo<Copy>());
    this.wl = new WorkloadRt(init.workload, 0);
    this.routes = init.workload.routeKeys.map(() => new RouteRt());

    for (const comp of this.comps) {
      const c = comp.c;
      if (c.kind === Kind.Service || c.kind === Kind.Gateway) {
        const count = c.kind === Kind.Gateway ? 1 : c.replicas;
        for (let i = 0; i < count; i++) {
          const rep = new Replica(comp, comp.serial++);
          comp.replicas.push(rep);
          comp.routable.push(rep);
          rep.routable = true;
        }
        comp.nRep = count;
        comp.cap = count * slotsOf(comp);
        if (c.rateLimit) comp.tokens = c.rateLimit.burst;
        if (c.autoscale) this.q.push(c.autoscale.interval, Ev.Autoscale, comp);
      } else if (c.kind === Kind.Database) {
        comp.cap = Number.isFinite(c.pool) ? c.pool : 0;
      }
    }
  }

  // Behaviours of higher layers that lower ones start.
  protected abstract admit(exec: Exec): boolean;
  protected abstract advance(s: Strand): void;
  protected abstract deliveryDone(copy: Copy, cause: Cause, rep: Replica): void;
  protected abstract dispatchTo(rep: Replica): void;
  protected abstract removeReplica(rep: Replica): void;
  protected abstract startCache(s: Strand, step: CStep): void;
  protected abstract startCall(s: Strand, step: CStep): void;
  protected abstract startPublish(s: Strand, step: CStep): void;
  protected abstract startQuery(s: Strand, step: CStep): void;

  // ------------------------------------------------------------ time-weighted statistics

  /** Brings a component's integrals up to now; call before changing busy, cap, queued, cpu or nRep. */
  touch(c: CompRt): void {
    const now = this.now;
    const last = c.lastT;
    if (now <= last) return;
    const dt = now - last;
    c.rBusy += c.busy * dt;
    c.rCap += c.cap * dt;
    c.rQueue += c.queued * dt;
    c.rCpu += c.cpu * dt;
    if (now > this.W) {
      const d = last > this.W ? dt : now - this.W;
      c.wBusy += c.busy * d;
      c.wCap += c.cap * d;
      c.wQueue += c.queued * d;
      c.wCpu += c.cpu * d;
      c.wRep += c.nRep * d;
    }
    c.lastT = now;
  }

  protected setReplicaCount(c: CompRt, n: number): void {
    this.touch(c);
    c.nRep = n;
    if (this.now >= this.W) {
      if (n < c.repMin) c.repMin = n;
      if (n > c.repMax) c.repMax = n;
    }
  }

  protected startWindow(): void {
    for (const c of this.comps) {
      this.touch(c);
      c.repMin = c.nRep;
      c.repMax = c.nRep;
    }
    // Extremes cover [warmup, duration]: a backlog left by the warm-up counts from its end.
    for (const t of this.topics) t.maxDepth = t.live;
  }

  protected inWindow(): boolean {
    return this.now >= this.W;
  }

  /**
   * Schedules an event `delay` ms from now: on a delay line when the delay is one of
   * the design's constants (so the event skips the heap), else on the heap.
   */
  protected schedule(delay: number, kind: number, obj: unknown, gen = 0): void {
    const ds = this.lineDelays;
    for (let i = 0; i < ds.length; i++) {
      if (ds[i] === delay) {
        this.q.pushLine(this.lineIds[i]!, this.now + delay, kind, obj, gen);
        return;
      }
    }
    this.q.push(this.now + delay, kind, obj, gen);
  }

  /**
   * Registers the design's constant hops (network, publish, delivery) as delay lines.
   * These are most of the events; every line costs a comparison per pop, so fixed work
   * times and the like stay on the heap (measured: more lines made peak-sale slower).
   */
  protected addDelayLines(): void {
    const constant = (x: Sampler): number | null => (x.type === 0 /* Const */ ? x.a : null);
    const values: number[] = [];
    const add = (v: number | null) => {
      if (v !== null && v > 0 && !values.includes(v)) values.push(v);
    };
    const net = constant(this.net);
    add(net);
    const B = this.broker;
    if (B && net !== null) {
      const pub = constant(B.c.publishLatency);
      const del = constant(B.c.deliveryLatency);
      if (pub !== null) add(net + pub);
      if (del !== null) add(del + net);
    }
    for (const v of values) {
      this.lineDelays.push(v);
      this.lineIds.push(this.q.addLine());
    }
  }

  protected netDelay(): number {
    return this.net.isZero ? 0 : sample(this.net, this.rng);
  }

  protected parted(a: number, b: number): boolean {
    return this.activePartitions > 0 && (this.partition.get(a * this.n + b) ?? 0) > 0;
  }

  protected newExec(
    op: COp,
    comp: CompRt,
    rep: Replica,
    kind: ParentKind,
    parent: Request | Call | Copy,
    parentGen: number,
  ): Exec {
    return (this.execPool.pop() ?? new Exec()).init(op, comp, rep, kind, parent, parentGen);
  }

  /** Picks a routable replica with the service's balancer; null when none is known. */
  protected pickReplica(comp: CompRt): Replica | null {
    const list = comp.routable;
    const n = list.length;
    if (n === 0) return null;
    if (n === 1) return list[0]!;
    switch (comp.c.balancer) {
      case 0:
        return list[comp.rr++ % n]!;
      case 1: {
        const start = comp.rr++ % n;
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
        return list[Math.floor(this.rng.next() * n)]!;
    }
  }

  /** Starts counting a new second; call after reading the per-second figures. */
  resetSecond(): void {
    this.secOk = 0;
    this.secFailed = 0;
    this.secRejected = 0;
    this.secHist.reset();
    for (const r of this.routes) {
      r.secCount = 0;
      r.secFailed = 0;
      r.secHist.reset();
    }
    for (const c of this.comps) {
      this.touch(c);
      c.secCompletions = 0;
      c.secFailed = 0;
      c.secBusy = c.rBusy;
      c.secCap = c.rCap;
      c.secQueue = c.rQueue;
    }
  }

  /** The aggregated circuit state from a component to a callee: the worst over its replicas. */
  circuitState(comp: CompRt, callee: number): "closed" | "open" | "halfOpen" {
    let worst = 0;
    for (const rep of comp.replicas) {
      const br = rep.breakers?.get(callee);
      if (!br) continue;
      let s: number = br.state;
      if (s === 1 && this.now >= br.openUntil) s = 2;
      if (s === 1) return "open";
      if (s > worst) worst = s;
    }
    return worst === 2 ? "halfOpen" : "closed";
  }
}

/** The slots a replica adds to a component's capacity (0 for an unbounded gateway: no utilization). */
export function slotsOf(comp: CompRt): number {
  return Number.isFinite(comp.c.concurrency) ? comp.c.concurrency : 0;
}

export function pushFrame(s: Strand, steps: CStep[], optional: boolean): void {
  s.frames[s.depth] = steps;
  s.idx[s.depth] = 0;
  s.optionalFrame[s.depth] = optional;
  s.depth++;
}
