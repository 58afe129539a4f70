/**
 * The broker: publishes with and without outbox, one queue per subscription, competing
 * consumers, redelivery, dead letters, acknowledgements and outages.
 *
 * Reads: the broker's latencies and state, subscriptions. Writes: copies, subscription
 * queues, outbox and pending acknowledgements, topic counts and latency. Schedules:
 * PublishArrive, OutboxArrive, Deliver, TaskAnswer. Calls: stepDone (steps), answerTask
 * (data), holdSlot and beginWork (executions).
 */
import type { CStep } from "../compile";
import type { Fifo } from "../engine/fifo";
import { sample } from "../engine/sample";
import { EventKind } from "./events";
import {
  Cause,
  Copy,
  CopyOutcome,
  CopyPhase,
  MAX_DELIVERY_ATTEMPTS,
  ParentKind,
  ReplicaPhase,
  Task,
  type ComponentState,
  type OutboxItem,
  type Replica,
  type Strand,
} from "./entities";
import { RunLimitError } from "./limits";
import { inWindow, isParted, netDelay, newExec, schedule, type SimState } from "./state";
import { traceCopies, traceExecOpen, traceStepInstant, traceTaskOpen } from "./trace-hooks";

export function startPublish(sim: SimState, s: Strand, step: CStep): void {
  const broker = sim.broker!;
  const from = s.exec.component.spec.idx;
  if (step.outbox) {
    const copies = createCopies(sim, step.topic, sim.now, CopyPhase.InOutbox);
    if (s.exec.tr !== null) {
      const label = `publish ${sim.design.topics[step.topic]}`;
      const sp = traceStepInstant(
        sim,
        s.exec,
        "publish",
        broker,
        label,
        Cause.Ok,
        "to the outbox: relayed when the broker takes it",
      );
      traceCopies(s.exec.tr, sp, copies);
    }
    if (copies.length > 0) relay(sim, { from, topic: step.topic, copies });
    return sim.peers.stepDone(sim, s, s.gen, Cause.Ok);
  }
  if (isParted(sim, from, broker.spec.idx)) {
    if (s.exec.tr !== null)
      traceStepInstant(
        sim,
        s.exec,
        "publish",
        broker,
        `publish ${sim.design.topics[step.topic]}`,
        Cause.Partitioned,
        `partitioned from ${broker.spec.id}`,
      );
    return sim.peers.stepDone(sim, s, s.gen, Cause.Partitioned);
  }
  if (broker.down) {
    if (s.exec.tr !== null)
      traceStepInstant(
        sim,
        s.exec,
        "publish",
        broker,
        `publish ${sim.design.topics[step.topic]}`,
        Cause.BrokerDown,
        `${broker.spec.id} is down`,
      );
    return sim.peers.stepDone(sim, s, s.gen, Cause.BrokerDown);
  }
  const t = new Task(s, s.gen, step, broker);
  t.arrivedAt = sim.now;
  if (s.exec.tr !== null) traceTaskOpen(sim, t, s.exec, "publish", `publish ${sim.design.topics[step.topic]}`);
  const d = netDelay(sim) + publishLatency(sim, broker);
  if (d > 0) schedule(sim, d, EventKind.PublishArrive, t);
  else onPublishArrive(sim, t);
}

function publishLatency(sim: SimState, broker: ComponentState): number {
  const l = broker.spec.publishLatency;
  return l.isZero ? 0 : sample(l, sim.rng);
}

export function onPublishArrive(sim: SimState, t: Task): void {
  if (sim.broker!.down) return sim.peers.answerTask(sim, t, Cause.BrokerDown);
  const copies = createCopies(sim, t.step.topic, t.arrivedAt, CopyPhase.Waiting);
  if (t.tr !== null) traceCopies(t.tr, t.sp, copies);
  for (const c of copies) sim.subscriptionQueues[c.sub.idx]!.push(c);
  dispatchTopic(sim, t.step.topic);
  sim.peers.answerTask(sim, t, Cause.Ok);
}

