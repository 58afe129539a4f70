"use client";
/**
 * Charts of the open design's live run (ux-guide, "Charts and traces"): throughput, latency
 * p50/p95/p99 with a dashed SLO, errors by cause, replicas, queue and topic depth, for the
 * whole system, one route or one component. The uPlot instances live as long as their panel's
 * series do; new history reaches them through setData at most once per animation frame, cut
 * down to the plot's pixel width, without a React render per snapshot. Every fault of the run
 * is a shaded region on every panel, and the timeline's cursor (the second the canvas shows) a
 * line across them all; a click on a plot moves that cursor to its second.
 */
import { useEffect, useId, useRef } from "react";
import uPlot from "uplot";
import "uplot/dist/uPlot.min.css";
import "./charts.css";
import { useLiveMetricsStore } from "../store/live-metrics-context";
import {
  downsample,
  toChartPanels,
  type ChartPanel,
  type ChartRegion,
  type ChartScope,
  type SeriesColor,
} from "./chart-data";

export type RunChartsProps = {
  scope: ChartScope;
  /** A latency objective in ms, drawn dashed on the latency panel. */
  slo?: number;
  /** Height of each plot in CSS pixels. */
  height?: number;
  /** Stretches of simulated time (the run's faults) shaded on every panel. */
  regions?: readonly ChartRegion[];
};

type Live = { plot: uPlot; key: string; box: HTMLElement };

const COLORS: SeriesColor[] = ["ok", "danger", "warn", "accent", "muted", "c1", "c2", "c3", "c4", "c5", "c6"];

const NO_REGIONS: readonly ChartRegion[] = [];

/** How long a new plot waits for idle time at most (ms) before it is made anyway. */
const MAKE_TIMEOUT_MS = 300;

