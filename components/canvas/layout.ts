/**
 * Auto-layout with ELK (layered, left to right) for the components the design gives no
 * position. Positions the user arranged are never moved.
 *
 * The request flow sets the layers; platform components (registry, config, observability),
 * which nearly everything uses, sit in a row under the graph instead of stretching it.
 * ELK does not see the message edges that do not set layers, so a few variants are laid out
 * and the one where the fewest edges (all of them) run through a node wins.
 */
import type { ElkExtendedEdge, ElkNode } from "elkjs/lib/elk-api";
import type { ComponentKind } from "../../model";
import { countNodeCrossings } from "./edge-anchors";
import type { ComponentFlowNode, DesignFlowEdge } from "./flow-types";

const LAYOUT_OPTIONS: Record<string, string> = {
  "elk.algorithm": "layered",
  "elk.direction": "RIGHT",
  "elk.layered.spacing.nodeNodeBetweenLayers": "140",
  "elk.spacing.nodeNode": "100",
  "elk.spacing.edgeNode": "28",
  "elk.spacing.componentComponent": "90",
  "elk.layered.nodePlacement.strategy": "NETWORK_SIMPLEX",
  "elk.layered.considerModelOrder.strategy": "NODES_AND_EDGES",
};

/**
 * From this many components on, one quick layout instead of the variants: ELK's network-simplex
 * placement and model-order passes take tens of seconds on a 300-component design (on 2 cores),
 * Brandes-Köpf with one crossing-minimisation pass a few.
 */
export const BIG_LAYOUT = 120;
const BIG_VARIANT: Record<string, string> = {
  "elk.layered.nodePlacement.strategy": "BRANDES_KOEPF",
  "elk.layered.considerModelOrder.strategy": "NONE",
  "elk.layered.thoroughness": "1",
  // Only node positions are used: the cheapest edge routing will do.
  "elk.edgeRouting": "POLYLINE",
};

/** Variants tried in order; on equal scores the first wins, so the result is deterministic. */
const VARIANTS: readonly Record<string, string>[] = [
  {},
  { "elk.layered.considerModelOrder.strategy": "NONE" },
  { "elk.layered.nodePlacement.strategy": "BRANDES_KOEPF" },
  { "elk.layered.considerModelOrder.strategy": "NONE", "elk.layered.nodePlacement.strategy": "BRANDES_KOEPF" },
];

const PLATFORM_KINDS: ReadonlySet<ComponentKind> = new Set(["registry", "config", "observability"]);
/** Gap between the graph and the platform row, and between platform components. */
const PLATFORM_GAP_Y = 120;
const PLATFORM_GAP_X = 60;

export type Point = { x: number; y: number };
/** What layout needs of ELK: the main thread's or the worker's instance (layout.worker.ts). */
export interface ElkLayouter {
  layout(graph: ElkNode): Promise<ElkNode>;
}
/** Auto-layout positions for every node; `getAutoPositions` or one that runs it elsewhere. */
export type AutoPositions = (
  nodes: readonly ComponentFlowNode[],
  edges: readonly DesignFlowEdge[],
) => Promise<Map<string, Point>>;
type Rect = Point & { width: number; height: number };

/**
 * The edges that decide the layers. A message edge counts only where the request flow does not
 * already place its service, so publish → broker → subscriber cycles do not stretch the graph:
 * a publish counts if its publisher is reached by requests or subscribes to nothing; a
 * subscription counts if its subscriber is not reached by requests. Edges to platform
 * components never count.
 */
export function getLayoutEdges(
  nodes: readonly ComponentFlowNode[],
  edges: readonly DesignFlowEdge[],
): DesignFlowEdge[] {
  const kindOf = new Map(nodes.map((n) => [n.id, n.data.kind]));
  const requested = new Set(
    edges.filter((e) => e.data && ["request", "route", "call"].includes(e.data.kind)).map((e) => e.target),
  );
  const subscribers = new Set(edges.filter((e) => e.data?.kind === "subscribe").map((e) => e.target));
  return edges.filter((e) => {
    const from = kindOf.get(e.source);
    const to = kindOf.get(e.target);
    if (!from || !to || e.source === e.target || PLATFORM_KINDS.has(from) || PLATFORM_KINDS.has(to)) return false;
    if (e.data?.kind === "publish") return requested.has(e.source) || !subscribers.has(e.source);
    if (e.data?.kind === "subscribe") return !requested.has(e.target);
    return true;
  });
}