function createCopies(sim: SimState, topic: number, publishedAt: number, phase: CopyPhase): Copy[] {
  const subs = sim.design.topicSubs[topic]!;
  const counted = publishedAt >= sim.warmupMs;
  const tr = sim.topics[topic]!;
  const out: Copy[] = [];
  sim.liveCopies += subs.length;
  if (sim.liveCopies > sim.limits.liveCopies) throw new RunLimitError("messages");
  for (const sub of subs) {
    const c = new Copy(sub, publishedAt, counted);
    c.phase = phase;
    out.push(c);
    if (counted) {
      tr.published++;
      tr.pendingCounted++;
    }
    tr.live++;
  }
  if (tr.live > tr.maxDepth && inWindow(sim)) tr.maxDepth = tr.live;
  return out;
}

/** Sends an outbox item when the broker can take it; otherwise it waits. */
function relay(sim: SimState, item: OutboxItem): void {
  const broker = sim.broker!;
  if (broker.down || isParted(sim, item.from, broker.spec.idx)) {
    sim.outboxWaiting.push(item);
    return;
  }
  const d = netDelay(sim) + publishLatency(sim, broker);
  if (d > 0) schedule(sim, d, EventKind.OutboxArrive, item);
  else onOutboxArrive(sim, item);
}

export function onOutboxArrive(sim: SimState, item: OutboxItem): void {
  if (sim.broker!.down) {
    sim.outboxWaiting.push(item);
    return;
  }
  for (const c of item.copies) {
    c.phase = CopyPhase.Waiting;
    sim.subscriptionQueues[c.sub.idx]!.push(c);
  }
  dispatchTopic(sim, item.topic);
}

/** Relays every outbox item that waited for the broker (or a partition's end). */
export function flushOutbox(sim: SimState): void {
  const items = sim.outboxWaiting.splice(0);
  for (const item of items) relay(sim, item);
}

function dispatchTopic(sim: SimState, topic: number): void {
  for (const sub of sim.design.topicSubs[topic]!) dispatchService(sim, sim.components[sub.service]!);
}

/** After an outage or partition ends: every consumer takes what it can. */
export function dispatchAll(sim: SimState): void {
  for (const c of sim.components) if (c.spec.subscriptions.length) dispatchService(sim, c);
}

function canDeliver(sim: SimState, comp: ComponentState): boolean {
  const broker = sim.broker;
  return broker !== null && !broker.down && !isParted(sim, broker.spec.idx, comp.spec.idx);
}

/** Competing consumers: one copy at a time to each replica with a free slot, in turn. */
function dispatchService(sim: SimState, comp: ComponentState): void {
  if (!canDeliver(sim, comp)) return;
  const reps = comp.replicas;
  const n = reps.length;
  if (n === 0) return;
  for (;;) {
    let delivered = false;
    for (let k = 0; k < n; k++) {
      const rep = reps[comp.nextDelivery % n]!;
      if (rep.phase !== ReplicaPhase.Up || rep.busy >= comp.spec.concurrency || rep.queue.length > 0) {
        comp.nextDelivery++;
        continue;
      }
      // The turn passes only with a copy: with none left, this replica takes the next one.
      const copy = nextCopy(sim, comp);
      if (copy === null) return;
      comp.nextDelivery++;
      deliver(sim, rep, copy);
      delivered = true;
    }
    if (!delivered) return;
  }
}

/** A slot of this replica came free: it takes waiting copies while it can. */
export function dispatchTo(sim: SimState, rep: Replica): void {
  const comp = rep.component;
  if (!canDeliver(sim, comp)) return;
  while (rep.phase === ReplicaPhase.Up && rep.busy < comp.spec.concurrency && rep.queue.length === 0) {
    const copy = nextCopy(sim, comp);
    if (copy === null) return;
    deliver(sim, rep, copy);
  }
}

