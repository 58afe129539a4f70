/**
 * Edge paths and label placement. Pure: paths are cubic Béziers between the anchors of
 * edge-anchors.ts (React Flow's curve, so it looks the same), and each label slides along its
 * own curve to the first spot that covers neither a node nor an earlier label.
 */
import { getEdgeAnchors, type Anchor, type EdgeEnds, type Rect, type Side } from "./edge-anchors";
import type { DesignEdgeData, EdgeKind } from "./flow-types";
import { RectGrid } from "./rect-grid";

/** Items shown in a label; the rest are summarized as "+N more" (the tooltip has them all). */
export const MAX_LABEL_ITEMS = 3;

/** Which kinds show their items (routes, topics, operations); the others show only the protocol. */
const SHOWS_ITEMS: Readonly<Record<EdgeKind, boolean | null>> = {
  request: true,
  route: true,
  call: true,
  publish: true,
  subscribe: true,
  query: false,
  cache: false,
  depends: null, // no label at all
};

export type EdgeLabel = { items: string[]; more: number; protocol?: string };

/** The lines of an edge's label, or null when the edge has none. */
export function getEdgeLabel(data: DesignEdgeData): EdgeLabel | null {
  const shows = SHOWS_ITEMS[data.kind];
  if (shows === null) return null;
  const items = shows ? data.items.slice(0, MAX_LABEL_ITEMS) : [];
  const more = shows ? data.items.length - items.length : 0;
  if (items.length === 0 && !data.protocol) return null;
  return data.protocol ? { items, more, protocol: data.protocol } : { items, more };
}

/** The label's box in px, estimated from its text (monospace items, small caps protocol). */
export function estimateLabelSize(label: EdgeLabel): { width: number; height: number } {
  // Monospace items at 11.5px are 0.6em a character; the small-caps protocol line about as wide.
  const itemWidth = Math.max(0, ...label.items.map((s) => s.length * 6.9));
  const protocolWidth = label.protocol ? label.protocol.length * 7 : 0;
  const lines = label.items.length + (label.more > 0 ? 1 : 0) + (label.protocol ? 1 : 0);
  return { width: Math.max(itemWidth, protocolWidth, 30) + 14, height: lines * 15 + 7 };
}

type Point = { x: number; y: number };
export type Curve = [Point, Point, Point, Point];

const CURVATURE = 0.3;
const OUTWARD: Readonly<Record<Side, readonly [number, number]>> = {
  left: [-1, 0],
  right: [1, 0],
  top: [0, -1],
  bottom: [0, 1],
};

function controlOffset(distance: number): number {
  return distance >= 0 ? 0.5 * distance : CURVATURE * 25 * Math.sqrt(-distance);
}

function control(side: Side, from: Point, to: Point): Point {
  switch (side) {
    case "left":
      return { x: from.x - controlOffset(from.x - to.x), y: from.y };
    case "right":
      return { x: from.x + controlOffset(to.x - from.x), y: from.y };
    case "top":
      return { x: from.x, y: from.y - controlOffset(from.y - to.y) };
    case "bottom":
      return { x: from.x, y: from.y + controlOffset(to.y - from.y) };
  }
}

/**
 * The Bézier React Flow's getBezierPath draws for these anchors; when both ends use the same
 * side (a detour around a column), a C-shaped curve that bulges out on that side.
 */
export function getCurve(a: Anchor): Curve {
  const s = { x: a.sourceX, y: a.sourceY };
  const t = { x: a.targetX, y: a.targetY };
  if (a.sourceSide === a.targetSide) {
    const bulge = 50 + 0.15 * Math.hypot(t.x - s.x, t.y - s.y);
    const [dx, dy] = OUTWARD[a.sourceSide];
    const outX = (p: Point, q: Point) => (dx > 0 ? Math.max(p.x, q.x) : dx < 0 ? Math.min(p.x, q.x) : p.x) + dx * bulge;
    const outY = (p: Point, q: Point) => (dy > 0 ? Math.max(p.y, q.y) : dy < 0 ? Math.min(p.y, q.y) : p.y) + dy * bulge;
    return [s, { x: outX(s, t), y: outY(s, t) }, { x: outX(t, s), y: outY(t, s) }, t];
  }
  return [s, control(a.sourceSide, s, t), control(a.targetSide, t, s), t];
}

export function getPointAt([p0, p1, p2, p3]: Curve, t: number): Point {
  const u = 1 - t;
  const a = u * u * u;
  const b = 3 * u * u * t;
  const c = 3 * u * t * t;
  const d = t * t * t;
  return { x: a * p0.x + b * p1.x + c * p2.x + d * p3.x, y: a * p0.y + b * p1.y + c * p2.y + d * p3.y };
}

export function toSvgPath([p0, p1, p2, p3]: Curve): string {
  const r = (n: number) => Math.round(n * 10) / 10;
  return `M${r(p0.x)},${r(p0.y)} C${r(p1.x)},${r(p1.y)} ${r(p2.x)},${r(p2.y)} ${r(p3.x)},${r(p3.y)}`;
}

