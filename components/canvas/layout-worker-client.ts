/**
 * Runs auto-layout (layout.ts's getAutoPositions) in a Web Worker, layout.worker.ts. One worker,
 * started on first use and kept; a request cancelled while it runs ends that worker (ELK cannot
 * be interrupted) and the next request starts another. Where workers are missing or the worker
 * fails to start, the layout runs on this thread instead.
 */
import type { ComponentFlowNode, DesignFlowEdge } from "./flow-types";
import { getAutoPositions, type Point } from "./layout";

export type LayoutRequest = { id: number; nodes: readonly ComponentFlowNode[]; edges: readonly DesignFlowEdge[] };
export type LayoutReply = { id: number; positions: [string, Point][] } | { id: number; error: string };

let worker: Worker | null = null;
let broken = false;
let nextId = 1;
const pending = new Map<number, { resolve(at: Map<string, Point>): void; reject(error: Error): void }>();

function failAll(error: Error): void {
  for (const p of pending.values()) p.reject(error);
  pending.clear();
}

function getWorker(): Worker | null {
  if (worker || broken || typeof Worker === "undefined") return worker;
  try {
    worker = new Worker(new URL("./layout.worker.ts", import.meta.url), { type: "module" });
  } catch {
    broken = true;
    return null;
  }
  worker.onmessage = ({ data }: MessageEvent<LayoutReply>) => {
    const p = pending.get(data.id);
    if (!p) return;
    pending.delete(data.id);
    if ("error" in data) p.reject(new Error(data.error));
    else p.resolve(new Map(data.positions));
  };
  worker.onerror = (e) => {
    // The worker script itself failed (it did not load, or threw outside a request).
    e.preventDefault();
    broken = true;
    worker?.terminate();
    worker = null;
    failAll(new WorkerUnavailable());
  };
  return worker;
}

class WorkerUnavailable extends Error {}

/**
 * getAutoPositions in the layout worker. Rejects with an AbortError when `signal` aborts.
 * @example
 * const at = await getAutoPositionsOffMainThread(nodes, edges, controller.signal);
 */
export async function getAutoPositionsOffMainThread(
  nodes: readonly ComponentFlowNode[],
  edges: readonly DesignFlowEdge[],
  signal?: AbortSignal,
): Promise<Map<string, Point>> {
  const w = getWorker();
  if (!w) return getAutoPositions(nodes, edges);
  const id = nextId++;
  try {
    return await new Promise<Map<string, Point>>((resolve, reject) => {
      pending.set(id, { resolve, reject });
      signal?.addEventListener(
        "abort",
        () => {
          if (!pending.has(id)) return;
          pending.delete(id);
          // ELK cannot be interrupted: end the worker, and with it any queued request.
          if (worker === w) {
            w.terminate();
            worker = null;
            failAll(new DOMException("The layout was cancelled", "AbortError"));
          }
          reject(new DOMException("The layout was cancelled", "AbortError"));
        },
        { once: true },
      );
      w.postMessage({ id, nodes, edges } satisfies LayoutRequest);
    });
  } catch (error) {
    if (error instanceof WorkerUnavailable) return getAutoPositions(nodes, edges);
    throw error;
  }
}
