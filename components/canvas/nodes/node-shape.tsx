/**
 * The body of a node, drawn in SVG by kind: a cylinder for a database, a horizontal cylinder
 * for a broker, a stored-data shape for a cache, a browser window for a client, and rounded
 * rectangles for the rest. Each shape says how much padding its content needs.
 */
import type { ReactElement } from "react";
import type { ComponentKind } from "../../../model";

export type ShapeInsets = { top: number; right: number; bottom: number; left: number };

/** Vertical radius of a database's ellipses; horizontal radius of a broker's and cache's ends. */
const DB_RY = 11;
const END_RX = 16;
const BAR = 16;

export function getShapeInsets(kind: ComponentKind): ShapeInsets {
  switch (kind) {
    case "database":
      return { top: DB_RY * 2 + 4, right: 12, bottom: DB_RY + 4, left: 12 };
    case "broker":
      return { top: 10, right: END_RX * 2 + 6, bottom: 10, left: END_RX + 8 };
    case "cache":
      return { top: 10, right: END_RX + 8, bottom: 10, left: END_RX + 10 };
    case "client":
      return { top: BAR + 8, right: 12, bottom: 8, left: 12 };
    default:
      return { top: 10, right: 12, bottom: 10, left: 12 };
  }
}

/** `hatched` lays the "down" pattern (#as-hatch-down, in the canvas's marker defs) over the body. */
type ShapeProps = { kind: ComponentKind; width: number; height: number; hatched?: boolean };

export function NodeShape({ kind, width: w, height: h, hatched = false }: ShapeProps) {
  const s = 1; // half the stroke, so the outline is not clipped by the svg box
  return (
    <svg className="as-node-shape" width={w} height={h} viewBox={`0 0 ${w} ${h}`} aria-hidden="true">
      {renderShape(kind, w, h, s, hatched)}
    </svg>
  );
}

function renderShape(kind: ComponentKind, w: number, h: number, s: number, hatched: boolean) {
  const hatch = (body: ReactElement) => (hatched ? <g className="as-shape-hatch">{body}</g> : null);
  switch (kind) {
    case "database": {
      const ry = DB_RY;
      const body = `M${s},${ry + s} A${w / 2 - s},${ry} 0 0 1 ${w - s},${ry + s} V${h - ry - s} A${w / 2 - s},${ry} 0 0 1 ${s},${h - ry - s} Z`;
      return (
        <>
          <path className="as-shape-body" d={body} />
          {hatch(<path d={body} />)}
          <ellipse className="as-shape-face" cx={w / 2} cy={ry + s} rx={w / 2 - s} ry={ry} />
        </>
      );
    }
    case "broker": {
      const rx = END_RX;
      const body = `M${rx + s},${s} H${w - rx - s} A${rx},${h / 2 - s} 0 0 1 ${w - rx - s},${h - s} H${rx + s} A${rx},${h / 2 - s} 0 0 1 ${rx + s},${s} Z`;
      return (
        <>
          <path className="as-shape-body" d={body} />
          {hatch(<path d={body} />)}
          <ellipse className="as-shape-face" cx={w - rx - s} cy={h / 2} rx={rx} ry={h / 2 - s} />
        </>
      );
    }
    case "cache": {
      const rx = END_RX;
      const body = `M${rx + s},${s} H${w - s} A${rx},${h / 2 - s} 0 0 0 ${w - s},${h - s} H${rx + s} A${rx},${h / 2 - s} 0 0 1 ${rx + s},${s} Z`;
      return (
        <>
          <path className="as-shape-body" d={body} />
          {hatch(<path d={body} />)}
        </>
      );
    }
    case "client": {
      const r = 8;
      return (
        <>
          <rect className="as-shape-body" x={s} y={s} width={w - 2 * s} height={h - 2 * s} rx={r} />
          {hatch(<rect x={s} y={s} width={w - 2 * s} height={h - 2 * s} rx={r} />)}
          <path
            className="as-shape-bar"
            d={`M${s},${BAR} V${r + s} A${r - s},${r - s} 0 0 1 ${r},${s} H${w - r} A${r - s},${r - s} 0 0 1 ${w - s},${r + s} V${BAR} Z`}
          />
          {[0, 1, 2].map((i) => (
            <circle key={i} className="as-shape-dot" cx={12 + i * 9} cy={BAR / 2 + 0.5} r={2.6} />
          ))}
        </>
      );
    }
    default: {
      const rect = { x: s, y: s, width: w - 2 * s, height: h - 2 * s, rx: kind === "service" ? 10 : 8 };
      return (
        <>
          <rect className="as-shape-body" {...rect} />
          {hatch(<rect {...rect} />)}
        </>
      );
    }
  }
}