/** The oldest waiting copy across the service's subscription queues. */
function nextCopy(sim: SimState, comp: ComponentState): Copy | null {
  let best: Fifo<Copy> | null = null;
  let bestT = Infinity;
  for (const sub of comp.spec.subscriptions) {
    const q = sim.subscriptionQueues[sub.idx]!;
    const head = q.peek();
    if (head !== undefined && head.publishedAt < bestT) {
      best = q;
      bestT = head.publishedAt;
    }
  }
  return best === null ? null : best.shift()!;
}

function deliver(sim: SimState, rep: Replica, copy: Copy): void {
  const comp = rep.component;
  copy.phase = CopyPhase.Handling;
  const exec = newExec(sim, comp.spec.ops[copy.sub.op]!, comp, rep, ParentKind.Delivery, copy, 0);
  if (copy.tr !== null)
    traceExecOpen(sim, exec, copy.tr, copy.sp, `delivery ${copy.attempts + 1} of ${sim.design.topics[copy.sub.topic]}`);
  sim.peers.holdSlot(sim, exec);
  const latency = sim.broker!.spec.deliveryLatency;
  const d = (latency.isZero ? 0 : sample(latency, sim.rng)) + netDelay(sim);
  exec.arrivedAt = sim.now;
  if (d > 0) schedule(sim, d, EventKind.Deliver, exec, exec.gen);
  else sim.peers.beginWork(sim, exec, true);
}

/** The handler ended: acknowledge, requeue (the consumer crashed), redeliver, or dead-letter. */
export function deliveryDone(sim: SimState, copy: Copy, cause: Cause, rep: Replica): void {
  if (cause === Cause.Ok) {
    copy.handledAt = sim.now;
    if (sim.broker!.down) {
      sim.pendingAcks.push(copy);
      return;
    }
    return resolveCopy(sim, copy, CopyOutcome.Delivered);
  }
  if (rep.phase === ReplicaPhase.Crashed) {
    // The consumer's connection dropped: the copy goes back, not counted as an attempt.
    requeue(sim, copy);
    return;
  }
  copy.attempts++;
  if (copy.attempts >= MAX_DELIVERY_ATTEMPTS) return resolveCopy(sim, copy, CopyOutcome.DeadLettered);
  requeue(sim, copy);
}

/** Back to the head of its queue, for the next free consumer. */
function requeue(sim: SimState, copy: Copy): void {
  copy.phase = CopyPhase.Waiting;
  sim.subscriptionQueues[copy.sub.idx]!.unshift(copy);
  dispatchService(sim, sim.components[copy.sub.service]!);
}

function resolveCopy(sim: SimState, copy: Copy, outcome: CopyOutcome): void {
  copy.phase = CopyPhase.Resolved;
  sim.liveCopies--;
  const tr = sim.topics[copy.sub.topic]!;
  tr.live--;
  if (!copy.counted) return;
  tr.pendingCounted--;
  if (outcome === CopyOutcome.Delivered) {
    tr.delivered++;
    // Publish → handler done, even when the broker took the acknowledgement later.
    tr.latency.record(copy.handledAt - copy.publishedAt);
  } else if (outcome === CopyOutcome.DeadLettered) tr.deadLettered++;
  else tr.lost++;
}

/** A broker that is not durable loses what waits in its queues when it crashes. */
export function dropQueuedCopies(sim: SimState): void {
  for (const q of sim.subscriptionQueues) for (const copy of q.drain()) resolveCopy(sim, copy, CopyOutcome.Lost);
}

/** The broker is back: acknowledgements it missed apply, outboxes relay, consumers take work. */
export function brokerRecovered(sim: SimState): void {
  for (const copy of sim.pendingAcks.splice(0)) resolveCopy(sim, copy, CopyOutcome.Delivered);
  flushOutbox(sim);
  dispatchAll(sim);
}
