import { describe, expect, it } from "vitest";
import type { RunCommandMessage } from "../../simulator/protocol";
import { createSimulationClient, RUN_FAULT_LIMIT, type WorkerLike } from "./simulation-client";

class FakeWorker implements WorkerLike {
  sent: RunCommandMessage[] = [];
  terminated = false;
  onmessage: ((e: MessageEvent<unknown>) => void) | null = null;
  onerror: ((e: ErrorEvent) => void) | null = null;
  postMessage(m: RunCommandMessage) {
    this.sent.push(m);
  }
  terminate() {
    this.terminated = true;
  }
  emit(data: unknown) {
    this.onmessage?.({ data } as MessageEvent<unknown>);
  }
}

const snap = (t: number) => ({
  t,
  simulatedMs: (t + 1) * 1000,
  done: false,
  requests: { succeeded: 1, failed: 0, rejected: 0 },
  latency: { p50: 1, p99: 2 },
  routes: {},
  components: {},
  topics: { "order.created": { depth: t } },
});
const START = { design: { text: "archsim: 1" }, scenario: "s", seed: 1, speed: "max" } as const;

function setup() {
  const workers: FakeWorker[] = [];
  const client = createSimulationClient(() => {
    const w = new FakeWorker();
    workers.push(w);
    return w;
  });
  const live = () => workers.filter((w) => !w.terminated).length;
  return { client, workers, live };
}

