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
  ReactFlow,
  useStore,
  type Connection,
  type EdgeChange,
  type EdgeTypes,
  type NodeChange,
  type OnSelectionChangeParams,
  type ReactFlowInstance,
} from "@xyflow/react";
import {
  useCallback,
  useEffect,
  useLayoutEffect,
  useMemo,
  useRef,
  useState,
  type DragEvent,
  type MouseEvent as ReactMouseEvent,
} from "react";
import type { ComponentKind, Design } from "../../model";
import type { Rect } from "./edge-anchors";
import { getEdgeGeometry } from "./edge-labels";
import { createEdgeGeometryStore, DesignEdge, EdgeGeometryContext, EdgeMarkerDefs } from "./design-edge";
import { NODE_SIZE, type ComponentFlowNode, type DesignFlowEdge, type EdgeKind, type FlowElements } from "./flow-types";
import { layoutNodes } from "./layout";
import { getAutoPositionsOffMainThread } from "./layout-worker-client";
import { requestCanvasMenu } from "./canvas-menu-event";
import { findFreeSpot } from "./placement";
import { useLiveMetricsTestHook } from "./live-test-hook";
import { NODE_TYPES } from "./nodes/component-node";
import { OverviewMap } from "./overview-map";
import { LiveCursorBadge } from "./live-cursor-badge";
import { shareElements } from "./stable-elements";
import { toFlowElements } from "./to-flow";

const EDGE_TYPES: EdgeTypes = { design: DesignEdge };
/** How long the view must rest before the canvas is painted sharp again (see onMoveEnd). */
const MOVE_REST_MS = 250;
/**
 * Designs with this many edges hide them while a zoom changes (and draw them again when it
 * rests), as Cytoscape.js's hideEdgesOnViewport does: each zoom step paints every edge again at
 * the new scale, and over 2,000 edges that alone took longer than a frame.
 */
export const HIDE_EDGES_WHILE_ZOOMING_FROM = 1000;
/** Designs from this size on are laid out in a Web Worker; smaller ones take milliseconds here. */
const WORKER_LAYOUT_FROM = 40;
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

/**
 * Below these zooms the canvas draws less (canvas.css): "far" drops edge labels, node details
 * and shadows; "tiny" leaves plain shapes. Text there is a few pixels high and unreadable,
 * and it is most of what each frame of a pan or zoom over a big design paints.
 */
export const FAR_ZOOM = 0.45;
export const TINY_ZOOM = 0.2;
type ZoomDetail = "near" | "far" | "tiny";

/**
 * Reports the detail level for the zoom. Its selector changes only when the zoom crosses a
 * threshold, so panning and zooming re-render nothing here.
 */
function ZoomDetailWatcher({ onChange }: { onChange(detail: ZoomDetail): void }) {
  const detail = useStore((s): ZoomDetail =>
    s.transform[2] < TINY_ZOOM ? "tiny" : s.transform[2] < FAR_ZOOM ? "far" : "near",
  );
  useLayoutEffect(() => onChange(detail), [onChange, detail]);
  return null;
}

function sameRects(a: ReadonlyMap<string, Rect>, b: ReadonlyMap<string, Rect>): boolean {
  if (a.size !== b.size) return false;
  for (const [id, r] of b) {
    const o = a.get(id);
    if (!o || o.x !== r.x || o.y !== r.y || o.width !== r.width || o.height !== r.height) return false;
  }
  return true;
}