export function RunCharts({ scope, slo, height = 170, regions = NO_REGIONS }: RunChartsProps) {
  const store = useLiveMetricsStore();
  const root = useRef<HTMLDivElement>(null);
  const probe = useRef<HTMLDivElement>(null);
  // Read by the plots' draw hooks, so new regions redraw them without rebuilding them.
  const regionsRef = useRef(regions);
  const redrawRef = useRef<() => void>(() => {});
  const scopeKey = JSON.stringify(scope);
  // One time cursor across the panels (ux-guide: crosshair and legend in step).
  const syncKey = useId();

  useEffect(() => {
    const el = root.current!;
    const plots = new Map<string, Live>();
    let colors = readColors(probe.current!);
    let frame = 0;
    // Each plot's width: its grid cell's, read on resize (0 until the first read).
    let width = 0;

    // New plots are made in idle time, one per idle callback, never in the frame that draws the
    // run's new snapshots: making one (its canvas, its legend, uPlot's size reads) on top of the
    // React commit of a run's first snapshots held the main thread past 50 ms.
    let idle: number | null = null;
    let making = false;
    const scheduleMake = () => {
      if (idle !== null) return;
      const make = () => {
        idle = null;
        making = true;
        try {
          draw(false);
        } finally {
          making = false;
        }
      };
      idle =
        typeof requestIdleCallback === "function"
          ? requestIdleCallback(make, { timeout: MAKE_TIMEOUT_MS })
          : (setTimeout(make, 16) as unknown as number);
    };

    const draw = (fromFrame = true) => {
      if (fromFrame) frame = 0;
      const panels = toChartPanels(store.getState().history, scope, slo);
      // No layout is read while drawing: reading a size after another plot's setData wrote its
      // legend forced a layout of the page per plot, each frame (tens of ms as a run began).
      if (width === 0) width = cellWidth(el);
      const ids = new Set(panels.map((p) => p.id));
      for (const [id, live] of plots)
        if (!ids.has(id as ChartPanel["id"])) {
          live.plot.destroy();
          live.box.remove();
          plots.delete(id);
        }
      let made = 0;
      panels.forEach((panel, i) => {
        const key = `${panel.title}|${panel.series.map((s) => `${s.label}:${s.color}`).join(",")}`;
        let live = plots.get(panel.id);
        if (live && live.key !== key) {
          live.plot.destroy();
          live.box.remove();
          plots.delete(panel.id);
          live = undefined;
        }
        if (!live && (!making || made === 1)) {
          scheduleMake();
          return;
        }
        // To the plotting area's width (the axes take the rest) once the plot exists.
        const data = downsample(panel.data, live ? plotPoints(live.plot, width) : width) as uPlot.AlignedData;
        if (!live) {
          const box = document.createElement("figure");
          box.className = "as-chart";
          box.dataset.testid = `chart-${panel.id}`;
          box.dataset.panel = panel.id;
          // Before the next panel already drawn, so the panels keep their order whatever came first.
          const next = panels.slice(i + 1).find((p) => plots.has(p.id));
          el.insertBefore(box, next ? plots.get(next.id)!.box : null);
          made++;
          const overlay: Overlay = {
            regions: () => regionsRef.current,
            cursor: () => store.getState().cursor,
            colors: () => colors,
          };
          const plot = new uPlot(optionsFor(panel, width, height, colors, syncKey, overlay), data, box);
          plot.over.title = "Click to show this second on the canvas";
          plot.over.addEventListener("click", (e) => {
            const t = plot.posToVal(e.offsetX, "x");
            if (Number.isFinite(t)) store.getState().setCursor(Math.round(t));
          });
          live = { plot, key, box };
          plots.set(panel.id, live);
        } else {
          live.plot.setData(data);
          showLatest(live.plot);
        }
        live.box.dataset.points = String(panel.data[0]!.length);
        live.box.dataset.drawn = String(data[0].length);
        live.box.dataset.regions = String(regionsRef.current.length);
      });
    };
    const schedule = () => {
      if (frame === 0) frame = requestAnimationFrame(() => draw());
    };
    const rebuild = () => {
      colors = readColors(probe.current!);
      for (const live of plots.values()) {
        live.plot.destroy();
        live.box.remove();
      }
      plots.clear();
      schedule();
    };

    const redraw = () => {
      for (const live of plots.values()) {
        live.box.dataset.regions = String(regionsRef.current.length);
        live.plot.redraw(false);
      }
    };
    redrawRef.current = redraw;
    const unsubscribe = store.subscribe((s, prev) => {
      if (s.history !== prev.history) schedule();
      else if (s.cursor !== prev.cursor) redraw();
    });
    const resize = new ResizeObserver(() => {
      width = cellWidth(el);
      for (const live of plots.values()) live.plot.setSize({ width, height });
      schedule();
    });
    resize.observe(el);
    // The theme is the root's data-theme, or the system's preference.
    const themeWatch = new MutationObserver(rebuild);
    themeWatch.observe(document.documentElement, { attributes: true, attributeFilter: ["data-theme"] });
    const media = matchMedia("(prefers-color-scheme: dark)");
    media.addEventListener("change", rebuild);
    schedule();
    return () => {
      redrawRef.current = () => {};
      unsubscribe();
      resize.disconnect();
      themeWatch.disconnect();
      media.removeEventListener("change", rebuild);
      if (frame !== 0) cancelAnimationFrame(frame);
      if (idle !== null) {
        if (typeof cancelIdleCallback === "function") cancelIdleCallback(idle);
        else clearTimeout(idle);
      }
      for (const live of plots.values()) {
        live.plot.destroy();
        live.box.remove();
      }
    };
    // scopeKey stands for scope (a new object each render with the same content must not rebuild).
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [store, scopeKey, slo, height, syncKey]);

  // By content: a run's regions are a new array at each batch while one is open (it ends at now).
  const regionsKey = JSON.stringify(regions);
  useEffect(() => {
    regionsRef.current = JSON.parse(regionsKey) as ChartRegion[];
    redrawRef.current();
  }, [regionsKey]);

  return (
    <div className="as-charts" data-testid="run-charts">
      <div ref={root} className="as-charts-grid" />
      {/* One span per colour role: its computed colour is the theme's (the tokens hold light-dark() text). */}
      <div ref={probe} className="as-charts-probe" aria-hidden="true">
        {COLORS.map((c) => (
          <span key={c} data-color={c} />
        ))}
        <span data-color="text" />
        <span data-color="grid" />
      </div>
    </div>
  );
}

type Colors = Record<SeriesColor | "text" | "grid", string>;

/** The plotting area's width in CSS pixels, from uPlot's own box (no layout read), or `fallback`. */
function plotPoints(u: uPlot, fallback: number): number {
  const w = u.bbox?.width / (devicePixelRatio || 1);
  return w > 0 ? Math.round(w) : fallback;
}

/** A plot's width: its grid cell's (the grid lays the panels out in as many columns as fit). */
function cellWidth(grid: HTMLElement): number {
  const style = getComputedStyle(grid);
  const columns = Math.max(1, style.gridTemplateColumns.split(" ").filter((c) => c !== "").length);
  const gap = parseFloat(style.columnGap) || 0;
  return Math.max(200, Math.floor((grid.clientWidth - gap * (columns - 1)) / columns));
}

function readColors(probe: HTMLElement): Colors {
  const out: Record<string, string> = {};
  for (const span of probe.querySelectorAll<HTMLElement>("[data-color]"))
    out[span.dataset.color!] = getComputedStyle(span).color;
  return out as Colors;
}

/** Without the pointer over the plot, the legend reads the latest second (a live readout), not dashes. */
function showLatest(u: uPlot): void {
  const n = u.data[0].length;
  if (u.cursor.idx == null && n > 0) u.setLegend({ idx: n - 1 });
}

function formatValue(unit: ChartPanel["unit"]) {
  return (_u: uPlot, v: number | null) =>
    v === null || v === undefined
      ? "–"
      : unit === "ms"
        ? `${v < 10 ? v.toFixed(1) : Math.round(v)} ms`
        : `${+v.toFixed(2)}`;
}

/** What a plot draws over its series' background: the regions and the timeline cursor, read when it draws. */
type Overlay = { regions(): readonly ChartRegion[]; cursor(): number | null; colors(): Colors };

/** `rgb(r, g, b)` (a computed colour) at `alpha`; anything else as it is. */
function withAlpha(color: string, alpha: number): string {
  const m = /^rgba?\(([^,]+),([^,]+),([^,)]+)/.exec(color);
  return m ? `rgba(${m[1]},${m[2]},${m[3]},${alpha})` : color;
}

/** The faults, shaded under the series, each labelled at its top left. */
function drawRegions(u: uPlot, overlay: Overlay): void {
  const regions = overlay.regions();
  if (regions.length === 0) return;
  const colors = overlay.colors();
  const { ctx } = u;
  const { left, top, width, height } = u.bbox;
  const px = devicePixelRatio || 1;
  ctx.save();
  ctx.beginPath();
  ctx.rect(left, top, width, height);
  ctx.clip();
  ctx.font = `${11 * px}px system-ui, sans-serif`;
  ctx.textBaseline = "top";
  ctx.textAlign = "left";
  regions.forEach((r, i) => {
    const x0 = u.valToPos(r.from, "x", true);
    const x1 = u.valToPos(r.to, "x", true);
    ctx.fillStyle = withAlpha(colors.danger, 0.1);
    ctx.fillRect(x0, top, Math.max(1, x1 - x0), height);
    ctx.fillStyle = withAlpha(colors.danger, 0.7);
    ctx.fillRect(x0, top, Math.max(1, px), height);
    ctx.fillStyle = colors.text;
    ctx.fillText(r.label, x0 + 4 * px, top + (2 + (i % 3) * 13) * px, Math.max(0, x1 - x0 - 6 * px));
  });
  ctx.restore();
}

/** The timeline's cursor: the second the canvas shows, when the user went back to one. */
function drawCursor(u: uPlot, overlay: Overlay): void {
  const t = overlay.cursor();
  if (t === null) return;
  const x = u.valToPos(t, "x", true);
  const { ctx } = u;
  const { top, height } = u.bbox;
  ctx.save();
  ctx.strokeStyle = overlay.colors().accent;
  ctx.lineWidth = 2 * (devicePixelRatio || 1);
  ctx.beginPath();
  ctx.moveTo(x, top);
  ctx.lineTo(x, top + height);
  ctx.stroke();
  ctx.restore();
}

function optionsFor(
  panel: ChartPanel,
  width: number,
  height: number,
  colors: Colors,
  syncKey: string,
  overlay: Overlay,
): uPlot.Options {
  const axis = {
    stroke: colors.text,
    grid: { stroke: colors.grid, width: 1 },
    ticks: { stroke: colors.grid, width: 1 },
  };
  const unitLabel = panel.unit === "ms" ? "ms" : panel.unit === "rps" ? "rps" : panel.unit;
  return {
    title: panel.title,
    width,
    height,
    cursor: { drag: { x: false, y: false }, sync: { key: syncKey } },
    hooks: {
      ready: [showLatest],
      setCursor: [showLatest],
      drawClear: [(u) => drawRegions(u, overlay)],
      draw: [(u) => drawCursor(u, overlay)],
    },
    legend: { live: true },
    scales: { x: { time: false }, y: { range: (_u, min, max) => [Math.min(0, min), max > 0 ? max * 1.1 : 1] } },
    axes: [
      { ...axis, values: (_u, ticks) => ticks.map((t) => `${t}s`) },
      {
        ...axis,
        label: unitLabel,
        labelSize: 18,
        size: 56,
        values: (_u, ticks) => ticks.map((t) => (panel.unit === "ms" ? `${t} ms` : String(t))),
      },
    ],
    series: [
      { label: "t", value: (_u, v) => (v === null ? "–" : `${v}s`) },
      ...panel.series.map((s) => ({
        label: s.label,
        stroke: colors[s.color],
        width: s.dash ? 1.5 : 2,
        dash: s.dash ? [6, 4] : undefined,
        points: { show: false },
        value: formatValue(panel.unit),
        spanGaps: false,
      })),
    ],
  };
}
