"use client";
/**
 * The canvas: a read-only projection of a design onto React Flow. Components without a
 * position are laid out by ELK once, then the view is fitted.
 */
import "@xyflow/react/dist/style.css";
import "./canvas.css";
import {
  applyEdgeChanges,
  applyNodeChanges,
  Background,
  BackgroundVariant,
  Controls,
  ReactFlow,
  type EdgeChange,
  type EdgeTypes,
  type NodeChange,
} from "@xyflow/react";
import { useCallback, useEffect, useMemo, useState } from "react";
import type { Design } from "../../model";
import type { Rect } from "./edge-anchors";
import { getEdgeGeometry } from "./edge-labels";
import { DesignEdge, EdgeGeometryContext, EdgeMarkerDefs } from "./design-edge";
import type { ComponentFlowNode, DesignFlowEdge } from "./flow-types";
import { layoutNodes } from "./layout";
import { NODE_TYPES } from "./nodes/component-node";
import { toFlowElements } from "./to-flow";

const EDGE_TYPES: EdgeTypes = { design: DesignEdge };
const FIT_VIEW_OPTIONS = { padding: 0.06 };

export type DesignCanvasProps = { design: Design };

export function DesignCanvas({ design }: DesignCanvasProps) {
  const elements = useMemo(() => toFlowElements(design), [design]);
  const [nodes, setNodes] = useState<ComponentFlowNode[] | null>(null);
  const [edges, setEdges] = useState<DesignFlowEdge[]>(elements.edges);
  const [layoutError, setLayoutError] = useState<string | null>(null);

  useEffect(() => {
    let cancelled = false;
    layoutNodes(elements.nodes, elements.edges).then(
      (placed) => {
        if (cancelled) return;
        setNodes(placed);
        setEdges(elements.edges);
      },
      (error: unknown) => {
        // A failed auto-layout must not hide the design: fall back to a plain grid.
        if (cancelled) return;
        setLayoutError(error instanceof Error ? error.message : String(error));
        setEdges(elements.edges);
        setNodes(
          elements.nodes.map((n, i) =>
            n.data.autoPlaced ? { ...n, position: { x: (i % 4) * 300, y: Math.floor(i / 4) * 180 } } : n,
          ),
        );
      },
    );
    return () => {
      cancelled = true;
    };
  }, [elements]);

  const onNodesChange = useCallback((changes: NodeChange<ComponentFlowNode>[]) => {
    setNodes((ns) => (ns ? applyNodeChanges(changes, ns) : ns));
  }, []);
  const onEdgesChange = useCallback((changes: EdgeChange<DesignFlowEdge>[]) => {
    setEdges((es) => applyEdgeChanges(changes, es));
  }, []);

  const partialLayout = useMemo(
    () => elements.nodes.some((n) => n.data.autoPlaced) && elements.nodes.some((n) => !n.data.autoPlaced),
    [elements],
  );
  const geometry = useMemo(() => {
    const rects = new Map<string, Rect>();
    for (const n of nodes ?? [])
      rects.set(n.id, { x: n.position.x, y: n.position.y, width: n.width ?? 200, height: n.height ?? 80 });
    return getEdgeGeometry(rects, edges);
  }, [nodes, edges]);

  return (
    <div
      className={`as-canvas${partialLayout ? " as-canvas--partial-layout" : ""}`}
      data-testid="design-canvas"
      data-ready={nodes ? "true" : "false"}
    >
      <EdgeMarkerDefs />
      {nodes ? (
        <EdgeGeometryContext.Provider value={geometry}>
          <ReactFlow<ComponentFlowNode, DesignFlowEdge>
            nodes={nodes}
            edges={edges}
            nodeTypes={NODE_TYPES}
            edgeTypes={EDGE_TYPES}
            onNodesChange={onNodesChange}
            onEdgesChange={onEdgesChange}
            nodesConnectable={false}
            fitView
            fitViewOptions={FIT_VIEW_OPTIONS}
            minZoom={0.2}
            maxZoom={2.5}
            colorMode="light"
            aria-label={`Architecture of ${design.name ?? "the design"}`}
          >
            <Background variant={BackgroundVariant.Dots} gap={22} size={1.4} color="#c3ccd8" />
            <Controls showInteractive={false} position="bottom-right" />
          </ReactFlow>
        </EdgeGeometryContext.Provider>
      ) : (
        <div className="as-canvas-pending">Laying out {elements.nodes.length} components…</div>
      )}
      {layoutError ? (
        <div className="as-canvas-warning" role="status">
          Auto-layout failed ({layoutError}); components are placed on a grid.
        </div>
      ) : null}
    </div>
  );
}
