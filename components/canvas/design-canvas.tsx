"use client";
/**
 * The canvas: a projection of a design onto React Flow. Components without a position are
 * laid out by ELK once (and again only when new ones without a position appear), then the
 * view is fitted. With `editing`, the user's gestures become callbacks (move, connect,
 * delete, select, rename, drop from the palette); the design they change comes back as the
 * `design` prop, so the canvas never holds a second copy of it.
 */
import "@xyflow/react/dist/style.css";
import "./canvas.css";
import {
  applyNodeChanges,
  Background,
  BackgroundVariant,
  Controls,
  MiniMap,
  ReactFlow,
  type Connection,
  type EdgeChange,
  type EdgeTypes,
  type NodeChange,
  type OnSelectionChangeParams,
  type ReactFlowInstance,
} from "@xyflow/react";
import { useCallback, useEffect, useMemo, useRef, useState, type DragEvent } from "react";
import type { ComponentKind, Design } from "../../model";
import type { Rect } from "./edge-anchors";
import { getEdgeGeometry } from "./edge-labels";
import { DesignEdge, EdgeGeometryContext, EdgeMarkerDefs } from "./design-edge";
import { NODE_SIZE, type ComponentFlowNode, type DesignFlowEdge, type EdgeKind } from "./flow-types";
import { layoutNodes } from "./layout";
import { findFreeSpot } from "./placement";
import { NODE_TYPES } from "./nodes/component-node";
import { toFlowElements } from "./to-flow";

const EDGE_TYPES: EdgeTypes = { design: DesignEdge };
// A fit never zooms in past 100%: a design of one component is not shown at 250%.
const FIT_VIEW_OPTIONS = { padding: 0.06, maxZoom: 1 };

/** The drag-and-drop type a palette item carries. */
export const PALETTE_DRAG_TYPE = "application/x-archsim-kind";
/** Positions snap to this grid, in canvas pixels. */
export const SNAP_GRID: [number, number] = [10, 10];

export interface CanvasEditing {
  onMove(positions: Record<string, { x: number; y: number }>): void;
  onConnect(source: string, target: string): void;
  onDelete(nodeIds: string[], edges: { kind: EdgeKind; source: string; target: string }[]): void;
  /** The selected components, and the selected edges (ids as toFlowElements makes them) for the inspector. */
  onSelect(ids: string[], edgeIds?: string[]): void;
  onRename(id: string): void;
  onDrop(kind: ComponentKind, at: { x: number; y: number }): void;
  /** Hands out placement and fitting, for "Add" buttons and the toolbar. */
  onReady?(api: CanvasApi): void;
}

export interface CanvasApi {
  /** The free spot nearest the centre of the view for a new component of `kind`. */
  placeNew(kind: ComponentKind): { x: number; y: number };
  fit(): void;
  /** Brings the components into view (zooming out if needed, never in past 100%). */
  focus(ids: readonly string[]): void;
}

export type DesignCanvasProps = {
  design: Design;
  editing?: CanvasEditing;
  selection?: readonly string[];
};

type XY = { x: number; y: number };

/** The minimap draws each component in its kind's colour (the node shapes' fill). */
const MINIMAP_COLORS: Readonly<Record<ComponentKind, string>> = {
  client: "#4b5563",
  gateway: "#1f7a7a",
  service: "#3566a8",
  broker: "#7a4fb0",
  registry: "#4d6b5a",
  config: "#4d6b5a",
  observability: "#4d6b5a",
  database: "#8a5a22",
  cache: "#b0452f",
};
function minimapColor(node: ComponentFlowNode): string {
  return MINIMAP_COLORS[node.data.kind] ?? "#94a3b8";
}

