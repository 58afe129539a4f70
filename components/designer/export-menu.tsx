"use client";
/**
 * The editor's Export menu: the design as YAML (its text exactly, comments kept), as JSON (the
 * parsed design in the format's written form), the canvas as PNG or SVG, and "Export code": the
 * generated repository in a view with a zip download (export-code.tsx). A menu button as
 * WAI-ARIA describes it: Enter, Space or ArrowDown opens it on the first item, arrows, Home and
 * End move, Escape closes it and returns to the button.
 */
import "./export-menu.css";
import { getNodesBounds, getViewportForBounds, type Node as FlowNode } from "@xyflow/react";
import { useEffect, useId, useRef, useState } from "react";
import { useStore } from "zustand";
import type { DesignDocumentStore } from "../store/design-document";
import { EXPORT_MIME, toDesignJson, toFileName, type ExportFormat } from "./export-files";
import { downloadBlob } from "../ui/download";
import { ExportCode } from "./export-code";

const ITEMS: readonly { format: ExportFormat; label: string; hint: string }[] = [
  { format: "yaml", label: "YAML", hint: "the text as it is, comments kept" },
  { format: "json", label: "JSON", hint: "the parsed design" },
  { format: "png", label: "PNG image", hint: "the canvas" },
  { format: "svg", label: "SVG image", hint: "the canvas" },
];

/** Space around the components in an image, in canvas pixels. */
const IMAGE_MARGIN = 40;
/** An image's longer side at most, in CSS pixels (a PNG has twice as many). */
const IMAGE_MAX_SIDE = 4096;

export function ExportMenu({ doc, designId }: { doc: DesignDocumentStore; designId: string }) {
  const id = useId();
  const [open, setOpen] = useState(false);
  const [codeOpen, setCodeOpen] = useState(false);
  const [problem, setProblem] = useState<string | null>(null);
  const [busy, setBusy] = useState<ExportFormat | null>(null);
  const valid = useStore(doc, (s) => s.valid);
  const button = useRef<HTMLButtonElement>(null);
  const menu = useRef<HTMLDivElement>(null);
  const root = useRef<HTMLDivElement>(null);

  // Opening moves focus into the menu (first or last item); a press outside closes it.
  const [openAt, setOpenAt] = useState<"first" | "last">("first");
  useEffect(() => {
    if (!open) return;
    const all = enabledItems(menu.current);
    (openAt === "last" ? all.at(-1) : all[0])?.focus();
    const onDown = (e: PointerEvent) => {
      if (!root.current?.contains(e.target as Node)) setOpen(false);
    };
    document.addEventListener("pointerdown", onDown);
    return () => document.removeEventListener("pointerdown", onDown);
  }, [open, openAt]);

  const close = (refocus: boolean) => {
    setOpen(false);
    if (refocus) button.current?.focus();
  };

  async function run(format: ExportFormat) {
    close(true);
    setProblem(null);
    const { text, design, valid: isValid } = doc.getState();
    const fileName = toFileName(design?.name, format);
    try {
      setBusy(format);
      if (format === "yaml") downloadBlob(new Blob([text], { type: EXPORT_MIME.yaml }), fileName);
      else if (format === "json") {
        if (!design || !isValid) throw new Error("the design has errors; fix them to export JSON");
        downloadBlob(new Blob([toDesignJson(design)], { type: EXPORT_MIME.json }), fileName);
      } else downloadBlob(await renderCanvas(format), fileName);
    } catch (e) {
      setProblem(`Export failed: ${(e as Error).message}`);
    } finally {
      setBusy(null);
    }
  }

  return (
    <div className="as-export" ref={root}>
      <button
        ref={button}
        type="button"
        id={`${id}-button`}
        aria-haspopup="menu"
        aria-expanded={open}
        aria-controls={open ? `${id}-menu` : undefined}
        title="Download the design or a picture of the canvas"
        onClick={() => {
          setOpenAt("first");
          setOpen(!open);
        }}
        onKeyDown={(e) => {
          if (e.key === "ArrowDown" || e.key === "ArrowUp") {
            e.preventDefault();
            setOpenAt(e.key === "ArrowUp" ? "last" : "first");
            setOpen(true);
          }
        }}
      >
        {busy ? "Exporting…" : "Export"}
      </button>
      {open ? (
        <div
          ref={menu}
          id={`${id}-menu`}
          className="as-export-menu"
          role="menu"
          aria-labelledby={`${id}-button`}
          onKeyDown={(e) => {
            const all = enabledItems(menu.current);
            const at = all.indexOf(document.activeElement as HTMLButtonElement);
            if (e.key === "ArrowDown") all[(at + 1) % all.length]?.focus();
            else if (e.key === "ArrowUp") all[(at - 1 + all.length) % all.length]?.focus();
            else if (e.key === "Home") all[0]?.focus();
            else if (e.key === "End") all.at(-1)?.focus();
            else if (e.key === "Escape") close(true);
            else if (e.key === "Tab") return close(false);
            else return;
            e.preventDefault();
            e.stopPropagation();
          }}
        >
          {ITEMS.map((item) => {
            const disabled = item.format === "json" && !valid;
            return (
              <button
                key={item.format}
                type="button"
                role="menuitem"
                tabIndex={-1}
                disabled={disabled}
                title={disabled ? "The design has errors; fix them to export JSON" : undefined}
                onClick={() => void run(item.format)}
              >
                <span className="as-export-label">{item.label}</span>
                <span className="as-export-hint">{item.hint}</span>
              </button>
            );
          })}
          <button
            type="button"
            role="menuitem"
            tabIndex={-1}
            onClick={() => {
              setOpen(false);
              setCodeOpen(true);
            }}
          >
            <span className="as-export-label">Export code…</span>
            <span className="as-export-hint">the generated repository, as a zip</span>
          </button>
        </div>
      ) : null}
      {codeOpen ? (
        <ExportCode
          doc={doc}
          designId={designId}
          onClose={() => {
            setCodeOpen(false);
            button.current?.focus();
          }}
        />
      ) : null}
      {problem ? (
        <p className="as-export-problem" role="alert">
          {problem}{" "}
          <button type="button" onClick={() => setProblem(null)} aria-label="Dismiss the export error">
            ×
          </button>
        </p>
      ) : null}
    </div>
  );
}