describe("createSimulationClient", () => {
  it("starts a worker, collects snapshot batches, and ends the worker when done", () => {
    const { client, workers, live } = setup();
    let calls = 0;
    client.subscribe(() => calls++);
    client.start(START, 5000);
    expect(workers[0]!.sent).toEqual([{ type: "start", ...START }]);
    expect(client.getSnapshot()).toMatchObject({ status: "running", workerAlive: true, durationMs: 5000 });
    workers[0]!.emit({ type: "snapshots", snapshots: [snap(0), snap(1)] });
    workers[0]!.emit({ type: "snapshots", snapshots: [snap(2)] });
    expect(client.getSnapshot().snapshots.map((s) => s.t)).toEqual([0, 1, 2]);
    expect(client.getSnapshot().simulatedMs).toBe(3000);
    const result = { scenario: "s", partial: false, simulatedSeconds: 5, requests: {}, routes: {}, topics: {} };
    workers[0]!.emit({ type: "done", result });
    expect(client.getSnapshot()).toMatchObject({ status: "done", result, workerAlive: false, simulatedMs: 5000 });
    expect(live()).toBe(0);
    expect(calls).toBe(4); // start, two batches, done
  });

  it("pause and resume go to the worker; stop terminates it", () => {
    const { client, workers, live } = setup();
    client.start(START, 5000);
    client.pause();
    expect(client.getSnapshot().status).toBe("paused");
    client.resume();
    client.setSpeed(10);
    expect(workers[0]!.sent.slice(1)).toEqual([{ type: "pause" }, { type: "resume" }, { type: "setSpeed", speed: 10 }]);
    client.stop();
    expect(client.getSnapshot()).toMatchObject({ status: "stopped", workerAlive: false });
    expect(live()).toBe(0);
    // A late message from the ended worker changes nothing.
    workers[0]!.emit({ type: "snapshots", snapshots: [snap(0)] });
    expect(client.getSnapshot().snapshots).toEqual([]);
  });

  it("a new run and dispose each end the worker before: never more than one alive", () => {
    const { client, workers, live } = setup();
    client.start(START, 5000);
    client.start(START, 5000);
    expect(workers[0]!.terminated).toBe(true);
    expect(live()).toBe(1);
    client.dispose();
    expect(live()).toBe(0);
    expect(client.getSnapshot().status).toBe("idle");
  });

  it("an error event or a malformed message fails the run and ends the worker", () => {
    const { client, workers, live } = setup();
    client.start(START, 5000);
    workers[0]!.emit({ type: "error", message: "there is no scenario" });
    expect(client.getSnapshot()).toMatchObject({ status: "failed", error: "there is no scenario" });
    client.start(START, 5000);
    workers[1]!.emit({ type: "snapshots", snapshots: [{ t: "x" }] });
    expect(client.getSnapshot().status).toBe("failed");
    expect(client.getSnapshot().error).toMatch(/malformed/);
    expect(live()).toBe(0);
  });

  it("inject and heal go to the running worker; its injected and healed events are kept; nothing is sent when idle or over", () => {
    const { client, workers } = setup();
    client.inject({ kind: "crash", at: "0s", target: "inventory" });
    expect(workers).toHaveLength(0);
    client.start(START, 5000);
    client.inject({ kind: "crash", at: "0s", target: "inventory" });
    client.heal();
    expect(workers[0]!.sent.slice(1)).toEqual([
      { type: "inject", fault: { kind: "crash", at: "0s", target: "inventory" } },
      { type: "heal" },
    ]);
    workers[0]!.emit({ type: "injected", fault: { kind: "crash", at: 1200, target: "inventory" }, atMs: 1200 });
    workers[0]!.emit({ type: "healed", atMs: 3400 });
    expect(client.getSnapshot().injected).toEqual([
      { fault: { kind: "crash", at: 1200, target: "inventory" }, atMs: 1200 },
    ]);
    expect(client.getSnapshot().healedAtMs).toEqual([3400]);
    client.stop();
    client.inject({ kind: "crash", at: "0s", target: "payment" });
    expect(workers[0]!.sent).toHaveLength(3);
    // A new run forgets the last one's faults.
    client.start(START, 5000);
    expect(client.getSnapshot().injected).toEqual([]);
  });

  it("takes at most RUN_FAULT_LIMIT injections and as many heals a run, then refuses with a note; a new run starts over", () => {
    const { client, workers } = setup();
    expect(RUN_FAULT_LIMIT).toBe(1000);
    client.start(START, 5000);
    const fault = { kind: "crash", at: "0s", target: "inventory" } as const;
    for (let i = 0; i < RUN_FAULT_LIMIT; i++) client.inject(fault);
    for (let i = 0; i < RUN_FAULT_LIMIT; i++) client.heal();
    expect(client.getSnapshot().faultRefusal).toBeNull();
    expect(workers[0]!.sent).toHaveLength(1 + 2 * RUN_FAULT_LIMIT);
    client.inject(fault);
    expect(workers[0]!.sent).toHaveLength(1 + 2 * RUN_FAULT_LIMIT);
    expect(client.getSnapshot().faultRefusal).toBe(
      "Not done: a run takes at most 1,000 faults injected. Restart the run to inject more.",
    );
    client.heal();
    expect(workers[0]!.sent).toHaveLength(1 + 2 * RUN_FAULT_LIMIT);
    expect(client.getSnapshot().faultRefusal).toBe(
      "Not done: a run takes at most 1,000 recoveries. Restart the run to inject more.",
    );
    // The worker's answers are kept up to the limit too (a worker that sent more would not grow them).
    for (let i = 0; i <= RUN_FAULT_LIMIT; i++) {
      workers[0]!.emit({ type: "injected", fault: { kind: "crash", at: i, target: "inventory" }, atMs: i });
      workers[0]!.emit({ type: "healed", atMs: i });
    }
    expect(client.getSnapshot().injected).toHaveLength(RUN_FAULT_LIMIT);
    expect(client.getSnapshot().healedAtMs).toHaveLength(RUN_FAULT_LIMIT);
    client.start(START, 5000);
    expect(client.getSnapshot().faultRefusal).toBeNull();
    client.inject(fault);
    expect(workers[1]!.sent).toEqual([
      { type: "start", ...START },
      { type: "inject", fault },
    ]);
  });

  it("keeps the traces the worker sends (each batch replaces the last), and forgets them on a new run", () => {
    const { client, workers } = setup();
    client.start(START, 3000);
    const span = {
      id: 0,
      parentId: null,
      kind: "request",
      component: "a",
      label: "a.op",
      startMs: 5,
      endMs: 9,
      outcome: "ok",
    };
    const trace = (id: number) => ({
      id,
      route: "a.op",
      entry: "a",
      startMs: 5,
      endMs: 9,
      durationMs: 4,
      outcome: "ok",
      rejected: false,
      spans: [span],
      droppedSpans: 0,
    });
    workers[0]!.emit({ type: "traces", traces: [trace(0)] });
    expect(client.getSnapshot().traces.map((t) => t.id)).toEqual([0]);
    workers[0]!.emit({ type: "traces", traces: [trace(0), trace(3)] });
    expect(client.getSnapshot().traces.map((t) => t.id)).toEqual([0, 3]);
    client.start(START, 3000);
    expect(client.getSnapshot().traces).toEqual([]);
  });
});
