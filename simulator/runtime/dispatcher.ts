/**
 * The dispatcher: wires the behaviours to one another (the `PEERS` table) and maps each
 * event kind to its handler. The only file that knows every behaviour.
 */
import type { TimeoutList } from "../engine/timeout-list";
import { EventKind } from "./events";
import type { Call, ComponentState, Exec, FaultState, OutboxItem, Replica, Request, Strand, Task } from "./entities";
import { arriveEntry, completeRequest, onArrival, respond } from "./requests";
import { admit, beginWork, finishExec, holdSlot, onStepsStart, onWorkDone } from "./executions";
import { advance, stepDone } from "./steps";
import { onCallAnswer, onCallArrive, onCallRetry, onTimeouts, startCall } from "./calls";
import {
  answerTask,
  onCacheResult,
  onQueryArrive,
  onQueryDone,
  onTaskAnswer,
  releaseConnection,
  startCache,
  startQuery,
} from "./data";
import {
  brokerRecovered,
  dispatchAll,
  dispatchTo,
  deliveryDone,
  dropQueuedCopies,
  flushOutbox,
  onOutboxArrive,
  onPublishArrive,
  startPublish,
} from "./broker";
import {
  bootReplica,
  crashReplica,
  discardReplica,
  onAutoscale,
  onReplicaReady,
  onRouteRemove,
  removeReplica,
  retryWaitingStarts,
  unroute,
} from "./lifecycle";
import { onFaultEnd, startFault } from "./faults";
import { resetSecond, startWindow, type Peers, type SimState } from "./state";

export const PEERS: Peers = {
  respond,
  admit,
  holdSlot,
  beginWork,
  finishExec,
  advance,
  stepDone,
  startCall,
  startQuery,
  startCache,
  startPublish,
  releaseConnection,
  answerTask,
  deliveryDone,
  dispatchTo,
  dispatchAll,
  dropQueuedCopies,
  brokerRecovered,
  flushOutbox,
  removeReplica,
  crashReplica,
  discardReplica,
  bootReplica,
  retryWaitingStarts,
  unroute,
};

/** Runs the handler of one event. */
export function dispatch(sim: SimState, kind: number, obj: unknown, gen: number): void {
  switch (kind) {
    case EventKind.Arrival:
      return onArrival(sim);
    case EventKind.Entry:
      return arriveEntry(sim, obj as Request);
    case EventKind.WorkDone:
      return onWorkDone(sim, obj as Exec, gen);
    case EventKind.StepsStart:
      return onStepsStart(sim, obj as Exec, gen);
    case EventKind.CallArrive:
      return onCallArrive(sim, obj as Call, gen);
    case EventKind.CallTimeout:
      return onTimeouts(sim, obj as TimeoutList);
    case EventKind.CallRetry:
      return onCallRetry(sim, obj as Call, gen);
    case EventKind.QueryArrive:
      return onQueryArrive(sim, obj as Task);
    case EventKind.QueryDone:
      return onQueryDone(sim, obj as Task, gen);
    case EventKind.CacheHit:
      return onCacheResult(sim, obj as Strand, gen, false);
    case EventKind.CacheMiss:
      return onCacheResult(sim, obj as Strand, gen, true);
    case EventKind.PublishArrive:
      return onPublishArrive(sim, obj as Task);
    case EventKind.Deliver:
      if ((obj as Exec).gen === gen) beginWork(sim, obj as Exec, true);
      return;
    case EventKind.FaultStart:
      return startFault(sim, obj as FaultState);
    case EventKind.FaultEnd:
      return onFaultEnd(sim, obj as FaultState);
    case EventKind.ReplicaReady:
      return onReplicaReady(sim, obj as Replica, gen);
    case EventKind.RouteRemove:
      return onRouteRemove(sim, obj as Replica, gen);
    case EventKind.Autoscale:
      return onAutoscale(sim, obj as ComponentState);
    case EventKind.Tick:
      return onTick(sim);
    case EventKind.WarmupEnd:
      return startWindow(sim);
    case EventKind.OutboxArrive:
      return onOutboxArrive(sim, obj as OutboxItem);
  }
  // Answers carry their cause in the kind: base + cause.
  if (kind >= EventKind.RequestAnswer) return completeRequest(sim, obj as Request, gen, kind - EventKind.RequestAnswer);
  if (kind >= EventKind.TaskAnswer) return onTaskAnswer(sim, obj as Task, kind - EventKind.TaskAnswer);
  if (kind >= EventKind.CallAnswer) return onCallAnswer(sim, obj as Call, gen, kind - EventKind.CallAnswer);
}

/** A simulated second ended: report it, start the next. */
function onTick(sim: SimState): void {
  const t = Math.round(sim.now / 1000);
  if (sim.onSecond) sim.onSecond(t - 1);
  resetSecond(sim);
  const next = (t + 1) * 1000;
  if (next < sim.endMs) sim.queue.push(next, EventKind.Tick, null);
}
