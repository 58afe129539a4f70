"use client";
/**
 * One node for every component kind, layered as LikeC4 does: shape, then icon + title +
 * technology line, then a footer of facts. While a run has a snapshot, the live slots
 * (live-node.tsx) take over: status chip, stats line, utilization bar, replica dots, topic
 * depths; the node's data never carries metrics.
 */
import { Handle, Position, type NodeProps, type NodeTypes } from "@xyflow/react";
import { memo } from "react";
import type { ComponentKind } from "../../../model";
import { NODE_SIZE, type ComponentFlowNode } from "../flow-types";
import { KindIcon } from "./kind-icon";
import {
  FaultBadges,
  HealthChip,
  LiveStats,
  TopicDepths,
  TraceRing,
  useNodeLiveView,
  UtilizationBar,
} from "./live-node";
import { getShapeInsets, NodeShape } from "./node-shape";

/** Replica dots shown at most; more are summarized by the count in the facts. */
const MAX_DOTS = 8;
/** Titles longer than this (in characters) may take two lines: the node makes room for them. */
const LONG_TITLE = 18;

function ComponentNodeView({ data, width, height, selected }: NodeProps<ComponentFlowNode>) {
  const size = NODE_SIZE[data.kind];
  const w = width ?? size.width;
  const h = height ?? size.height;
  const inset = getShapeInsets(data.kind);
  const live = useNodeLiveView(data.id, data.replicas, data.routes, data.kind === "broker");
  // A component the run did not reach keeps its design facts; the chip says "idle".
  const liveStats = live && live.level !== "idle";
  return (
    <div
      className={`as-node as-node--${data.kind}${selected ? " as-node--selected" : ""}${data.autoPlaced ? " as-node--auto" : ""}${data.title.length > LONG_TITLE ? " as-node--long-title" : ""}${live ? ` as-node--live as-health--${live.level}` : ""}`}
      style={{ width: w, height: h }}
      data-testid={`node-${data.id}`}
      data-health={live?.level}
      title={[data.title, data.techLine, data.description].filter(Boolean).join("\n")}
    >
      <NodeShape kind={data.kind} width={w} height={h} hatched={live?.level === "down"} />
      <TraceRing id={data.id} />
      {live ? <HealthChip id={data.id} view={live} /> : null}
      {live ? <FaultBadges id={data.id} /> : null}
      <div
        className="as-node-content"
        style={{ padding: `${inset.top}px ${inset.right}px ${inset.bottom}px ${inset.left}px` }}
      >
        <div className="as-node-head">
          <span className="as-node-icon">
            <KindIcon kind={data.kind} />
          </span>
          <span className="as-node-title" data-testid={`node-title-${data.id}`}>
            {data.title}
          </span>
        </div>
        <div className="as-node-tech">{data.techLine}</div>
        {liveStats ? (
          <LiveStats id={data.id} view={live} designReplicas={data.replicas} />
        ) : data.facts.length > 0 || data.replicas ? (
          <div className="as-node-facts">
            {data.replicas ? (
              <span className="as-node-dots" aria-label={`${data.replicas} replicas`}>
                {"●".repeat(Math.min(data.replicas, MAX_DOTS))}
              </span>
            ) : null}
            <span>{data.facts.join(" · ")}</span>
          </div>
        ) : null}
      </div>
      {liveStats && data.kind !== "broker" ? <UtilizationBar view={live} /> : null}
      {live && data.kind === "broker" ? <TopicDepths id={data.id} /> : null}
      {/* Edges float (see edge-anchors.ts); React Flow still needs one handle of each type. */}
      <Handle className="as-handle" type="target" position={Position.Left} />
      <Handle className="as-handle" type="source" position={Position.Right} />
    </div>
  );
}

export const ComponentNode = memo(ComponentNodeView);

/** The node types by kind: all share one view; the kind picks the shape and colours. */
export const NODE_TYPES = {
  client: ComponentNode,
  gateway: ComponentNode,
  service: ComponentNode,
  broker: ComponentNode,
  registry: ComponentNode,
  config: ComponentNode,
  observability: ComponentNode,
  database: ComponentNode,
  cache: ComponentNode,
} satisfies Record<ComponentKind, unknown> as NodeTypes;
