/**
 * The broker: publishes with and without outbox, one queue per subscription, competing
 * consumers, redelivery, dead letters, acknowledgements and outages.
 */
import type { CStep } from "../compile";
import { Fifo } from "../engine/fifo";
import { sample } from "../engine/sample";
import { Cause, CompRt, Copy, ParentKind, Replica, ReplicaState, Strand, Task } from "./entities";
import { DataLayer } from "./data";
import { Ev, type OutboxItem } from "./core";

export abstract class BrokerLayer extends DataLayer {
  // ------------------------------------------------------------ broker

  protected startPublish(s: Strand, step: CStep): void {
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

  protected onPubArrive(t: Task): void {
    const B = this.broker!;
    if (B.down) return this.respondTask(t, Cause.BrokerDown);
    const copies = this.createCopies(t.step.topic, t.tArrive, 1);
    for (const c of copies) this.subQueues[c.sub.idx]!.push(c);
    this.dispatchTopic(t.step.topic);
    this.respondTask(t, Cause.Ok);
  }

  protected createCopies(topic: number, tPub: number, state: 0 | 1): Copy[] {
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
  protected relay(item: OutboxItem): void {
    const B = this.broker!;
    if (B.down || this.parted(item.from, B.c.idx)) {
      this.outboxWaiting.push(item);
      return;
    }
    const d = this.netDelay() + (B.c.publishLatency.isZero ? 0 : sample(B.c.publishLatency, this.rng));
    if (d > 0) this.schedule(d, Ev.OutboxArrive, item);
    else this.onOutboxArrive(item);
  }

  protected onOutboxArrive(item: OutboxItem): void {
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

  protected flushOutbox(): void {
    const items = this.outboxWaiting.splice(0);
    for (const item of items) this.relay(item);
  }

  protected dispatchTopic(topic: number): void {
    for (const sub of this.cd.topicSubs[topic]!) this.dispatchService(this.comps[sub.service]!);
  }

  protected canDeliver(comp: CompRt): boolean {
    const B = this.broker;
    return B !== null && !B.down && !this.parted(B.c.idx, comp.c.idx);
  }

  /** Competing consumers: one copy at a time to each replica with a free slot, in turn. */
  protected dispatchService(comp: CompRt): void {
    if (!this.canDeliver(comp)) return;
    const reps = comp.replicas;
    const n = reps.length;
    if (n === 0) return;
    for (;;) {
      let delivered = false;
      for (let k = 0; k < n; k++) {
        const rep = reps[comp.deliverRr++ % n]!;
        if (rep.state !== ReplicaState.Up || rep.busy >= comp.c.concurrency || rep.queue.length > 0) continue;
        const copy = this.nextCopy(comp);
        if (copy === null) return;
        this.deliver(rep, copy);
        delivered = true;
      }
      if (!delivered) return;
    }
  }

  protected dispatchTo(rep: Replica): void {
    const comp = rep.comp;
    if (!this.canDeliver(comp)) return;
    while (rep.state === ReplicaState.Up && rep.busy < comp.c.concurrency && rep.queue.length === 0) {
      const copy = this.nextCopy(comp);
      if (copy === null) return;
      this.deliver(rep, copy);
    }
  }

  /** The oldest waiting copy across the service's subscription queues. */
  protected nextCopy(comp: CompRt): Copy | null {
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

  protected deliver(rep: Replica, copy: Copy): void {
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

  protected deliveryDone(copy: Copy, cause: Cause, rep: Replica): void {
    if (cause === Cause.Ok) {
      copy.handledAt = this.now;
      if (this.broker!.down) {
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
  protected resolveCopy(copy: Copy, how: 0 | 1 | 2): void {
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
}
