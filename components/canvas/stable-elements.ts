/**
 * Structural sharing between two projections of a design: a node or edge that did not change
 * keeps its previous object, and an array in which nothing changed is the previous array. React
 * Flow then skips the nodes and edges it already has (it compares them by reference), so an
 * edit of one label re-renders one node, not all of them.
 */
import type { EdgeGeometry } from "./edge-labels";
import type { ComponentFlowNode, DesignFlowEdge, FlowElements } from "./flow-types";

function sameStrings(a: readonly string[], b: readonly string[]): boolean {
  return a.length === b.length && a.every((s, i) => s === b[i]);
}

function sameNode(a: ComponentFlowNode, b: ComponentFlowNode): boolean {
  const x = a.data;
  const y = b.data;
  return (
    a.id === b.id &&
    a.type === b.type &&
    a.position.x === b.position.x &&
    a.position.y === b.position.y &&
    a.width === b.width &&
    a.height === b.height &&
    x.id === y.id &&
    x.kind === y.kind &&
    x.title === y.title &&
    x.techLine === y.techLine &&
    x.description === y.description &&
    x.replicas === y.replicas &&
    x.autoPlaced === y.autoPlaced &&
    sameStrings(x.facts, y.facts) &&
    sameStrings(x.routes ?? [], y.routes ?? [])
  );
}

function sameEdge(a: DesignFlowEdge, b: DesignFlowEdge): boolean {
  return (
    a.id === b.id &&
    a.type === b.type &&
    a.source === b.source &&
    a.target === b.target &&
    a.data?.kind === b.data?.kind &&
    a.data?.protocol === b.data?.protocol &&
    sameStrings(a.data?.items ?? [], b.data?.items ?? [])
  );
}

function share<T extends { id: string }>(prev: readonly T[], next: T[], same: (a: T, b: T) => boolean): T[] {
  const byId = new Map(prev.map((x) => [x.id, x]));
  let changed = prev.length !== next.length;
  const out = next.map((x, i) => {
    const old = byId.get(x.id);
    if (old && same(old, x)) {
      if (prev[i] !== old) changed = true;
      return old;
    }
    changed = true;
    return x;
  });
  return changed ? out : (prev as T[]);
}

/**
 * `next` with every unchanged node and edge (and array) taken from `prev`.
 * @example
 * elements = shareElements(elements, toFlowElements(design));
 */
export function shareElements(prev: FlowElements | null, next: FlowElements): FlowElements {
  if (!prev) return next;
  const nodes = share(prev.nodes, next.nodes, sameNode);
  const edges = share(prev.edges, next.edges, sameEdge);
  return nodes === prev.nodes && edges === prev.edges ? prev : { nodes, edges };
}

/** `next` with the geometry of each edge whose path and label did not move taken from `prev`. */
export function shareGeometry(
  prev: ReadonlyMap<string, EdgeGeometry>,
  next: Map<string, EdgeGeometry>,
): Map<string, EdgeGeometry> {
  for (const [id, g] of next) {
    const old = prev.get(id);
    if (old && old.path === g.path && old.labelX === g.labelX && old.labelY === g.labelY) next.set(id, old);
  }
  return next;
}
