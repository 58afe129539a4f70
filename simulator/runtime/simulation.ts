/**
 * The run: one event loop over the compiled design. Events are (time, kind,
 * object, generation); a handler drops an event whose generation no longer
 * matches its object (a timed-out attempt, a finished execution, a restarted
 * replica), which is how cancellation works without searching the heap.
 *
 * Hot paths avoid closures and per-event objects beyond the execution itself.
 */
import type { Fault } from "../../model";
import type { RequestOutcome } from "../options";
import { FAILURE_CAUSES } from "../result";
import { Kind, StepKind, type CompiledDesign, type COp, type CStep, type CWorkload } from "../compile";
import { EventQueue } from "../engine/event-queue";
import { TimeoutList } from "../engine/timeout-list";
import { Fifo } from "../engine/fifo";
import { Sfc32, type Rng } from "../engine/rng";
import { compileSampler, sample, ZERO_SAMPLER, type Sampler } from "../engine/sample";
import { CoarseHistogram, Histogram } from "../metrics/histogram";
import { nextArrival } from "./arrivals";
import {
  Breaker,
  Call,
  Cause,
  CAUSE_COUNT,
  CompRt,
  Copy,
  Exec,
  FaultRt,
  Join,
  ParentKind,
  Replica,
  ReplicaState,
  Request,
  RouteRt,
  Strand,
  Task,
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

interface OutboxItem {
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

export class Simulation {
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
  readonly partition: Int32Array;
  readonly topics: TopicRt[];
  readonly subQueues: Fifo<Copy>[];
  readonly outboxWaiting: OutboxItem[] = [];
  readonly pendingAcks: Copy[] = [];
  readonly waitingStarts: Replica[] = [];
  private readonly execPool: Exec[] = [];
  private readonly lineDelays: number[] = [];
  private readonly lineIds: number[] = [];
  private readonly strandPool: Strand[] = [];
  readonly wl: WorkloadRt;
  readonly routes: RouteRt[];
  readonly faults: FaultRt[] = [];
  readonly broker: CompRt | null;
  registryDown = false;
  // request totals within the window
  total = 0;
  succeeded = 0;
  failed = 0;
  rejected = 0;
  readonly causes = new Float64Array(CAUSE_COUNT);
  readonly hist = new Histogram();
  // per second
  secOk = 0;
  secFailed = 0;
  secRejected = 0;
  readonly secHist = new CoarseHistogram();
  /** Called at every simulated second boundary (t in whole seconds, the second just finished). */
  onSecond: ((t: number) => void) | null = null;
  /** Per-second latency quantiles are kept only when someone reads them (timeseries, snapshots). */
  trackSeconds = false;
  onRequestDone: ((o: RequestOutcome) => void) | null = null;
  private readonly net: Sampler;
  private readonly obs: Sampler;
  /** The observability component, when it adds overhead. */
  private readonly obsComp: CompRt | null;
  private readonly hasRegistry: boolean;
  private readonly detection: number;

  constructor(init: SimulationInit) {
    const { cd } = init;
    this.cd = cd;
    this.end = init.durationMs;
    this.W = init.warmupMs;
    this.rng = new Sfc32(init.seed);
    this.n = cd.components.length;
    this.partition = new Int32Array(this.n * this.n);
    this.net = cd.network;
    this.obs = cd.observability;
    this.comps = cd.components.map((c) => new CompRt(c));
    const obsIdx = cd.components.findIndex((c) => c.kind === Kind.Observability);
    this.obsComp = obsIdx >= 0 && !this.obs.isZero ? this.comps[obsIdx]! : null;
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
        comp.cap = count * c.concurrency;
        if (c.rateLimit) comp.tokens = c.rateLimit.burst;
        if (c.autoscale) this.q.push(c.autoscale.interval, Ev.Autoscale, comp);
      } else if (c.kind === Kind.Database) {
        comp.cap = Number.isFinite(c.pool) ? c.pool : 0;
      }
    }
    this.addDelayLines();
    for (const f of init.faults) this.addFault(f);
    const first = nextArrival(this.wl.w, 0, this.rng);
    if (first < this.end) this.q.push(first, Ev.Arrival, this.wl);
    if (this.W > 0) this.q.push(this.W, Ev.Warmup, null);
    else this.startWindow();
    if (this.end > 1000) this.q.push(1000, Ev.Tick, null);
  }

  /** Schedules a fault (from the scenario or injected while running). */
  addFault(f: Fault): FaultRt {
    const at = Math.max(f.at, this.now);
    const until = f.for === undefined ? Infinity : at + f.for;
    const byId = this.cd.byId;
    const rt =
      f.kind === "partition"
        ? new FaultRt(f.kind, at, until, byId.get(f.between[0])!, byId.get(f.between[1])!, 0, null, 0, 1)
        : new FaultRt(
            f.kind,
            at,
            until,
            byId.get(f.target)!,
            -1,
            f.kind === "crash" ? (f.replicas ?? 0) : 0,
            f.kind === "latency" ? compileSampler(f.add) : null,
            f.kind === "errors" ? f.probability : 0,
            f.kind === "slowdown" ? f.factor : 1,
          );
    this.faults.push(rt);
    if (at < this.end) this.q.push(at, Ev.FaultStart, rt);
    return rt;
  }

  /** Ends every active fault now ("heal all"). */
  healAll(): void {
    for (const f of this.faults) if (f.active) this.endFault(f);
  }

  /**
   * Processes events with time < until (and < end). Returns false when stopped by a limit.
   * `check` is called every 16,384 events; returning a reason stops the run.
   */
  runUntil(until: number, maxEvents: number, check: (() => boolean) | null): boolean {
    const q = this.q;
    const limit = Math.min(until, this.end);
    let sinceCheck = 0;
    for (;;) {
      if (this.events >= maxEvents) {
        if (q.peekTime() < limit) return false;
        break;
      }
      if (++sinceCheck === 16384) {
        sinceCheck = 0;
        if (check && check()) return false;
      }
      if (!q.popBefore(limit)) break;
      this.now = q.time;
      this.events++;
      this.dispatch(q.kind, q.obj, q.gen);
    }
    if (limit > this.now) this.now = limit;
    return true;
  }

  private dispatch(kind: number, obj: unknown, gen: number): void {
    switch (kind) {
      case Ev.Arrival:
        return this.onArrival();
      case Ev.Entry:
        return this.arriveEntry(obj as Request);
      case Ev.WorkDone:
        return this.onWorkDone(obj as Exec, gen);
      case Ev.StepsStart:
        if ((obj as Exec).gen === gen) this.runSteps(obj as Exec);
        return;
      case Ev.CallArrive:
        return this.onCallArrive(obj as Call, gen);
      case Ev.CallTimeout:
        return this.onTimeouts(obj as TimeoutList);
      case Ev.CallRetry:
        return this.onCallRetry(obj as Call, gen);
      case Ev.QueryArrive:
        return this.onQueryArrive(obj as Task);
      case Ev.QueryDone:
        return this.onQueryDone(obj as Task, gen);
      case Ev.CacheHit:
      case Ev.CacheMiss:
        return this.onCacheResult(obj as Strand, gen, kind === Ev.CacheMiss);
      case Ev.PubArrive:
        return this.onPubArrive(obj as Task);
      case Ev.Deliver:
        if ((obj as Exec).gen === gen) this.beginWork(obj as Exec, true);
        return;
      case Ev.FaultStart:
        return this.startFault(obj as FaultRt);
      case Ev.FaultEnd:
        if ((obj as FaultRt).active) this.endFault(obj as FaultRt);
        return;
      case Ev.ReplicaReady:
        return this.onReplicaReady(obj as Replica, gen);
      case Ev.RouteRemove:
        return this.onRouteRemove(obj as Replica, gen);
      case Ev.Autoscale:
        return this.onAutoscale(obj as CompRt);
      case Ev.Tick:
        return this.onTick();
      case Ev.Warmup:
        return this.startWindow();
      case Ev.OutboxArrive:
        return this.onOutboxArrive(obj as OutboxItem);
    }
    if (kind >= Ev.ReqResp) return this.completeRequest(obj as Request, kind - Ev.ReqResp);
    if (kind >= Ev.TaskResp) {
      const t = obj as Task;
      return this.stepDone(t.strand, t.strandGen, kind - Ev.TaskResp);
    }
    if (kind >= Ev.CallResp) {
      const call = obj as Call;
      if (call.attemptGen === gen && call.inAttempt) this.attemptDone(call, kind - Ev.CallResp);
    }
  }

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

  private setReplicaCount(c: CompRt, n: number): void {
    this.touch(c);
    c.nRep = n;
    if (this.now >= this.W) {
      if (n < c.repMin) c.repMin = n;
      if (n > c.repMax) c.repMax = n;
    }
  }

  private startWindow(): void {
    for (const c of this.comps) {
      this.touch(c);
      c.repMin = c.nRep;
      c.repMax = c.nRep;
    }
  }

  private inWindow(): boolean {
    return this.now >= this.W;
  }

  /**
   * Schedules an event `delay` ms from now: on a delay line when the delay is one of
   * the design's constants (so the event skips the heap), else on the heap.
   */
  private schedule(delay: number, kind: number, obj: unknown, gen = 0): void {
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
  private addDelayLines(): void {
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

  private netDelay(): number {
    return this.net.isZero ? 0 : sample(this.net, this.rng);
  }

  private parted(a: number, b: number): boolean {
    return this.partition[a * this.n + b]! > 0;
  }

  // ------------------------------------------------------------ requests

  private onArrival(): void {
    const wl = this.wl;
    const w = wl.w;
    const next = nextArrival(w, this.now, this.rng);
    if (next < this.end) this.q.push(next, Ev.Arrival, wl);
    let k = 0;
    if (w.mixOps.length > 1) {
      const u = this.rng.next();
      const cum = w.mixCum;
      while (k < cum.length - 1 && u >= cum[k]!) k++;
    }
    const op = w.mixOps[k]!;
    const r = new Request(wl, op, op, this.now, this.now >= this.W);
    if (r.counted) this.total++;
    const d = w.clientLatency.isZero ? 0 : sample(w.clientLatency, this.rng);
    if (d > 0) this.schedule(d, Ev.Entry, r);
    else this.arriveEntry(r);
  }

  private arriveEntry(r: Request): void {
    const comp = this.comps[r.wl.w.entry]!;
    const c = comp.c;
    let rep: Replica | null;
    if (c.kind === Kind.Gateway) {
      rep = comp.replicas[0] ?? null;
      if (!rep || rep.state === ReplicaState.Crashed) return this.respond(r, Cause.Crashed);
      if (c.rateLimit) {
        const rl = c.rateLimit;
        comp.tokens = Math.min(rl.burst, comp.tokens + ((this.now - comp.tokT) * rl.rps) / 1000);
        comp.tokT = this.now;
        if (comp.tokens < 1) {
          r.rejected = true;
          return this.respond(r, Cause.RateLimited);
        }
        comp.tokens -= 1;
      }
    } else {
      rep = this.pickReplica(comp);
      if (!rep || rep.state === ReplicaState.Crashed) return this.respond(r, Cause.Crashed);
    }
    const exec = this.newExec(c.ops[r.op]!, comp, rep, ParentKind.Request, r, 0);
    exec.tArrive = this.now;
    if (!this.admit(exec)) {
      r.rejected = true;
      if (this.inWindow()) comp.failed++;
      this.respond(r, Cause.Rejected);
    }
  }

  private respond(r: Request, cause: Cause): void {
    const lat = r.wl.w.clientLatency;
    const d = lat.isZero ? 0 : sample(lat, this.rng);
    if (d > 0) this.schedule(d, Ev.ReqResp + cause, r);
    else this.completeRequest(r, cause);
  }

  private completeRequest(r: Request, cause: number): void {
    if (r.done) return;
    r.done = true;
    if (this.onRequestDone !== null) {
      this.onRequestDone({ route: r.wl.w.routeKeys[r.route]!, sentAt: r.tSend, doneAt: this.now, ok: cause === Cause.Ok, cause: cause === Cause.Ok ? undefined : FAILURE_CAUSES[cause - 1], rejected: r.rejected });
    }
    const route = this.routes[r.route]!;
    const latency = this.now - r.tSend;
    route.secCount++;
    if (cause === Cause.Ok) {
      this.secOk++;
      if (this.trackSeconds) {
        this.secHist.record(latency);
        route.secHist.record(latency);
      }
    } else {
      route.secFailed++;
      if (r.rejected) this.secRejected++;
      else this.secFailed++;
    }
    if (!r.counted) return;
    route.count++;
    if (cause === Cause.Ok) {
      this.succeeded++;
      route.succeeded++;
      const b = Histogram.bucketOf(latency);
      this.hist.recordIn(b, latency);
      route.hist.recordIn(b, latency);
      return;
    }
    this.causes[cause]!++;
    if (r.rejected) {
      this.rejected++;
      route.rejected++;
    } else {
      this.failed++;
      route.failed++;
    }
  }

  // ------------------------------------------------------------ executions

  /** Takes a slot, or waits FIFO in the replica's queue; false when the queue is full (503). */
  private admit(exec: Exec): boolean {
    const rep = exec.replica;
    const comp = exec.comp;
    if (rep.busy < comp.c.concurrency && rep.queue.length === 0) {
      this.startExec(exec);
      return true;
    }
    if (rep.queue.length < comp.c.queue) {
      this.touch(comp);
      comp.queued++;
      rep.queue.push(exec);
      return true;
    }
    return false;
  }

  private holdSlot(exec: Exec): void {
    const rep = exec.replica;
    const comp = exec.comp;
    this.touch(comp);
    rep.busy++;
    comp.busy++;
    exec.state = 1;
    exec.slotPos = rep.running.length;
    rep.running.push(exec);
  }

  private startExec(exec: Exec): void {
    this.holdSlot(exec);
    this.beginWork(exec, false);
  }

  private beginWork(exec: Exec, delivered: boolean): void {
    const comp = exec.comp;
    const op = exec.op;
    if (delivered) exec.tArrive = this.now;
    let w = op.work.isZero ? 0 : sample(op.work, this.rng);
    if (comp.slow !== 1) w *= comp.slow;
    if (op.observed && this.obsComp !== null && !this.obsComp.down) w += sample(this.obs, this.rng);
    this.touch(comp);
    comp.cpu++;
    exec.inWork = true;
    exec.tWork = this.now;
    this.schedule(w, Ev.WorkDone, exec, exec.gen);
  }

  private onWorkDone(exec: Exec, gen: number): void {
    if (exec.gen !== gen) return;
    const comp = exec.comp;
    this.touch(comp);
    comp.cpu--;
    exec.inWork = false;
    const p = exec.op.errorRate;
    const fp = comp.errP;
    if (p > 0 || fp > 0) {
      const pf = 1 - (1 - p) * (1 - fp);
      if (this.rng.next() < pf) return this.finishExec(exec, Cause.Error);
    }
    if (comp.latAdd.length > 0) {
      let d = 0;
      for (const s of comp.latAdd) d += sample(s, this.rng);
      if (d > 0) {
        this.schedule(d, Ev.StepsStart, exec, exec.gen);
        return;
      }
    }
    this.runSteps(exec);
  }

  private runSteps(exec: Exec): void {
    const steps = exec.op.steps;
    if (steps.length === 0) return this.finishExec(exec, Cause.Ok);
    const s = (this.strandPool.pop() ?? new Strand()).init(exec, exec.gen, null, null);
    exec.strand = s;
    pushFrame(s, steps, false);
    this.advance(s);
  }

  /** Ends an execution: frees its slot, records it, tells its parent, then lets the next one in. */
  finishExec(exec: Exec, cause: Cause): void {
    const rep = exec.replica;
    const comp = exec.comp;
    const wasRunning = exec.state === 1;
    exec.gen++;
    if (wasRunning) {
      this.touch(comp);
      if (exec.inWork) {
        comp.cpu--;
        exec.inWork = false;
      }
      const last = rep.running.pop()!;
      if (last !== exec) {
        rep.running[exec.slotPos] = last;
        last.slotPos = exec.slotPos;
      }
      rep.busy--;
      comp.busy--;
      comp.secCompletions++;
      if (cause !== Cause.Ok) comp.secFailed++;
      if (this.now >= this.W) {
        comp.completions++;
        if (cause !== Cause.Ok) comp.failed++;
        else comp.hist.record(this.now - exec.tArrive);
      }
    } else if (cause !== Cause.Ok && this.now >= this.W) {
      comp.failed++;
    }
    exec.state = 2;
    this.notifyParent(exec, cause);
    if (wasRunning) this.afterRelease(rep);
    // Back to the pools: every later event for this life carries an older generation.
    const s = exec.strand;
    if (s !== null) {
      exec.strand = null;
      this.strandPool.push(s);
    }
    this.execPool.push(exec);
  }

  private newExec(op: COp, comp: CompRt, rep: Replica, kind: ParentKind, parent: Request | Call | Copy, parentGen: number): Exec {
    return (this.execPool.pop() ?? new Exec()).init(op, comp, rep, kind, parent, parentGen);
  }

  private notifyParent(exec: Exec, cause: Cause): void {
    switch (exec.parentKind) {
      case ParentKind.Request:
        return this.respond(exec.parent as Request, cause);
      case ParentKind.Call: {
        const call = exec.parent as Call;
        if (call.attemptGen !== exec.parentGen) return; // timed out: the work was wasted
        const d = this.netDelay();
        this.schedule(d, Ev.CallResp + cause, call, exec.parentGen);
        return;
      }
      case ParentKind.Delivery:
        return this.deliveryDone(exec.parent as Copy, cause, exec.replica);
    }
  }

  private afterRelease(rep: Replica): void {
    const st = rep.state;
    if (st !== ReplicaState.Up && st !== ReplicaState.Draining) return;
    const comp = rep.comp;
    if (rep.queue.length > 0) {
      const next = rep.queue.shift()!;
      this.touch(comp);
      comp.queued--;
      this.startExec(next);
      return;
    }
    if (st === ReplicaState.Up) {
      if (comp.c.subscriptions.length > 0) this.dispatchTo(rep);
    } else if (rep.busy === 0) {
      this.removeReplica(rep);
    }
  }

  // ------------------------------------------------------------ steps

  private advance(s: Strand): void {
    for (;;) {
      if (s.depth === 0) return this.strandDone(s, Cause.Ok);
      const d = s.depth - 1;
      const steps = s.frames[d]!;
      const i = s.idx[d]!;
      if (i >= steps.length) {
        s.depth--;
        continue;
      }
      s.idx[d] = i + 1;
      const step = steps[i]!;
      if (step.probability < 1 && this.rng.next() >= step.probability) continue;
      if (step.kind === StepKind.Branch) {
        const u = this.rng.next();
        const cum = step.branchCum;
        let k = 0;
        while (k < cum.length - 1 && u >= cum[k]!) k++;
        pushFrame(s, step.branchSteps[k]!, step.optional);
        continue;
      }
      s.current = step;
      s.gen++;
      switch (step.kind) {
        case StepKind.Call:
          return this.startCall(s, step);
        case StepKind.Query:
          return this.startQuery(s, step);
        case StepKind.Cache:
          return this.startCache(s, step);
        case StepKind.Publish:
          return this.startPublish(s, step);
        case StepKind.Parallel:
          return this.startParallel(s, step);
      }
    }
  }

  /** A step finished; a stale strand (its execution ended, or another step is current) ignores it. */
  stepDone(s: Strand, gen: number, cause: number): void {
    if (s.gen !== gen || s.execGen !== s.exec.gen || s.current === null) return;
    const step = s.current;
    s.current = null;
    s.gen++;
    if (cause !== Cause.Ok && !step.optional) return this.unwind(s, cause);
    this.advance(s);
  }

  private unwind(s: Strand, cause: number): void {
    while (s.depth > 0) {
      s.depth--;
      // A failure inside an optional branch or cache miss ends that step, not the operation.
      if (s.optionalFrame[s.depth]) return this.advance(s);
    }
    this.strandDone(s, cause);
  }

  private strandDone(s: Strand, cause: number): void {
    if (s.execGen !== s.exec.gen) return;
    const join = s.join;
    if (join === null) return this.finishExec(s.exec, cause);
    if (join.failed || join.remaining === 0) return;
    if (cause !== Cause.Ok && !s.joinStep!.optional) {
      join.failed = true;
      return this.stepDone(join.strand, join.strandGen, cause);
    }
    if (--join.remaining === 0) this.stepDone(join.strand, join.strandGen, Cause.Ok);
  }

  private startParallel(s: Strand, step: CStep): void {
    const n = step.children.length;
    if (n === 0) return this.stepDone(s, s.gen, Cause.Ok);
    const join = new Join(s, s.gen, n);
    // The strand may finish (and be reused) while children start inline: hold on to its execution.
    const exec = s.exec;
    const execGen = s.execGen;
    for (const child of step.children) {
      if (join.failed || exec.gen !== execGen) return;
      const cs = new Strand().init(exec, execGen, join, child);
      pushFrame(cs, [child], false);
      this.advance(cs);
    }
  }

  // ------------------------------------------------------------ calls and resilience

  private startCall(s: Strand, step: CStep): void {
    const caller = s.exec.replica;
    const callee = this.comps[step.target]!;
    const call = new Call(s, s.gen, step, caller, callee);
    const limit = step.resilience.bulkhead;
    if (limit !== Infinity) {
      const b = caller.bulk ?? (caller.bulk = new Int32Array(this.n));
      if (b[step.target]! >= limit) return this.callDone(call, Cause.Bulkhead);
      b[step.target]!++;
      call.bulkheadHeld = true;
    }
    this.attempt(call);
  }

  private attempt(call: Call): void {
    const R = call.step.resilience;
    call.probe = false;
    if (R.breaker) {
      const br = this.breakerOf(call.caller, call.callee.c.idx, R.breaker);
      if (br.state === 1) {
        if (this.now < br.openUntil) return this.callDone(call, Cause.CircuitOpen);
        br.state = 2;
        br.probesLeft = br.probes;
        br.probesOk = 0;
      }
      if (br.state === 2) {
        if (br.probesLeft <= 0) return this.callDone(call, Cause.CircuitOpen);
        br.probesLeft--;
        call.probe = true;
      }
    }
    call.attempt++;
    const g = ++call.attemptGen;
    call.inAttempt = true;
    if (R.timeout !== Infinity) {
      let list = this.timeoutLists.get(R.timeout);
      if (list === undefined) this.timeoutLists.set(R.timeout, (list = new TimeoutList()));
      const at = this.now + R.timeout;
      list.push(call, g, at);
      if (!list.scheduled) {
        list.scheduled = true;
        this.q.push(at, Ev.CallTimeout, list, 0);
      }
    }
    const from = call.caller.comp.c.idx;
    const to = call.callee.c.idx;
    if (this.parted(from, to)) return this.attemptDone(call, Cause.Partitioned);
    const rep = this.pickReplica(call.callee);
    if (rep === null) return this.attemptDone(call, Cause.Crashed);
    call.target = rep;
    const d = this.netDelay();
    if (rep.state === ReplicaState.Crashed) {
      // A stale route: the connection is refused, known after a round trip.
      this.q.push(this.now + d + this.netDelay(), Ev.CallResp + Cause.Crashed, call, g); // rare: no line
      return;
    }
    if (d > 0) this.schedule(d, Ev.CallArrive, call, g);
    else this.onCallArrive(call, g);
  }

  private onCallArrive(call: Call, g: number): void {
    const rep = call.target!;
    const callee = call.callee;
    if (rep.state === ReplicaState.Crashed || rep.state === ReplicaState.Gone || this.parted(call.caller.comp.c.idx, callee.c.idx)) {
      const cause = rep.state === ReplicaState.Crashed || rep.state === ReplicaState.Gone ? Cause.Crashed : Cause.Partitioned;
      this.schedule(this.netDelay(), Ev.CallResp + cause, call, g);
      return;
    }
    const exec = this.newExec(callee.c.ops[call.step.op]!, callee, rep, ParentKind.Call, call, g);
    exec.tArrive = this.now;
    if (!this.admit(exec)) {
      if (this.inWindow()) callee.failed++;
      this.schedule(this.netDelay(), Ev.CallResp + Cause.Rejected, call, g);
    }
  }

  /** Timeouts of one duration expire in the order they were set, so one heap entry per duration suffices. */
  private onTimeouts(list: TimeoutList): void {
    while (list.n > 0) {
      const call = list.calls[list.head] as Call;
      const g = list.gens[list.head]!;
      // An attempt that already ended needs no event: drop it now, not at its expiry.
      if (call.attemptGen !== g || !call.inAttempt) {
        list.shift();
        continue;
      }
      const at = list.ats[list.head]!;
      if (at > this.now) {
        this.q.push(at, Ev.CallTimeout, list, 0);
        return;
      }
      list.shift();
      this.attemptDone(call, Cause.Timeout);
    }
    list.scheduled = false;
  }

  private attemptDone(call: Call, cause: number): void {
    call.inAttempt = false;
    call.attemptGen++;
    if (call.step.resilience.breaker) this.recordBreaker(call, cause === Cause.Ok);
    if (cause === Cause.Ok) return this.callDone(call, Cause.Ok);
    const r = call.step.resilience.retries;
    if (r !== null && call.attempt <= r.max) {
      let d = r.backoff * Math.pow(2, call.attempt - 1);
      if (r.jitter) d *= this.rng.next();
      this.schedule(d, Ev.CallRetry, call, call.attemptGen);
      call.lastCause = cause;
      return;
    }
    this.callDone(call, cause);
  }

  private onCallRetry(call: Call, g: number): void {
    if (call.attemptGen !== g) return;
    const s = call.strand;
    // The caller is gone (crashed, or its operation failed elsewhere): stop retrying.
    if (s.gen !== call.strandGen || s.execGen !== s.exec.gen) return this.callDone(call, call.lastCause);
    this.attempt(call);
  }

  private callDone(call: Call, cause: number): void {
    if (call.bulkheadHeld) {
      call.bulkheadHeld = false;
      call.caller.bulk![call.callee.c.idx]!--;
    }
    this.stepDone(call.strand, call.strandGen, cause);
  }

  private breakerOf(rep: Replica, callee: number, cfg: { failureRate: number; window: number; openFor: number; halfOpenProbes: number }): Breaker {
    const map = rep.breakers ?? (rep.breakers = new Map());
    let br = map.get(callee);
    if (br === undefined) {
      br = new Breaker(cfg.failureRate, cfg.window, cfg.openFor, cfg.halfOpenProbes);
      map.set(callee, br);
    }
    return br;
  }

  private recordBreaker(call: Call, ok: boolean): void {
    const br = call.caller.breakers?.get(call.callee.c.idx);
    if (br === undefined) return;
    if (call.probe) {
      call.probe = false;
      if (br.state !== 2) return;
      if (!ok) {
        br.state = 1;
        br.openUntil = this.now + br.openFor;
      } else if (++br.probesOk >= br.probes) {
        br.state = 0;
        br.window.fill(0);
        br.pos = 0;
        br.filled = 0;
        br.failures = 0;
      }
      return;
    }
    if (br.state !== 0) return; // an attempt that started before the breaker opened
    const f = ok ? 0 : 1;
    const size = br.window.length;
    if (br.filled === size) br.failures -= br.window[br.pos]!;
    else br.filled++;
    br.window[br.pos] = f;
    br.failures += f;
    br.pos = br.pos + 1 === size ? 0 : br.pos + 1;
    if (br.filled === size && br.failures / size >= br.failureRate) {
      br.state = 1;
      br.openUntil = this.now + br.openFor;
    }
  }

  /** Picks a routable replica with the service's balancer; null when none is known. */
  private pickReplica(comp: CompRt): Replica | null {
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

  // ------------------------------------------------------------ databases and caches

  private startQuery(s: Strand, step: CStep): void {
    const db = this.comps[step.target]!;
    if (this.parted(s.exec.comp.c.idx, db.c.idx)) return this.stepDone(s, s.gen, Cause.Partitioned);
    const t = new Task(s, s.gen, step, db);
    const d = this.netDelay();
    if (d > 0) this.schedule(d, Ev.QueryArrive, t);
    else this.onQueryArrive(t);
  }

  private onQueryArrive(t: Task): void {
    const db = t.comp;
    if (db.down) return this.respondTask(t, Cause.Crashed);
    t.tArrive = this.now;
    if (db.busy < db.c.pool && db.dbQueue.length === 0) return this.holdConnection(t);
    this.touch(db);
    db.queued++;
    db.dbQueue.push(t);
  }

  private holdConnection(t: Task): void {
    const db = t.comp;
    this.touch(db);
    db.busy++;
    t.pos = db.dbRunning.length;
    db.dbRunning.push(t);
    let h = db.c.time.isZero ? 0 : sample(db.c.time, this.rng);
    for (const s of db.latAdd) h += sample(s, this.rng);
    this.schedule(h, Ev.QueryDone, t, t.gen);
  }

  private releaseConnection(t: Task): void {
    const db = t.comp;
    this.touch(db);
    db.busy--;
    const last = db.dbRunning.pop()!;
    if (last !== t) {
      db.dbRunning[t.pos] = last;
      last.pos = t.pos;
    }
    t.gen++;
  }

  private onQueryDone(t: Task, g: number): void {
    if (t.gen !== g) return;
    const db = t.comp;
    this.releaseConnection(t);
    db.secCompletions++;
    if (this.inWindow()) {
      db.completions++;
      db.hist.record(this.now - t.tArrive);
    }
    this.respondTask(t, Cause.Ok);
    if (db.dbQueue.length > 0 && !db.down) {
      const next = db.dbQueue.shift()!;
      this.touch(db);
      db.queued--;
      this.holdConnection(next);
    }
  }

  private respondTask(t: Task, cause: Cause): void {
    const d = this.netDelay();
    if (d > 0) this.schedule(d, Ev.TaskResp + cause, t);
    else this.stepDone(t.strand, t.strandGen, cause);
  }

  private startCache(s: Strand, step: CStep): void {
    const cache = this.comps[step.target]!;
    // A crashed or unreachable cache answers nothing: the lookup counts as a miss at once.
    if (cache.down || this.parted(s.exec.comp.c.idx, cache.c.idx)) return this.onCacheResult(s, s.gen, true);
    const d = this.netDelay() + (cache.c.time.isZero ? 0 : sample(cache.c.time, this.rng)) + this.netDelay();
    const miss = !(this.rng.next() < cache.c.hitRatio);
    cache.secCompletions++;
    if (this.inWindow()) {
      cache.completions++;
      cache.hist.record(d);
    }
    if (d > 0) this.schedule(d, miss ? Ev.CacheMiss : Ev.CacheHit, s, s.gen);
    else this.onCacheResult(s, s.gen, miss);
  }

  private onCacheResult(s: Strand, gen: number, miss: boolean): void {
    if (s.gen !== gen || s.execGen !== s.exec.gen || s.current === null) return;
    const step = s.current;
    s.current = null;
    s.gen++;
    if (miss && step.miss.length > 0) pushFrame(s, step.miss, step.optional);
    this.advance(s);
  }

  // ------------------------------------------------------------ broker

  private startPublish(s: Strand, step: CStep): void {
    const B = this.broker!;
    const from = s.exec.comp.c.idx;
    if (step.outbox) {
      const copies = this.createCopies(step.topic, this.now, 0);
      if (copies.length > 0) this.relay({ from, topic: step.topic, copies });
      return this.stepDone(s, s.gen, Cause.Ok);
    }
    if (this.parted(from, B.c.idx)) return this.stepDone(s, s.gen, Cause.Partitioned);
    if (B.down) return this.stepDone(s, s.gen, Cause.BrokerDown);
    const t = new Task(s, s.gen, step, B);
    t.tArrive = this.now;
    const d = this.netDelay() + (B.c.publishLatency.isZero ? 0 : sample(B.c.publishLatency, this.rng));
    if (d > 0) this.schedule(d, Ev.PubArrive, t);
    else this.onPubArrive(t);
  }

  private onPubArrive(t: Task): void {
    const B = this.broker!;
    if (B.down) return this.respondTask(t, Cause.BrokerDown);
    const copies = this.createCopies(t.step.topic, t.tArrive, 1);
    for (const c of copies) this.subQueues[c.sub.idx]!.push(c);
    this.dispatchTopic(t.step.topic);
    this.respondTask(t, Cause.Ok);
  }

  private createCopies(topic: number, tPub: number, state: 0 | 1): Copy[] {
    const subs = this.cd.topicSubs[topic]!;
    const counted = tPub >= this.W;
    const tr = this.topics[topic]!;
    const out: Copy[] = [];
    for (const sub of subs) {
      const c = new Copy(sub, tPub, counted);
      c.state = state;
      out.push(c);
      if (counted) {
        tr.published++;
        tr.pendingCounted++;
      }
      tr.live++;
    }
    if (tr.live > tr.maxDepth && this.inWindow()) tr.maxDepth = tr.live;
    return out;
  }

  /** Sends an outbox item when the broker can take it; otherwise it waits. */
  private relay(item: OutboxItem): void {
    const B = this.broker!;
    if (B.down || this.parted(item.from, B.c.idx)) {
      this.outboxWaiting.push(item);
      return;
    }
    const d = this.netDelay() + (B.c.publishLatency.isZero ? 0 : sample(B.c.publishLatency, this.rng));
    if (d > 0) this.schedule(d, Ev.OutboxArrive, item);
    else this.onOutboxArrive(item);
  }

  private onOutboxArrive(item: OutboxItem): void {
    if (this.broker!.down) {
      this.outboxWaiting.push(item);
      return;
    }
    for (const c of item.copies) {
      c.state = 1;
      this.subQueues[c.sub.idx]!.push(c);
    }
    this.dispatchTopic(item.topic);
  }

  private flushOutbox(): void {
    const items = this.outboxWaiting.splice(0);
    for (const item of items) this.relay(item);
  }

  private dispatchTopic(topic: number): void {
    for (const sub of this.cd.topicSubs[topic]!) this.dispatchService(this.comps[sub.service]!);
  }

  private canDeliver(comp: CompRt): boolean {
    const B = this.broker;
    return B !== null && !B.down && !this.parted(B.c.idx, comp.c.idx);
  }

  private dispatchService(comp: CompRt): void {
    if (!this.canDeliver(comp)) return;
    const reps = comp.replicas;
    const n = reps.length;
    if (n === 0) return;
    const start = comp.rr % n;
    for (let k = 0; k < n; k++) {
      const rep = reps[(start + k) % n]!;
      while (rep.state === ReplicaState.Up && rep.busy < comp.c.concurrency && rep.queue.length === 0) {
        const copy = this.nextCopy(comp);
        if (copy === null) return;
        this.deliver(rep, copy);
      }
    }
  }

  private dispatchTo(rep: Replica): void {
    const comp = rep.comp;
    if (!this.canDeliver(comp)) return;
    while (rep.state === ReplicaState.Up && rep.busy < comp.c.concurrency && rep.queue.length === 0) {
      const copy = this.nextCopy(comp);
      if (copy === null) return;
      this.deliver(rep, copy);
    }
  }

  /** The oldest waiting copy across the service's subscription queues. */
  private nextCopy(comp: CompRt): Copy | null {
    let best: Fifo<Copy> | null = null;
    let bestT = Infinity;
    for (const sub of comp.c.subscriptions) {
      const q = this.subQueues[sub.idx]!;
      const head = q.peek();
      if (head !== undefined && head.tPub < bestT) {
        best = q;
        bestT = head.tPub;
      }
    }
    return best === null ? null : best.shift()!;
  }

  private deliver(rep: Replica, copy: Copy): void {
    const comp = rep.comp;
    copy.state = 2;
    const exec = this.newExec(comp.c.ops[copy.sub.op]!, comp, rep, ParentKind.Delivery, copy, 0);
    this.holdSlot(exec);
    const B = this.broker!;
    const d = (B.c.deliveryLatency.isZero ? 0 : sample(B.c.deliveryLatency, this.rng)) + this.netDelay();
    exec.tArrive = this.now;
    if (d > 0) this.schedule(d, Ev.Deliver, exec, exec.gen);
    else this.beginWork(exec, true);
  }

  private deliveryDone(copy: Copy, cause: Cause, rep: Replica): void {
    if (cause === Cause.Ok) {
      copy.handledAt = this.now;
      if (this.broker!.down) {
        copy.ackPending = true;
        this.pendingAcks.push(copy);
        return;
      }
      return this.resolveCopy(copy, 0);
    }
    if (rep.state === ReplicaState.Crashed) {
      // The consumer's connection dropped: the copy goes back, not counted as an attempt.
      copy.state = 1;
      this.subQueues[copy.sub.idx]!.unshift(copy);
      return this.dispatchService(this.comps[copy.sub.service]!);
    }
    copy.attempts++;
    if (copy.attempts >= 4) return this.resolveCopy(copy, 1);
    copy.state = 1;
    this.subQueues[copy.sub.idx]!.unshift(copy);
    this.dispatchService(this.comps[copy.sub.service]!);
  }

  /** 0 delivered, 1 dead-lettered, 2 lost. */
  private resolveCopy(copy: Copy, how: 0 | 1 | 2): void {
    copy.state = 3;
    const tr = this.topics[copy.sub.topic]!;
    tr.live--;
    if (!copy.counted) return;
    tr.pendingCounted--;
    if (how === 0) {
      tr.delivered++;
      // Publish → handler done, even when the broker took the acknowledgement later.
      tr.hist.record(copy.handledAt - copy.tPub);
    } else if (how === 1) tr.deadLettered++;
    else tr.lost++;
  }

  // ------------------------------------------------------------ replicas, registry, autoscale

  private depsUp(comp: CompRt): boolean {
    for (const d of comp.c.dependsOn) {
      const dep = this.comps[d]!;
      if (dep.down) return false;
      if ((dep.c.kind === Kind.Service || dep.c.kind === Kind.Gateway) && !dep.replicas.some((r) => r.state === ReplicaState.Up || r.state === ReplicaState.Draining)) return false;
    }
    return true;
  }

  /** Starts a replica: it serves after its cold start (plus config fetch), once its dependencies are up. */
  private bootReplica(rep: Replica, coldStart: number): void {
    const comp = rep.comp;
    rep.state = ReplicaState.Starting;
    rep.gen++;
    if (!this.depsUp(comp)) {
      this.waitingStarts.push(rep);
      return;
    }
    let d = coldStart;
    let fetch = 0;
    for (const dep of comp.c.dependsOn) {
      const c = this.comps[dep]!;
      if (c.c.kind === Kind.Config && !c.c.time.isZero) fetch = Math.max(fetch, sample(c.c.time, this.rng));
    }
    d += fetch;
    this.schedule(d, Ev.ReplicaReady, rep, rep.gen);
  }

  private retryWaitingStarts(): void {
    const waiting = this.waitingStarts.splice(0);
    for (const rep of waiting) {
      if (rep.state !== ReplicaState.Starting) continue;
      const comp = rep.comp;
      this.bootReplica(rep, comp.c.autoscale && rep.serial >= comp.c.replicas ? comp.c.autoscale.coldStart : comp.c.coldStart);
    }
  }

  private onReplicaReady(rep: Replica, g: number): void {
    if (rep.gen !== g || rep.state !== ReplicaState.Starting) return;
    const comp = rep.comp;
    this.touch(comp);
    rep.state = ReplicaState.Up;
    comp.cap += comp.c.concurrency;
    rep.breakers = null;
    rep.pendingRemoval = false;
    if (!rep.routable && !this.registryDown) {
      rep.routable = true;
      comp.routable.push(rep);
    }
    this.dispatchTo(rep);
    this.retryWaitingStarts();
  }

  private unroute(rep: Replica): void {
    if (!rep.routable) return;
    rep.routable = false;
    const comp = rep.comp;
    comp.routable = comp.routable.filter((r) => r !== rep);
  }

  private onRouteRemove(rep: Replica, g: number): void {
    if (rep.gen !== g || rep.state !== ReplicaState.Crashed) return;
    if (this.registryDown) rep.pendingRemoval = true;
    else this.unroute(rep);
  }

  private crashReplica(rep: Replica): void {
    const comp = rep.comp;
    const st = rep.state;
    if (st === ReplicaState.Crashed || st === ReplicaState.Gone) return;
    this.touch(comp);
    if (st === ReplicaState.Up || st === ReplicaState.Draining) comp.cap -= comp.c.concurrency;
    rep.state = ReplicaState.Crashed;
    rep.gen++;
    this.setReplicaCount(comp, comp.nRep - 1);
    if (this.hasRegistry && this.detection > 0 && comp.c.kind === Kind.Service) {
      this.schedule(this.detection, Ev.RouteRemove, rep, rep.gen);
    } else if (this.registryDown) {
      rep.pendingRemoval = true;
    } else {
      this.unroute(rep);
    }
    for (const exec of rep.running.slice()) this.finishExec(exec, Cause.Crashed);
    const queued = rep.queue.drain();
    if (queued.length) {
      this.touch(comp);
      comp.queued -= queued.length;
      for (const exec of queued) this.finishExec(exec, Cause.Crashed);
    }
    // Bulkhead counts stay: calls the replica had in flight still release their places when they end.
    rep.breakers = null;
  }

  private removeReplica(rep: Replica): void {
    const comp = rep.comp;
    this.touch(comp);
    if (rep.state === ReplicaState.Draining) comp.cap -= comp.c.concurrency;
    rep.state = ReplicaState.Gone;
    rep.gen++;
    this.unroute(rep);
    const i = comp.replicas.indexOf(rep);
    if (i >= 0) comp.replicas.splice(i, 1);
    this.setReplicaCount(comp, comp.nRep - 1);
  }

  private onAutoscale(comp: CompRt): void {
    const as = comp.c.autoscale!;
    if (this.now + as.interval < this.end) this.q.push(this.now + as.interval /* heap */, Ev.Autoscale, comp);
    this.touch(comp);
    const dBusy = comp.rBusy - comp.asBusy;
    const dCap = comp.rCap - comp.asCap;
    comp.asBusy = comp.rBusy;
    comp.asCap = comp.rCap;
    const live = comp.replicas.filter((r) => r.state === ReplicaState.Starting || r.state === ReplicaState.Up);
    if (!comp.replicas.some((r) => r.state !== ReplicaState.Crashed)) return; // a crash covers every replica
    if (dCap <= 0) return;
    const util = dBusy / dCap;
    const existing = live.length;
    const desired = Math.min(as.max, Math.max(as.min, Math.ceil((existing * util) / as.target - 1e-9)));
    if (desired > existing) {
      for (let k = existing; k < desired; k++) {
        const rep = new Replica(comp, comp.serial++);
        comp.replicas.push(rep);
        this.setReplicaCount(comp, comp.nRep + 1);
        this.bootReplica(rep, as.coldStart);
      }
    } else if (desired < existing) {
      const newest = live.sort((a, b) => b.serial - a.serial).slice(0, existing - desired);
      for (const rep of newest) {
        if (rep.state === ReplicaState.Starting) {
          rep.state = ReplicaState.Gone;
          rep.gen++;
          comp.replicas.splice(comp.replicas.indexOf(rep), 1);
          this.setReplicaCount(comp, comp.nRep - 1);
          continue;
        }
        rep.state = ReplicaState.Draining;
        this.unroute(rep);
        if (rep.busy === 0 && rep.queue.length === 0) this.removeReplica(rep);
      }
    }
  }

  // ------------------------------------------------------------ faults

  private startFault(f: FaultRt): void {
    if (f.active) return;
    f.active = true;
    const comp = f.target >= 0 ? this.comps[f.target]! : null;
    switch (f.kind) {
      case "crash":
        this.crashComponent(f, comp!);
        break;
      case "latency":
        comp!.latAdd.push(f.add ?? ZERO_SAMPLER);
        break;
      case "errors":
        comp!.errFaults.push(f.probability);
        comp!.errP = 1 - comp!.errFaults.reduce((a, p) => a * (1 - p), 1);
        break;
      case "slowdown":
        comp!.slow *= f.factor;
        break;
      case "partition":
        this.partition[f.target * this.n + f.other]!++;
        this.partition[f.other * this.n + f.target]!++;
        break;
    }
    if (f.until < this.end) this.q.push(f.until, Ev.FaultEnd, f);
  }

  private crashComponent(f: FaultRt, comp: CompRt): void {
    const kind = comp.c.kind;
    if (kind === Kind.Service || kind === Kind.Gateway) {
      const live = comp.replicas.filter((r) => r.state !== ReplicaState.Crashed && r.state !== ReplicaState.Gone).sort((a, b) => a.serial - b.serial);
      f.crashed = f.replicas > 0 ? live.slice(0, f.replicas) : live;
      for (const rep of f.crashed) this.crashReplica(rep);
      return;
    }
    comp.down = true;
    if (kind === Kind.Database) {
      for (const t of comp.dbRunning.slice()) {
        this.releaseConnection(t);
        this.respondTask(t, Cause.Crashed);
      }
      const waiting = comp.dbQueue.drain();
      this.touch(comp);
      comp.queued -= waiting.length;
      for (const t of waiting) this.respondTask(t, Cause.Crashed);
    } else if (kind === Kind.Broker && !comp.c.durable) {
      for (const q of this.subQueues) for (const copy of q.drain()) this.resolveCopy(copy, 2);
    } else if (kind === Kind.Registry) {
      this.registryDown = true;
    }
  }

  private endFault(f: FaultRt): void {
    f.active = false;
    const comp = f.target >= 0 ? this.comps[f.target]! : null;
    switch (f.kind) {
      case "crash":
        this.recoverComponent(f, comp!);
        break;
      case "latency": {
        const i = comp!.latAdd.indexOf(f.add ?? ZERO_SAMPLER);
        if (i >= 0) comp!.latAdd.splice(i, 1);
        break;
      }
      case "errors": {
        const i = comp!.errFaults.indexOf(f.probability);
        if (i >= 0) comp!.errFaults.splice(i, 1);
        comp!.errP = 1 - comp!.errFaults.reduce((a, p) => a * (1 - p), 1);
        break;
      }
      case "slowdown":
        comp!.slow = this.faults.filter((x) => x.active && x.kind === "slowdown" && x.target === f.target).reduce((a, x) => a * x.factor, 1);
        break;
      case "partition":
        this.partition[f.target * this.n + f.other]!--;
        this.partition[f.other * this.n + f.target]!--;
        this.flushOutbox();
        for (const c of this.comps) if (c.c.subscriptions.length) this.dispatchService(c);
        break;
    }
  }

  private recoverComponent(f: FaultRt, comp: CompRt): void {
    const kind = comp.c.kind;
    if (kind === Kind.Service || kind === Kind.Gateway) {
      for (const rep of f.crashed) {
        if (rep.state !== ReplicaState.Crashed) continue;
        this.setReplicaCount(comp, comp.nRep + 1);
        this.bootReplica(rep, comp.c.coldStart);
      }
      f.crashed = [];
      return;
    }
    comp.down = false;
    if (kind === Kind.Broker) {
      for (const copy of this.pendingAcks.splice(0)) this.resolveCopy(copy, 0);
      this.flushOutbox();
      for (const c of this.comps) if (c.c.subscriptions.length) this.dispatchService(c);
    } else if (kind === Kind.Registry) {
      this.registryDown = false;
      for (const c of this.comps) {
        for (const rep of c.replicas) {
          if (rep.pendingRemoval) {
            rep.pendingRemoval = false;
            this.unroute(rep);
          } else if (rep.state === ReplicaState.Up && !rep.routable) {
            rep.routable = true;
            c.routable.push(rep);
          }
        }
      }
    }
    this.retryWaitingStarts();
  }

  // ------------------------------------------------------------ seconds

  private onTick(): void {
    const t = Math.round(this.now / 1000);
    if (this.onSecond) this.onSecond(t - 1);
    this.resetSecond();
    const next = (t + 1) * 1000;
    if (next < this.end) this.q.push(next, Ev.Tick, null);
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

function pushFrame(s: Strand, steps: CStep[], optional: boolean): void {
  s.frames[s.depth] = steps;
  s.idx[s.depth] = 0;
  s.optionalFrame[s.depth] = optional;
  s.depth++;
}