function enabledItems(menu: HTMLElement | null): HTMLButtonElement[] {
  return Array.from(menu?.querySelectorAll<HTMLButtonElement>("[role=menuitem]") ?? []).filter((b) => !b.disabled);
}

/**
 * Draws every component and connection of the canvas, whatever part of it is in view, as
 * React Flow's download-image example does: the viewport element rendered by html-to-image
 * with a transform that fits the components' bounds.
 */
async function renderCanvas(format: "png" | "svg"): Promise<Blob> {
  const canvas = document.querySelector<HTMLElement>("[data-testid='design-canvas']");
  const viewport = canvas?.querySelector<HTMLElement>(".react-flow__viewport");
  if (!canvas || !viewport) throw new Error("the canvas is not shown (fix the design's errors first)");
  const nodes = readNodes(viewport);
  if (nodes.length === 0) throw new Error("the canvas has no components to draw");
  const bounds = getNodesBounds(nodes);
  const scale = Math.min(1, IMAGE_MAX_SIDE / (Math.max(bounds.width, bounds.height) + 2 * IMAGE_MARGIN));
  const width = Math.ceil((bounds.width + 2 * IMAGE_MARGIN) * scale);
  const height = Math.ceil((bounds.height + 2 * IMAGE_MARGIN) * scale);
  const fit = getViewportForBounds(bounds, width, height, 0.05, 2, `${Math.round(IMAGE_MARGIN * scale)}px`);
  // The computed colour: the token itself holds light-dark() text (app/globals.css).
  const background = getComputedStyle(canvas).backgroundColor || undefined;
  const options = {
    backgroundColor: background,
    width,
    height,
    style: {
      width: `${width}px`,
      height: `${height}px`,
      transform: `translate(${fit.x}px, ${fit.y}px) scale(${fit.zoom})`,
    },
    pixelRatio: format === "png" ? 2 : 1,
  };
  // The arrowheads are defined outside the viewport: a copy goes inside while it is drawn.
  const markers = canvas.querySelector("svg.as-marker-defs")?.cloneNode(true) as SVGElement | undefined;
  if (markers) {
    markers.setAttribute("style", "position:absolute;width:0;height:0;overflow:hidden");
    viewport.prepend(markers);
  }
  try {
    const { toBlob, toSvg } = await import("html-to-image");
    if (format === "png") {
      const blob = await toBlob(viewport, options);
      if (!blob) throw new Error("the browser could not draw the canvas");
      return blob;
    }
    const url = await toSvg(viewport, options);
    const svg = decodeURIComponent(url.slice(url.indexOf(",") + 1));
    return new Blob([svg], { type: EXPORT_MIME.svg });
  } finally {
    markers?.remove();
  }
}

/** The drawn nodes with their positions and sizes, read from the page (the canvas keeps its state). */
function readNodes(viewport: HTMLElement): FlowNode[] {
  return Array.from(viewport.querySelectorAll<HTMLElement>(".react-flow__node")).map((el) => {
    const m = new DOMMatrixReadOnly(getComputedStyle(el).transform);
    return {
      id: el.dataset.id ?? "",
      position: { x: m.m41, y: m.m42 },
      data: {},
      measured: { width: el.offsetWidth, height: el.offsetHeight },
    };
  });
}