export type EdgeGeometry = { path: string; labelX: number; labelY: number };
export type LabelledEdge = EdgeEnds & { data?: DesignEdgeData | undefined };

/** Where along the curve a label may sit, best first. */
const LABEL_SPOTS = [0.5, 0.42, 0.58, 0.34, 0.66, 0.26, 0.74];
const LABEL_GAP = 4;

function overlapArea(a: Rect, b: Rect): number {
  const w = Math.min(a.x + a.width, b.x + b.width) - Math.max(a.x, b.x) + LABEL_GAP;
  const h = Math.min(a.y + a.height, b.y + b.height) - Math.max(a.y, b.y) + LABEL_GAP;
  return w > 0 && h > 0 ? w * h : 0;
}

/** A label position: a point on the curve, optionally pushed sideways off it. */
type Spot = { t: number; push: Point | null };

function normalize(v: Point): Point | null {
  const len = Math.hypot(v.x, v.y);
  return len > 1e-6 ? { x: v.x / len, y: v.y / len } : null;
}

/**
 * Spots to try, best first. An edge with a twin (the same pair, the other way) puts its label
 * beside the line, on the side away from the twin, so each label clearly belongs to one line;
 * other edges try the line itself first, then either side of it.
 */
function getSpots(curve: Curve, twin: Curve | undefined): Spot[] {
  const mid = getPointAt(curve, 0.5);
  if (twin) {
    const other = getPointAt(twin, 0.5);
    const away = normalize({ x: mid.x - other.x, y: mid.y - other.y });
    if (away) return LABEL_SPOTS.map((t) => ({ t, push: away }));
  }
  const tangent = normalize({ x: curve[3].x - curve[0].x, y: curve[3].y - curve[0].y }) ?? { x: 1, y: 0 };
  const normal = { x: -tangent.y, y: tangent.x };
  const flipped = { x: -normal.x, y: -normal.y };
  return [
    ...LABEL_SPOTS.map((t) => ({ t, push: null })),
    ...LABEL_SPOTS.flatMap((t) => [
      { t, push: normal },
      { t, push: flipped },
    ]),
  ];
}

function getLabelCenter(curve: Curve, spot: Spot, size: { width: number; height: number }): Point {
  const p = getPointAt(curve, spot.t);
  if (!spot.push) return p;
  // Half the box's extent along the push direction, plus a gap: the box just clears the line.
  const reach = (Math.abs(spot.push.x) * size.width + Math.abs(spot.push.y) * size.height) / 2 + 3;
  return { x: p.x + spot.push.x * reach, y: p.y + spot.push.y * reach };
}

/**
 * The path and label position of every edge between known nodes. Labels are placed in edge
 * order; each takes the first spot free of nodes and earlier labels, or else the one with
 * the least overlap (nodes weigh double).
 * @example
 * const geometry = getEdgeGeometry(rects, edges).get("call:order->inventory");
 */
export function getEdgeGeometry(
  rects: ReadonlyMap<string, Rect>,
  edges: readonly LabelledEdge[],
): Map<string, EdgeGeometry> {
  const anchors = getEdgeAnchors(rects, edges);
  const curves = new Map<string, Curve>();
  for (const e of edges) {
    const anchor = anchors.get(e.id);
    if (anchor) curves.set(e.id, getCurve(anchor));
  }
  const byPair = new Map(edges.filter((e) => curves.has(e.id)).map((e) => [`${e.source}\u0000${e.target}`, e.id]));
  const placed = new RectGrid();
  const nodes = new RectGrid(rects);
  const out = new Map<string, EdgeGeometry>();
  for (const e of edges) {
    const curve = curves.get(e.id);
    if (!curve) continue;
    const label = e.data ? getEdgeLabel(e.data) : null;
    let best = getPointAt(curve, 0.5);
    if (label) {
      const size = estimateLabelSize(label);
      const twinId = byPair.get(`${e.target}\u0000${e.source}`);
      let bestCost = Infinity;
      let bestBox: Rect | null = null;
      for (const spot of getSpots(curve, twinId ? curves.get(twinId) : undefined)) {
        const p = getLabelCenter(curve, spot, size);
        const box = { x: p.x - size.width / 2, y: p.y - size.height / 2, ...size };
        let cost = 0;
        nodes.some(
          box.x - LABEL_GAP,
          box.y - LABEL_GAP,
          box.x + box.width + LABEL_GAP,
          box.y + box.height + LABEL_GAP,
          (_, r) => {
            cost += 2 * overlapArea(box, r);
          },
        );
        placed.some(
          box.x - LABEL_GAP,
          box.y - LABEL_GAP,
          box.x + box.width + LABEL_GAP,
          box.y + box.height + LABEL_GAP,
          (_, r) => {
            cost += overlapArea(box, r);
          },
        );
        if (cost < bestCost) {
          bestCost = cost;
          best = p;
          bestBox = box;
        }
        if (cost === 0) break;
      }
      if (bestBox) placed.add(e.id, bestBox);
    }
    out.set(e.id, { path: toSvgPath(curve), labelX: best.x, labelY: best.y });
  }
  return out;
}
