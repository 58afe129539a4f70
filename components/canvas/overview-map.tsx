"use client";
/**
 * The overview map (bottom left): every component as a small box in its kind's colour and the
 * part of the canvas in view. Drawn on one <canvas> instead of React Flow's SVG minimap: that
 * one changes its viewBox and mask on every frame of a pan or zoom, and Chromium then builds
 * the page's compositor layers again each frame, which over a design of 1,000 components
 * costs more than the frame (measured: pan 22 fps with it, 44 without). Repainting one canvas
 * element is cheap. Press or drag on the map to move the view there; the wheel zooms.
 */
import { Panel, useReactFlow, useStore, type ReactFlowState } from "@xyflow/react";
import { useCallback, useEffect, useRef, useState, type PointerEvent, type WheelEvent } from "react";
import type { ComponentFlowNode } from "./flow-types";
import { overviewFrame, overviewSize, type Box } from "./overview-frame";

export type OverviewMapProps = {
  nodes: readonly ComponentFlowNode[];
  color(node: ComponentFlowNode): string;
  ariaLabel: string;
};

const selectView = (s: ReactFlowState) =>
  `${s.transform[0]},${s.transform[1]},${s.transform[2]},${s.width},${s.height}`;

export function OverviewMap({ nodes, color, ariaLabel }: OverviewMapProps) {
  const canvas = useRef<HTMLCanvasElement>(null);
  const flow = useReactFlow();
  // A string, so the map draws again only when the view really changed.
  const view = useStore(selectView);
  const frame = useRef<ReturnType<typeof overviewFrame> | null>(null);
  // The theme lives on <html data-theme>; the map draws again when it changes.
  const [theme, setTheme] = useState<string | null>(null);
  useEffect(() => {
    const html = document.documentElement;
    const read = () => setTheme(html.getAttribute("data-theme"));
    read();
    const observer = new MutationObserver(read);
    observer.observe(html, { attributes: true, attributeFilter: ["data-theme"] });
    return () => observer.disconnect();
  }, []);

  useEffect(() => {
    const el = canvas.current;
    const ctx = el?.getContext("2d");
    if (!el || !ctx) return;
    const [tx, ty, zoom, width, height] = view.split(",").map(Number) as [number, number, number, number, number];
    const size = overviewSize(height);
    if (!size) return;
    const { width: WIDTH, height: HEIGHT } = size;
    const boxes: Box[] = nodes.map((n) => ({
      x: n.position.x,
      y: n.position.y,
      width: n.measured?.width ?? n.width ?? 200,
      height: n.measured?.height ?? n.height ?? 80,
    }));
    const inView: Box = { x: -tx / zoom, y: -ty / zoom, width: width / zoom, height: height / zoom };
    const f = overviewFrame(boxes, inView, { width: WIDTH, height: HEIGHT });
    frame.current = f;
    const ratio = window.devicePixelRatio || 1;
    if (el.width !== WIDTH * ratio) {
      el.width = WIDTH * ratio;
      el.height = HEIGHT * ratio;
    }
    // Colours from the theme: the canvas background (dimmed) and the canvas's own text colour.
    const backdrop = getComputedStyle(el.closest(".as-canvas") ?? el).backgroundColor;
    const outline = getComputedStyle(el).color;
    ctx.setTransform(ratio, 0, 0, ratio, 0, 0);
    ctx.clearRect(0, 0, WIDTH, HEIGHT);
    nodes.forEach((n, i) => {
      const b = f.toMap(boxes[i]!);
      ctx.fillStyle = color(n);
      ctx.fillRect(b.x, b.y, Math.max(b.width, 1), Math.max(b.height, 1));
    });
    // Outside the view is dimmed; the view itself is outlined.
    const v = f.toMap(inView);
    ctx.fillStyle = backdrop;
    ctx.globalAlpha = 0.7;
    ctx.beginPath();
    ctx.rect(0, 0, WIDTH, HEIGHT);
    ctx.rect(v.x, v.y, v.width, v.height);
    ctx.fill("evenodd");
    ctx.globalAlpha = 1;
    ctx.strokeStyle = outline;
    ctx.lineWidth = 1;
    ctx.strokeRect(v.x + 0.5, v.y + 0.5, Math.max(v.width - 1, 1), Math.max(v.height - 1, 1));
  }, [nodes, color, view, theme]);

  // While the pointer drags, the map keeps the frame it had when pressed: the frame follows the
  // view, and mapping through a moving frame would run away from the pointer.
  const dragFrame = useRef<ReturnType<typeof overviewFrame> | null>(null);
  const moveTo = useCallback(
    (e: PointerEvent<HTMLCanvasElement>) => {
      const f = dragFrame.current ?? frame.current;
      if (!f) return;
      const r = e.currentTarget.getBoundingClientRect();
      const p = f.toFlow({ x: e.clientX - r.left, y: e.clientY - r.top });
      void flow.setCenter(p.x, p.y, { zoom: flow.getZoom() });
    },
    [flow],
  );
  const onPointerDown = useCallback(
    (e: PointerEvent<HTMLCanvasElement>) => {
      if (e.button !== 0) return;
      e.currentTarget.setPointerCapture(e.pointerId);
      dragFrame.current = frame.current;
      moveTo(e);
    },
    [moveTo],
  );
  const onPointerMove = useCallback(
    (e: PointerEvent<HTMLCanvasElement>) => {
      if (e.currentTarget.hasPointerCapture(e.pointerId)) moveTo(e);
    },
    [moveTo],
  );
  const onPointerUp = useCallback(() => {
    dragFrame.current = null;
  }, []);
  const onWheel = useCallback(
    (e: WheelEvent<HTMLCanvasElement>) => {
      void (e.deltaY < 0 ? flow.zoomIn({ duration: 0 }) : flow.zoomOut({ duration: 0 }));
    },
    [flow],
  );

  const size = overviewSize(Number(view.split(",")[4]));
  if (!size) return null;
  return (
    <Panel position="bottom-left" className="react-flow__minimap as-overview">
      <canvas
        ref={canvas}
        role="img"
        aria-label={ariaLabel}
        data-testid="canvas-overview"
        style={{ width: size.width, height: size.height, display: "block", cursor: "pointer" }}
        onPointerDown={onPointerDown}
        onPointerMove={onPointerMove}
        onPointerUp={onPointerUp}
        onPointerCancel={onPointerUp}
        onWheel={onWheel}
      />
    </Panel>
  );
}
