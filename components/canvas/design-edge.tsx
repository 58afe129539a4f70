"use client";
/**
 * The one edge type. Line and head say what an edge is (solid + filled head: sync; dashed +
 * open head: publish; dotted: subscription; faint: depends on); the label shows the routes or
 * topics on top and the protocol below. While a run has a snapshot, the edge subscribes to its
 * own load (live-view.ts): width from log(rate), a broken amber line and ✕ when failing, a
 * broken line and ⊘ badge when the caller's circuit is open.
 */
import { BaseEdge, EdgeLabelRenderer, getBezierPath, type EdgeProps } from "@xyflow/react";
import { createContext, memo, useContext, useSyncExternalStore } from "react";
import { useShallow } from "zustand/react/shallow";
import { useLiveMetrics } from "../store/live-metrics-context";
import { selectShownSnapshot } from "../store/live-metrics";
import { getEdgeLabel, type EdgeGeometry } from "./edge-labels";
import type { DesignFlowEdge, EdgeKind } from "./flow-types";
import { getEdgeLiveView } from "./live-view";
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
        {/* The hatched fill over a node that is down (node-shape.tsx). */}
        <pattern id="as-hatch-down" width="8" height="8" patternUnits="userSpaceOnUse" patternTransform="rotate(45)">
          <rect className="as-hatch-stripe" width="3.5" height="8" />
        </pattern>
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
  const items = data?.items;
  const live = useLiveMetrics(
    useShallow((s) => {
      const shown = selectShownSnapshot(s);
      return shown && items ? getEdgeLiveView(shown, kind, props.source, props.target, items) : null;
    }),
  );
  const circuitOpen = live?.circuit === "open";
  const liveClass = live
    ? `${live.failing ? " as-edge--failing" : ""}${circuitOpen ? " as-edge--circuit-open" : ""}`
    : "";
  return (
    <>
      <BaseEdge
        id={id}
        path={path}
        className={`as-edge ${look.className}${props.selected ? " as-edge--selected" : ""}${liveClass}`}
        markerEnd={`url(#as-head-${look.head})`}
        interactionWidth={18}
        style={live ? { strokeWidth: live.width } : undefined}
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
            {live ? (
              <div className="as-edge-live" data-testid={`edge-live-${id}`}>
                <span>{live.rate}</span>
                {live.failing ? (
                  <span className="as-edge-badge as-edge-badge--failing">
                    <span aria-hidden="true">✕ </span>
                    {live.failing}
                  </span>
                ) : null}
                {circuitOpen ? (
                  <span className="as-edge-badge as-edge-badge--circuit">
                    <span aria-hidden="true">⊘ </span>circuit open
                  </span>
                ) : live.circuit === "halfOpen" ? (
                  <span className="as-edge-badge as-edge-badge--circuit">
                    <span aria-hidden="true">◐ </span>half-open
                  </span>
                ) : null}
              </div>
            ) : null}
          </div>
        </EdgeLabelRenderer>
      ) : null}
    </>
  );
}

export const DesignEdge = memo(DesignEdgeView);
