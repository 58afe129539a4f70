"use client";
/**
 * The one edge type. Line and head say what an edge is (solid + filled head: sync; dashed +
 * open head: publish; dotted: subscription; faint: depends on); the label shows the routes or
 * topics on top and the protocol below.
 */
import { BaseEdge, EdgeLabelRenderer, getBezierPath, type EdgeProps } from "@xyflow/react";
import { createContext, memo, useContext, useSyncExternalStore } from "react";
import { getEdgeLabel, type EdgeGeometry } from "./edge-labels";
import type { DesignFlowEdge, EdgeKind } from "./flow-types";
import { shareGeometry } from "./stable-elements";

/**
 * Edge paths and label positions by edge id, computed by the canvas whenever a node moves.
 * Each edge subscribes to its own entry, so moving one node re-renders only the edges whose
 * geometry changed (the canvas keeps the previous object of every unchanged one).
 */
export interface EdgeGeometryStore {
  get(id: string): EdgeGeometry | undefined;
  subscribe(listener: () => void): () => void;
  /** Replaces the geometry; edges rendering from now on read it. */
  set(geometry: Map<string, EdgeGeometry>): void;
  /** Tells the edges that did not render since `set` to read it again. */
  notify(): void;
}

export function createEdgeGeometryStore(): EdgeGeometryStore {
  let current: ReadonlyMap<string, EdgeGeometry> = new Map();
  const listeners = new Set<() => void>();
  return {
    get: (id) => current.get(id),
    subscribe(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    set(geometry) {
      current = shareGeometry(current, geometry);
    },
    notify() {
      for (const l of listeners) l();
    },
  };
}

export const EdgeGeometryContext = createContext<EdgeGeometryStore>(createEdgeGeometryStore());

type Head = "filled" | "open" | "faint";

const LOOK: Readonly<Record<EdgeKind, { className: string; head: Head }>> = {
  request: { className: "as-edge--sync", head: "filled" },
  route: { className: "as-edge--sync", head: "filled" },
  call: { className: "as-edge--sync", head: "filled" },
  query: { className: "as-edge--data", head: "filled" },
  cache: { className: "as-edge--data", head: "filled" },
  publish: { className: "as-edge--publish", head: "open" },
  subscribe: { className: "as-edge--subscribe", head: "open" },
  depends: { className: "as-edge--depends", head: "faint" },
};

/** Marker definitions the edges refer to by id; rendered once by the canvas. */
export function EdgeMarkerDefs() {
  return (
    <svg className="as-marker-defs" aria-hidden="true">
      <defs>
        <marker
          id="as-head-filled"
          viewBox="0 0 12 12"
          refX="11"
          refY="6"
          markerWidth="12"
          markerHeight="12"
          markerUnits="userSpaceOnUse"
          orient="auto-start-reverse"
        >
          <path d="M1,1.5 L11,6 L1,10.5 z" className="as-head-filled" />
        </marker>
        <marker
          id="as-head-open"
          viewBox="0 0 12 12"
          refX="10.5"
          refY="6"
          markerWidth="13"
          markerHeight="13"
          markerUnits="userSpaceOnUse"
          orient="auto-start-reverse"
        >
          <path d="M1.5,1.5 L10.5,6 L1.5,10.5" className="as-head-open" />
        </marker>
        <marker
          id="as-head-faint"
          viewBox="0 0 12 12"
          refX="10.5"
          refY="6"
          markerWidth="10"
          markerHeight="10"
          markerUnits="userSpaceOnUse"
          orient="auto-start-reverse"
        >
          <path d="M1.5,1.5 L10.5,6 L1.5,10.5" className="as-head-faint" />
        </marker>
      </defs>
    </svg>
  );
}

function DesignEdgeView(props: EdgeProps<DesignFlowEdge>) {
  const { id, data } = props;
  const store = useContext(EdgeGeometryContext);
  const read = () => store.get(id);
  const geometry = useSyncExternalStore(store.subscribe, read, read);
  // Before the canvas has computed geometry (or for an edge it does not know), draw React Flow's curve.
  const [path, labelX, labelY] = geometry ? [geometry.path, geometry.labelX, geometry.labelY] : getBezierPath(props);
  const kind = data?.kind ?? "call";
  const look = LOOK[kind];
  const label = data ? getEdgeLabel(data) : null;
  return (
    <>
      <BaseEdge
        id={id}
        path={path}
        className={`as-edge ${look.className}${props.selected ? " as-edge--selected" : ""}`}
        markerEnd={`url(#as-head-${look.head})`}
        interactionWidth={18}
      />
      {label ? (
        <EdgeLabelRenderer>
          <div
            className={`as-edge-label as-edge-label--${kind} nodrag nopan`}
            style={{ transform: `translate(-50%, -50%) translate(${labelX}px, ${labelY}px)` }}
            data-testid={`edge-label-${id}`}
            data-kind={kind}
            title={`${data!.items.join("\n")}${data!.protocol ? `\n(${data!.protocol})` : ""}`}
          >
            {label.items.map((item) => (
              <div key={item} className="as-edge-label-item">
                {item}
              </div>
            ))}
            {label.more > 0 ? <div className="as-edge-label-more">+{label.more} more</div> : null}
            {label.protocol ? <div className="as-edge-label-protocol">{label.protocol}</div> : null}
          </div>
        </EdgeLabelRenderer>
      ) : null}
    </>
  );
}

export const DesignEdge = memo(DesignEdgeView);
