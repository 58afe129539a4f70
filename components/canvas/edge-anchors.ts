/**
 * Where each edge leaves and enters its nodes. Edges float: each end takes the side of its
 * node that faces the other node, and the edges sharing one side are spread along it in the
 * order of their far ends, so they fan out instead of meeting in one point and crossing.
 */
import { RectGrid, type Rect } from "./rect-grid";

export type { Rect };

export type Side = "top" | "right" | "bottom" | "left";
export type EdgeEnds = { id: string; source: string; target: string };
export type Anchor = {
  sourceX: number;
  sourceY: number;
  sourceSide: Side;
  targetX: number;
  targetY: number;
  targetSide: Side;
};

/** Gap between fanned-out edge ends on one side, in px. */
const SLOT = 22;
/** Horizontal clearance from which sides are left/right even when the nodes are far apart vertically. */
const PREFER_HORIZONTAL = 40;

const OPPOSITE: Record<Side, Side> = { top: "bottom", bottom: "top", left: "right", right: "left" };

function getFacingSide(a: Rect, b: Rect): Side {
  const dx = b.x + b.width / 2 - (a.x + a.width / 2);
  const dy = b.y + b.height / 2 - (a.y + a.height / 2);
  const gapX = Math.abs(dx) - (a.width + b.width) / 2;
  const gapY = Math.abs(dy) - (a.height + b.height) / 2;
  if (gapX >= PREFER_HORIZONTAL || gapX >= gapY) return dx >= 0 ? "right" : "left";
  return dy >= 0 ? "bottom" : "top";
}

/** True when the segment from a to b passes through r (Liang–Barsky clipping). */
function crosses(a: { x: number; y: number }, b: { x: number; y: number }, r: Rect): boolean {
  let t0 = 0;
  let t1 = 1;
  const dx = b.x - a.x;
  const dy = b.y - a.y;
  const edges: [number, number][] = [
    [-dx, a.x - r.x],
    [dx, r.x + r.width - a.x],
    [-dy, a.y - r.y],
    [dy, r.y + r.height - a.y],
  ];
  for (const [p, q] of edges) {
    if (p === 0) {
      if (q < 0) return false;
    } else {
      const t = q / p;
      if (p < 0) t0 = Math.max(t0, t);
      else t1 = Math.min(t1, t);
      if (t0 > t1) return false;
    }
  }
  return true;
}

/**
 * The sides an edge leaves and enters by. Nodes in one column with another node between them
 * are joined around the column (right side to right side) instead of through that node.
 */
function getSides(rects: ReadonlyMap<string, Rect>, grid: RectGrid, source: string, target: string): [Side, Side] {
  const s = rects.get(source)!;
  const t = rects.get(target)!;
  const side = getFacingSide(s, t);
  if (side === "top" || side === "bottom") {
    const a = center(s);
    const b = center(t);
    if (grid.some(a.x, a.y, b.x, b.y, (id, r) => id !== source && id !== target && crosses(a, b, r)))
      return ["right", "right"];
  }
  return [side, OPPOSITE[side]];
}

/** How many edges would pass straight through a third node: what a good layout avoids. */
export function countNodeCrossings(rects: ReadonlyMap<string, Rect>, edges: readonly EdgeEnds[]): number {
  let n = 0;
  const grid = new RectGrid(rects);
  for (const e of edges) {
    const s = rects.get(e.source);
    const t = rects.get(e.target);
    if (!s || !t || e.source === e.target) continue;
    const a = center(s);
    const b = center(t);
    grid.some(a.x, a.y, b.x, b.y, (id, r) => {
      if (id !== e.source && id !== e.target && crosses(a, b, r)) n++;
    });
  }
  return n;
}

function center(r: Rect): { x: number; y: number } {
  return { x: r.x + r.width / 2, y: r.y + r.height / 2 };
}

/**
 * Anchors for every edge whose two nodes have a rect; self-loops and edges to unknown nodes
 * are left out.
 * @example
 * getEdgeAnchors(new Map([["a", ra], ["b", rb]]), [{ id: "e", source: "a", target: "b" }]).get("e");
 */
export function getEdgeAnchors(rects: ReadonlyMap<string, Rect>, edges: readonly EdgeEnds[]): Map<string, Anchor> {
  type End = { edge: string; end: "source" | "target"; node: string; side: Side; far: { x: number; y: number } };
  const groups = new Map<string, End[]>();
  const push = (e: End): void => {
    const key = `${e.node}\u0000${e.side}`;
    const list = groups.get(key);
    if (list) list.push(e);
    else groups.set(key, [e]);
  };
  const grid = new RectGrid(rects);
  for (const e of edges) {
    const s = rects.get(e.source);
    const t = rects.get(e.target);
    if (!s || !t || e.source === e.target) continue;
    const [sourceSide, targetSide] = getSides(rects, grid, e.source, e.target);
    push({ edge: e.id, end: "source", node: e.source, side: sourceSide, far: center(t) });
    push({ edge: e.id, end: "target", node: e.target, side: targetSide, far: center(s) });
  }

  const partial = new Map<string, Partial<Anchor>>();
  for (const list of groups.values()) {
    const { node, side } = list[0]!;
    const r = rects.get(node)!;
    const vertical = side === "left" || side === "right";
    // Ties (two edges between the same pair) are broken the same way at both ends, so they run parallel.
    list.sort(
      (a, b) => (vertical ? a.far.y - b.far.y : a.far.x - b.far.x) || (a.edge < b.edge ? -1 : a.edge > b.edge ? 1 : 0),
    );
    const length = vertical ? r.height : r.width;
    const step = list.length > 1 ? Math.min(SLOT, (length * 0.7) / (list.length - 1)) : 0;
    list.forEach((end, i) => {
      const offset = (i - (list.length - 1) / 2) * step;
      const x = side === "left" ? r.x : side === "right" ? r.x + r.width : r.x + r.width / 2 + offset;
      const y = side === "top" ? r.y : side === "bottom" ? r.y + r.height : r.y + r.height / 2 + offset;
      const a = partial.get(end.edge) ?? {};
      if (end.end === "source") Object.assign(a, { sourceX: x, sourceY: y, sourceSide: side });
      else Object.assign(a, { targetX: x, targetY: y, targetSide: side });
      partial.set(end.edge, a);
    });
  }
  return partial as Map<string, Anchor>;
}
