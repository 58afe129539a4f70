/**
 * The geometry of the overview map: what part of the canvas it shows (every component and
 * the view, with a margin) and how a canvas point maps onto it, centred, with one scale for
 * both axes so boxes keep their shape.
 */
export type Box = { x: number; y: number; width: number; height: number };
type Point = { x: number; y: number };

/** Margin around what the map shows, as a share of its larger side. */
const MARGIN = 0.05;

export function overviewFrame(boxes: readonly Box[], view: Box, size: { width: number; height: number }) {
  let x0 = view.x;
  let y0 = view.y;
  let x1 = view.x + view.width;
  let y1 = view.y + view.height;
  for (const b of boxes) {
    x0 = Math.min(x0, b.x);
    y0 = Math.min(y0, b.y);
    x1 = Math.max(x1, b.x + b.width);
    y1 = Math.max(y1, b.y + b.height);
  }
  const margin = Math.max(x1 - x0, y1 - y0) * MARGIN;
  x0 -= margin;
  y0 -= margin;
  x1 += margin;
  y1 += margin;
  const scale = Math.min(size.width / Math.max(x1 - x0, 1), size.height / Math.max(y1 - y0, 1));
  // Centre the shown area in the map.
  const offsetX = (size.width - (x1 - x0) * scale) / 2;
  const offsetY = (size.height - (y1 - y0) * scale) / 2;
  return {
    scale,
    toMap: (b: Box): Box => ({
      x: (b.x - x0) * scale + offsetX,
      y: (b.y - y0) * scale + offsetY,
      width: b.width * scale,
      height: b.height * scale,
    }),
    toFlow: (p: Point): Point => ({ x: (p.x - offsetX) / scale + x0, y: (p.y - offsetY) / scale + y0 }),
  };
}

/**
 * The map's size for a canvas `height` px tall: full on a tall canvas, smaller on a short one
 * (the run panel docked below takes room), none below 320 px, where it would cover the design.
 */
export function overviewSize(height: number): { width: number; height: number } | null {
  if (height < 320) return null;
  if (height < 560) return { width: 120, height: 90 };
  return { width: 200, height: 150 };
}