export function DesignCanvas({ design, editing, selection }: DesignCanvasProps) {
  const elements = useMemo(() => toFlowElements(design), [design]);
  // Where auto-layout put the components without a position; kept across edits.
  const [autoPositions, setAutoPositions] = useState<Map<string, XY> | null>(null);
  const [nodes, setNodes] = useState<ComponentFlowNode[] | null>(null);
  const [layoutError, setLayoutError] = useState<string | null>(null);
  const flow = useRef<ReactFlowInstance<ComponentFlowNode, DesignFlowEdge> | null>(null);

  useEffect(() => {
    const unplaced = elements.nodes.some((n) => n.data.autoPlaced && !autoPositions?.has(n.id));
    if (!unplaced && autoPositions) return;
    let cancelled = false;
    layoutNodes(elements.nodes, elements.edges).then(
      (placed) => {
        if (cancelled) return;
        const next = new Map(autoPositions ?? []);
        for (const n of placed) if (n.data.autoPlaced && !next.has(n.id)) next.set(n.id, n.position);
        setAutoPositions(next);
      },
      (error: unknown) => {
        // A failed auto-layout must not hide the design: fall back to a plain grid.
        if (cancelled) return;
        setLayoutError(error instanceof Error ? error.message : String(error));
        const next = new Map(autoPositions ?? []);
        elements.nodes.forEach((n, i) => {
          if (n.data.autoPlaced && !next.has(n.id)) next.set(n.id, { x: (i % 4) * 300, y: Math.floor(i / 4) * 180 });
        });
        setAutoPositions(next);
      },
    );
    return () => {
      cancelled = true;
    };
  }, [elements, autoPositions]);

  // The nodes drawn: the design's, at its positions or auto-layout's, with the selection.
  // Recomputed when those change (during render, React's pattern for derived state); drags
  // and clicks change them locally in between.
  const [drawnFrom, setDrawnFrom] = useState<{ elements: unknown; autoPositions: unknown; selection: unknown }>({
    elements: null,
    autoPositions: null,
    selection: null,
  });
  if (
    autoPositions &&
    (drawnFrom.elements !== elements || drawnFrom.autoPositions !== autoPositions || drawnFrom.selection !== selection)
  ) {
    const selected = new Set(selection ?? []);
    setDrawnFrom({ elements, autoPositions, selection });
    setNodes(
      elements.nodes.map((n) => ({
        ...n,
        position: n.data.autoPlaced ? (autoPositions.get(n.id) ?? n.position) : n.position,
        selected: selected.has(n.id),
      })),
    );
  }

  const onNodesChange = useCallback((changes: NodeChange<ComponentFlowNode>[]) => {
    // Drags and selection show at once; what the design keeps arrives through the props.
    setNodes((ns) => (ns ? applyNodeChanges(changes, ns) : ns));
  }, []);

  const onNodeDragStop = useCallback(
    (_e: unknown, _node: ComponentFlowNode, dragged: ComponentFlowNode[]) => {
      if (!editing) return;
      const positions: Record<string, XY> = {};
      for (const n of dragged) positions[n.id] = { x: n.position.x, y: n.position.y };
      editing.onMove(positions);
    },
    [editing],
  );

  const onConnect = useCallback(
    (c: Connection) => {
      if (editing && c.source && c.target) editing.onConnect(c.source, c.target);
    },
    [editing],
  );

  const onBeforeDelete = useCallback(
    async ({ nodes: ns, edges: es }: { nodes: ComponentFlowNode[]; edges: DesignFlowEdge[] }) => {
      if (editing) {
        const ids = ns.map((n) => n.id);
        const gone = new Set(ids);
        // Edges of removed components go with them; only the others are disconnected.
        const cut = es
          .filter((e) => !gone.has(e.source) && !gone.has(e.target) && e.data)
          .map((e) => ({ kind: e.data!.kind, source: e.source, target: e.target }));
        editing.onDelete(ids, cut);
      }
      return false;
    },
    [editing],
  );

  // Stable on purpose: React Flow reports the selection again when this handler changes.
  const selectionRef = useRef(selection);
  useEffect(() => {
    selectionRef.current = selection;
  }, [selection]);
  // Edge selection (inspector): React Flow's select changes kept here, as the nodes' drags are.
  const [selectedEdgeIds, setSelectedEdgeIds] = useState<ReadonlySet<string>>(() => new Set());
  const reportedEdges = useRef<string[]>([]);
  const onEdgesChange = useCallback((changes: EdgeChange<DesignFlowEdge>[]) => {
    setSelectedEdgeIds((prev) => {
      let next: Set<string> | null = null;
      for (const c of changes) {
        if (c.type !== "select" || prev.has(c.id) === c.selected) continue;
        next ??= new Set(prev);
        if (c.selected) next.add(c.id);
        else next.delete(c.id);
      }
      return next ?? prev;
    });
  }, []);
  const edges = useMemo(
    () =>
      selectedEdgeIds.size === 0
        ? elements.edges
        : elements.edges.map((e) => (selectedEdgeIds.has(e.id) ? { ...e, selected: true } : e)),
    [elements.edges, selectedEdgeIds],
  );
  const onSelectionChange = useCallback(
    ({ nodes: ns, edges: es }: OnSelectionChangeParams<ComponentFlowNode, DesignFlowEdge>) => {
      if (!editing) return;
      const ids = ns.map((n) => n.id);
      const edgeIds = es.map((e) => e.id);
      const current = selectionRef.current ?? [];
      const same = ids.length === current.length && ids.every((id) => current.includes(id));
      const sameEdges =
        edgeIds.length === reportedEdges.current.length && edgeIds.every((id) => reportedEdges.current.includes(id));
      reportedEdges.current = edgeIds;
      if (!same || !sameEdges) editing.onSelect(ids, edgeIds);
    },
    [editing],
  );

  const onNodeDoubleClick = useCallback(
    (_e: unknown, node: ComponentFlowNode) => editing?.onRename(node.id),
    [editing],
  );

  const onInit = useCallback(
    (instance: ReactFlowInstance<ComponentFlowNode, DesignFlowEdge>) => {
      flow.current = instance;
      editing?.onReady?.({
        placeNew: (kind) => {
          const box = document.querySelector(".as-canvas")?.getBoundingClientRect();
          const c = box
            ? instance.screenToFlowPosition({ x: box.left + box.width / 2, y: box.top + box.height / 2 })
            : { x: 0, y: 0 };
          const size = NODE_SIZE[kind];
          const taken = instance.getNodes().map((n) => ({
            x: n.position.x,
            y: n.position.y,
            width: n.measured?.width ?? n.width ?? 200,
            height: n.measured?.height ?? n.height ?? 80,
          }));
          return findFreeSpot({ x: c.x - size.width / 2, y: c.y - size.height / 2 }, size, taken);
        },
        fit: () => void instance.fitView(FIT_VIEW_OPTIONS),
        focus: (ids) => void instance.fitView({ ...FIT_VIEW_OPTIONS, nodes: ids.map((id) => ({ id })), duration: 200 }),
      });
    },
    [editing],
  );

  const onDragOver = useCallback((e: DragEvent) => {
    if (!e.dataTransfer.types.includes(PALETTE_DRAG_TYPE)) return;
    e.preventDefault();
    e.dataTransfer.dropEffect = "copy";
  }, []);
  const onDrop = useCallback(
    (e: DragEvent) => {
      const kind = e.dataTransfer.getData(PALETTE_DRAG_TYPE) as ComponentKind;
      if (!editing || !kind || !flow.current) return;
      e.preventDefault();
      const p = flow.current.screenToFlowPosition({ x: e.clientX, y: e.clientY });
      editing.onDrop(kind, { x: p.x - 110, y: p.y - 46 });
    },
    [editing],
  );

  const partialLayout = useMemo(
    () => elements.nodes.some((n) => n.data.autoPlaced) && elements.nodes.some((n) => !n.data.autoPlaced),
    [elements],
  );
  const geometry = useMemo(() => {
    const rects = new Map<string, Rect>();
    for (const n of nodes ?? [])
      rects.set(n.id, { x: n.position.x, y: n.position.y, width: n.width ?? 200, height: n.height ?? 80 });
    return getEdgeGeometry(rects, elements.edges);
  }, [nodes, elements.edges]);

  const editable = editing !== undefined;
  return (
    <div
      className={`as-canvas${partialLayout ? " as-canvas--partial-layout" : ""}${editable ? " as-canvas--editing" : ""}`}
      data-testid="design-canvas"
      data-ready={nodes ? "true" : "false"}
      onDragOver={editable ? onDragOver : undefined}
      onDrop={editable ? onDrop : undefined}
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
            onEdgesChange={editable ? onEdgesChange : undefined}
            onInit={onInit}
            nodesDraggable
            nodesConnectable={editable}
            elementsSelectable
            onNodeDragStop={editable ? onNodeDragStop : undefined}
            onConnect={editable ? onConnect : undefined}
            onBeforeDelete={editable ? onBeforeDelete : undefined}
            onSelectionChange={editable ? onSelectionChange : undefined}
            onNodeDoubleClick={editable ? onNodeDoubleClick : undefined}
            deleteKeyCode={editable ? ["Delete", "Backspace"] : null}
            multiSelectionKeyCode={["Meta", "Control", "Shift"]}
            selectionKeyCode="Shift"
            snapToGrid={editable}
            snapGrid={SNAP_GRID}
            zoomOnDoubleClick={!editable}
            fitView
            fitViewOptions={FIT_VIEW_OPTIONS}
            minZoom={0.1}
            maxZoom={2.5}
            colorMode="light"
            aria-label={`Architecture of ${design.name ?? "the design"}`}
          >
            <Background variant={BackgroundVariant.Dots} gap={22} size={1.4} color="#c3ccd8" />
            <Controls showInteractive={false} position="bottom-right" />
            {editable ? (
              <MiniMap
                pannable
                zoomable
                position="bottom-left"
                ariaLabel="Overview of the canvas"
                nodeColor={minimapColor}
                nodeBorderRadius={4}
              />
            ) : null}
          </ReactFlow>
        </EdgeGeometryContext.Provider>
      ) : (
        <div className="as-canvas-pending">Laying out {elements.nodes.length} components…</div>
      )}
      {nodes && nodes.length === 0 ? (
        <div className="as-canvas-empty">
          <p>This design has no components yet.</p>
          <p>{editable ? "Add one from the palette: click it, or drag it here." : "Nothing to draw."}</p>
        </div>
      ) : null}
      {layoutError ? (
        <div className="as-canvas-warning" role="status">
          Auto-layout failed ({layoutError}); components are placed on a grid.
        </div>
      ) : null}
    </div>
  );
}
