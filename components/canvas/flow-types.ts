/** The shapes the canvas hands to React Flow: node and edge data derived from a design. */
import type { Edge, Node } from "@xyflow/react";
import type { ComponentKind } from "../../model";

/** What an edge stands for; its line and head are chosen from this, not its colour. */
export type EdgeKind = "request" | "route" | "call" | "query" | "cache" | "publish" | "subscribe" | "depends";

export type ComponentNodeData = {
  id: string;
  kind: ComponentKind;
  /** The component's label, or its id when it has none. */
  title: string;
  /** The technology line: `tech`, else a description of the kind (e.g. "RabbitMQ broker"). */
  techLine: string;
  description?: string;
  /** Short facts for the footer (e.g. "2 replicas", "pool 40"). */
  facts: string[];
  replicas?: number;
  /** Route keys of a run's results that enter the design here (gateway routes, or `service.op`). */
  routes?: string[];
  /** True when the design has no position for it and auto-layout placed it. */
  autoPlaced: boolean;
};

export type DesignEdgeData = {
  kind: EdgeKind;
  /** Routes, topics or operations carried by this edge, merged over every step between the pair. */
  items: string[];
  /** The second label line, e.g. "HTTP" or "AMQP". */
  protocol?: string;
};

export type ComponentFlowNode = Node<ComponentNodeData, ComponentKind>;
export type DesignFlowEdge = Edge<DesignEdgeData, "design">;

export type FlowElements = { nodes: ComponentFlowNode[]; edges: DesignFlowEdge[] };

/** Fixed node sizes per kind, shared by auto-layout and rendering so ELK sees what is drawn. */
export const NODE_SIZE: Readonly<Record<ComponentKind, { width: number; height: number }>> = {
  client: { width: 230, height: 96 },
  gateway: { width: 220, height: 84 },
  service: { width: 220, height: 92 },
  broker: { width: 260, height: 84 },
  registry: { width: 200, height: 80 },
  config: { width: 200, height: 80 },
  observability: { width: 200, height: 80 },
  database: { width: 180, height: 104 },
  cache: { width: 200, height: 80 },
};
