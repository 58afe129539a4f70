/**
 * The kinds of events on the queue. An event is (time, kind, object, generation); a
 * handler drops an event whose generation no longer matches its object (a timed-out
 * attempt, a finished execution, a restarted replica), which is how cancellation works
 * without searching the heap.
 */
export const enum EventKind {
  /** The next client request of the workload. */
  Arrival = 0,
  /** A request reaches its entry (after the client's latency). */
  Entry,
  /** An execution's work (CPU) ends. */
  WorkDone,
  /** An execution starts its steps, after a latency fault held it. */
  StepsStart,
  CallArrive,
  /** The earliest pending timeout of one duration (see TimeoutList). */
  CallTimeout,
  CallRetry,
  QueryArrive,
  QueryDone,
  CacheHit,
  CacheMiss,
  PublishArrive,
  /** A message copy reaches its consumer. */
  Deliver,
  FaultStart,
  FaultEnd,
  ReplicaReady,
  /** The registry notices a crashed replica and stops routing to it. */
  RouteRemove,
  Autoscale,
  /** A simulated second ends. */
  Tick,
  WarmupEnd,
  OutboxArrive,
  /** A callee's answer reaches the caller: CallAnswer + cause. */
  CallAnswer = 32,
  /** A database's, cache's or broker's answer reaches the step: TaskAnswer + cause. */
  TaskAnswer = 48,
  /** The answer reaches the client: RequestAnswer + cause. */
  RequestAnswer = 64,
}