export function DesignCanvas({ design, editing, selection }: DesignCanvasProps) {
  // The projection of the design, sharing every unchanged node and edge with the previous one
  // (derived during render, React's pattern for derived state).
  const [projected, setProjected] = useState<{ design: Design; elements: FlowElements } | null>(null);
  let elements: FlowElements;
  if (projected && projected.design === design) elements = projected.elements;
  else {
    elements = shareElements(projected?.elements ?? null, toFlowElements(design));
    setProjected({ design, elements });
  }
  useLiveMetricsTestHook();
  const [zoomDetail, setZoomDetail] = useState<ZoomDetail>("near");
  // During a pan or zoom the viewport runs a Web Animation that changes nothing (an identity
  // transform added to its own). Chromium then treats the viewport's transform as animated:
  // each frame of the gesture updates that one compositor transform instead of building the
  // page's compositor layers again from every node and edge (Chromium's
  // DirectlyUpdateTransform path, taken only for transforms with an active animation), and a
  // pan moves painted tiles instead of painting again. Measured on 1,000 components: pan
  // 22 fps without, 44 with (and the overview map's canvas). The animation ends a moment after
  // the gesture, so the view rests as a plain element, painted sharp at its zoom; wheel zooms
  // come as short gestures in a row.
  const canvasElement = useRef<HTMLDivElement>(null);
  // Whether the user moved the view since it was last fitted: until they do, the view is
  // fitted again when the canvas changes size (a panel docked below it, a window resized).
  const viewMovedByUser = useRef(false);
  const restTimer = useRef<ReturnType<typeof setTimeout> | null>(null);
  const gesture = useRef<Animation | null>(null);
  const onMoveStart = useCallback((event: MouseEvent | TouchEvent | null) => {
    if (event) viewMovedByUser.current = true;
    if (restTimer.current) clearTimeout(restTimer.current);
    restTimer.current = null;
    const root = canvasElement.current;
    // A wheel step (or fitting the view) changes the zoom: every frame is painted again at the
    // new scale anyway, and the animation's layer made those frames slower (measured), so it
    // is for pans alone; a zoom draws message edges solid instead (canvas.css).
    const kind = event && event.type !== "wheel" ? "pan" : "zoom";
    root?.setAttribute("data-moving", kind);
    const viewport = root?.querySelector<HTMLElement>(".react-flow__viewport");
    if (kind === "zoom") {
      gesture.current?.cancel();
      gesture.current = null;
    } else if (viewport && !gesture.current && typeof viewport.animate === "function") {
      const still = { transform: "translate(0px, 0px)" };
      gesture.current = viewport.animate([still, still], { duration: 3_600_000, composite: "add" });
    }
  }, []);
  const endGesture = useCallback(() => {
    gesture.current?.cancel();
    gesture.current = null;
    canvasElement.current?.removeAttribute("data-moving");
  }, []);
  const onMoveEnd = useCallback(() => {
    if (restTimer.current) clearTimeout(restTimer.current);
    restTimer.current = setTimeout(endGesture, MOVE_REST_MS);
  }, [endGesture]);
  useEffect(
    () => () => {
      if (restTimer.current) clearTimeout(restTimer.current);
      gesture.current?.cancel();
    },
    [],
  );
  // Where auto-layout put the components without a position; kept across edits.
  const [autoPositions, setAutoPositions] = useState<Map<string, XY> | null>(null);
  const [nodes, setNodes] = useState<ComponentFlowNode[] | null>(null);
  const [layoutError, setLayoutError] = useState<string | null>(null);
  const flow = useRef<ReactFlowInstance<ComponentFlowNode, DesignFlowEdge> | null>(null);

  useEffect(() => {
    const unplaced = elements.nodes.some((n) => n.data.autoPlaced && !autoPositions?.has(n.id));
    if (!unplaced && autoPositions) return;
    let cancelled = false;
    const abort = new AbortController();
    const inWorker =
      elements.nodes.length >= WORKER_LAYOUT_FROM
        ? (ns: readonly ComponentFlowNode[], es: readonly DesignFlowEdge[]) =>
            getAutoPositionsOffMainThread(ns, es, abort.signal)
        : undefined;
    layoutNodes(elements.nodes, elements.edges, inWorker).then(
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
      abort.abort();
    };
  }, [elements, autoPositions]);

  // The nodes drawn: the design's, at its positions or auto-layout's, with the selection.
  // Recomputed when those change (during render, React's pattern for derived state); drags
  // and clicks change them locally in between.
  const [drawnFrom, setDrawnFrom] = useState<{
    elements: FlowElements | null;
    autoPositions: unknown;
    selection: unknown;
  }>({
    elements: null,
    autoPositions: null,
    selection: null,
  });
  if (
    autoPositions &&
    (drawnFrom.elements !== elements || drawnFrom.autoPositions !== autoPositions || drawnFrom.selection !== selection)
  ) {
    const selected = new Set(selection ?? []);
    // A node whose design, position and selection did not change keeps its object (with what
    // React Flow measured), so React Flow does not touch it again.
    const drawn = new Map((nodes ?? []).map((n) => [n.id, n]));
    const before = new Map((drawnFrom.elements?.nodes ?? []).map((n) => [n.id, n]));
    let changed = !nodes || nodes.length !== elements.nodes.length;
    const next: ComponentFlowNode[] = [];
    for (const [i, n] of elements.nodes.entries()) {
      const position = n.data.autoPlaced ? (autoPositions.get(n.id) ?? n.position) : n.position;
      const isSelected = selected.has(n.id);
      const current = drawn.get(n.id);
      const keep =
        current !== undefined &&
        before.get(n.id) === n &&
        current.position.x === position.x &&
        current.position.y === position.y &&
        !!current.selected === isSelected;
      const node = keep ? current : { ...n, position, selected: isSelected };
      if (nodes?.[i] !== node) changed = true;
      next.push(node);
    }
    setDrawnFrom({ elements, autoPositions, selection });
    if (changed) setNodes(next);
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

  // A right-click on a component or a connection: a menu where someone offers one (the run
  // panel, during a run), the browser's own otherwise.
  const onNodeContextMenu = useCallback((e: ReactMouseEvent, node: ComponentFlowNode) => {
    if (requestCanvasMenu({ node: node.id, x: e.clientX, y: e.clientY })) e.preventDefault();
  }, []);
  const onEdgeContextMenu = useCallback((e: ReactMouseEvent, edge: DesignFlowEdge) => {
    if (requestCanvasMenu({ edge: { source: edge.source, target: edge.target }, x: e.clientX, y: e.clientY }))
      e.preventDefault();
  }, []);

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
        fit: () => {
          viewMovedByUser.current = false;
          void instance.fitView(FIT_VIEW_OPTIONS);
        },
        focus: (ids) => void instance.fitView({ ...FIT_VIEW_OPTIONS, nodes: ids.map((id) => ({ id })), duration: 200 }),
      });
    },
    [editing],
  );

  useEffect(() => {
    const el = canvasElement.current;
    if (!el || typeof ResizeObserver === "undefined") return;
    let size = { width: el.clientWidth, height: el.clientHeight };
    const observer = new ResizeObserver(() => {
      const next = { width: el.clientWidth, height: el.clientHeight };
      const changed = Math.abs(next.width - size.width) > 8 || Math.abs(next.height - size.height) > 8;
      size = next;
      if (!changed || viewMovedByUser.current || next.width === 0 || next.height === 0) return;
      // After React Flow has read its new size (its own observer may run after this one).
      cancelAnimationFrame(frame);
      frame = requestAnimationFrame(() => void flow.current?.fitView(FIT_VIEW_OPTIONS));
    });
    let frame = 0;
    observer.observe(el);
    return () => {
      observer.disconnect();
      cancelAnimationFrame(frame);
    };
  }, []);

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
  // The node boxes edges are drawn between; kept as they were while no node moved or resized
  // (an edited label or a selection leaves the edges alone).
  const [boxes, setBoxes] = useState<{ nodes: ComponentFlowNode[] | null; rects: ReadonlyMap<string, Rect> }>({
    nodes: null,
    rects: new Map(),
  });
  if (boxes.nodes !== nodes) {
    const rects = new Map<string, Rect>();
    for (const n of nodes ?? [])
      rects.set(n.id, { x: n.position.x, y: n.position.y, width: n.width ?? 200, height: n.height ?? 80 });
    setBoxes({ nodes, rects: sameRects(boxes.rects, rects) ? boxes.rects : rects });
  }
  // Set during render so the edges rendering now read it; the others are told after commit.
  const [geometryStore] = useState(createEdgeGeometryStore);
  const geometry = useMemo(() => {
    geometryStore.set(getEdgeGeometry(boxes.rects, elements.edges));
    return {};
  }, [boxes.rects, elements.edges, geometryStore]);
  useLayoutEffect(() => geometryStore.notify(), [geometry, geometryStore]);

  const editable = editing !== undefined;
  return (
    <div
      ref={canvasElement}
      data-zoom={zoomDetail}
      data-many-edges={elements.edges.length >= HIDE_EDGES_WHILE_ZOOMING_FROM ? "true" : undefined}
      className={`as-canvas${partialLayout ? " as-canvas--partial-layout" : ""}${editable ? " as-canvas--editing" : ""}`}
      data-testid="design-canvas"
      data-ready={nodes ? "true" : "false"}
      onDragOver={editable ? onDragOver : undefined}
      onDrop={editable ? onDrop : undefined}
    >
      <EdgeMarkerDefs />
      {nodes ? (
        <EdgeGeometryContext.Provider value={geometryStore}>
          <ReactFlow<ComponentFlowNode, DesignFlowEdge>
            nodes={nodes}
            edges={edges}
            nodeTypes={NODE_TYPES}
            edgeTypes={EDGE_TYPES}
            onNodesChange={onNodesChange}
            onEdgesChange={editable ? onEdgesChange : undefined}
            onInit={onInit}
            onMoveStart={onMoveStart}
            onMoveEnd={onMoveEnd}
            nodesDraggable
            nodesConnectable={editable}
            elementsSelectable
            onNodeDragStop={editable ? onNodeDragStop : undefined}
            onConnect={editable ? onConnect : undefined}
            onBeforeDelete={editable ? onBeforeDelete : undefined}
            onSelectionChange={editable ? onSelectionChange : undefined}
            onNodeDoubleClick={editable ? onNodeDoubleClick : undefined}
            onNodeContextMenu={onNodeContextMenu}
            onEdgeContextMenu={onEdgeContextMenu}
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
            <ZoomDetailWatcher onChange={setZoomDetail} />
            {/* The dot grid is drawn again at every step of a zoom; far out its dots are a few
                pixels apart and say nothing, so it is left out there (as draw.io does). */}
            {zoomDetail === "near" ? <Background variant={BackgroundVariant.Dots} gap={22} size={1.4} /> : null}
            <Controls showInteractive={false} position="bottom-right" />
            {editable ? <OverviewMap nodes={nodes} color={minimapColor} ariaLabel="Overview of the canvas" /> : null}
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
      <LiveCursorBadge />
    </div>
  );
}