/** The ELK graph: fixed sizes, one ELK edge per layering edge. */
export function toElkGraph(
  nodes: readonly ComponentFlowNode[],
  edges: readonly DesignFlowEdge[],
  variant: Record<string, string> = {},
): ElkNode {
  const elkEdges: ElkExtendedEdge[] = getLayoutEdges(nodes, edges).map((e) => ({
    id: e.id,
    sources: [e.source],
    targets: [e.target],
  }));
  const ids = new Set(nodes.map((n) => n.id));
  return {
    id: "root",
    layoutOptions: { ...LAYOUT_OPTIONS, ...variant },
    children: nodes.map((n) => ({ id: n.id, width: n.width ?? 200, height: n.height ?? 80 })),
    edges: elkEdges.filter((e) => ids.has(e.sources[0]!) && ids.has(e.targets[0]!)),
  };
}

/**
 * Auto-layout positions for every node, ignoring positions the design gives.
 * @example
 * const at = await getAutoPositions(nodes, edges); // at.get("order") → { x, y }
 */
export async function getAutoPositions(
  nodes: readonly ComponentFlowNode[],
  edges: readonly DesignFlowEdge[],
  elkInstance?: ElkLayouter,
): Promise<Map<string, Point>> {
  const main = nodes.filter((n) => !PLATFORM_KINDS.has(n.data.kind));
  const platform = nodes.filter((n) => PLATFORM_KINDS.has(n.data.kind));
  const at = new Map<string, Point>();
  if (main.length > 0) {
    const elk = elkInstance ?? new (await import("elkjs/lib/elk.bundled.js")).default();
    let bestScore = Infinity;
    for (const variant of main.length >= BIG_LAYOUT ? [BIG_VARIANT] : VARIANTS) {
      const result = await elk.layout(toElkGraph(main, edges, variant));
      const rects = new Map(
        (result.children ?? []).map((c) => [
          c.id,
          { x: c.x ?? 0, y: c.y ?? 0, width: c.width ?? 200, height: c.height ?? 80 },
        ]),
      );
      const score = countNodeCrossings(rects, edges);
      if (score < bestScore) {
        bestScore = score;
        at.clear();
        for (const [id, r] of rects) at.set(id, { x: r.x, y: r.y });
      }
      if (score === 0) break;
    }
  }
  const placed = main.map((n) => ({ ...at.get(n.id)!, width: n.width ?? 200, height: n.height ?? 80 }));
  const left = placed.length ? Math.min(...placed.map((r) => r.x)) : 0;
  const right = placed.length ? Math.max(...placed.map((r) => r.x + r.width)) : 0;
  const bottom = placed.length ? Math.max(...placed.map((r) => r.y + r.height)) + PLATFORM_GAP_Y : 0;
  const rowWidth =
    platform.reduce((w, n) => w + (n.width ?? 200), 0) + PLATFORM_GAP_X * Math.max(0, platform.length - 1);
  let x = left + Math.max(0, (right - left - rowWidth) / 2);
  for (const n of platform) {
    at.set(n.id, { x, y: bottom });
    x += (n.width ?? 200) + PLATFORM_GAP_X;
  }
  return at;
}

/**
 * Places every node marked `autoPlaced`. With no placed nodes, the auto-layout is used as is;
 * otherwise the new nodes keep their auto-layout offset relative to the placed ones (shifted
 * by the mean displacement between auto-layout and the user's positions) and are nudged down
 * off any overlap.
 * `positions` computes the auto-layout: on this thread by default, or in a worker
 * (layout-worker-client.ts).
 * @example
 * const placed = await layoutNodes(nodes, edges);
 */
export async function layoutNodes(
  nodes: readonly ComponentFlowNode[],
  edges: readonly DesignFlowEdge[],
  positions: AutoPositions = getAutoPositions,
): Promise<ComponentFlowNode[]> {
  if (!nodes.some((n) => n.data.autoPlaced)) return [...nodes];
  const auto = await positions(nodes, edges);

  const fixed = nodes.filter((n) => !n.data.autoPlaced);
  let dx = 0;
  let dy = 0;
  for (const n of fixed) {
    const a = auto.get(n.id)!;
    dx += (n.position.x - a.x) / fixed.length;
    dy += (n.position.y - a.y) / fixed.length;
  }
  const taken: Rect[] = fixed.map(toRect);
  return nodes.map((n) => {
    if (!n.data.autoPlaced) return n;
    const a = auto.get(n.id)!;
    const rect = { ...toRect(n), x: Math.round(a.x + dx), y: Math.round(a.y + dy) };
    if (fixed.length > 0) {
      for (let i = 0; i < 1000 && taken.some((t) => overlaps(t, rect)); i++) rect.y += 24;
    }
    taken.push(rect);
    return { ...n, position: { x: rect.x, y: rect.y } };
  });
}

function toRect(n: ComponentFlowNode): Rect {
  return { x: n.position.x, y: n.position.y, width: n.width ?? 200, height: n.height ?? 80 };
}

function overlaps(a: Rect, b: Rect, gap = 16): boolean {
  return (
    a.x < b.x + b.width + gap && b.x < a.x + a.width + gap && a.y < b.y + b.height + gap && b.y < a.y + a.height + gap
  );
}
