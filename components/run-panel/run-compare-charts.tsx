"use client";
/**
 * Two runs over time on one axis: successful requests per second and p99, run A dashed and
 * run B solid (told apart by line and legend, not colour alone). uPlot, like the live charts;
 * the two plots share one time cursor.
 */
import { useEffect, useId, useRef } from "react";
import uPlot from "uplot";
import "uplot/dist/uPlot.min.css";
import "../charts/charts.css";
import { downsample } from "../charts/chart-data";
import type { CompareSeries } from "./run-compare-data";

const HEIGHT = 150;

export function CompareCharts({ series, title }: { series: CompareSeries; title: string }) {
  const root = useRef<HTMLDivElement>(null);
  const probe = useRef<HTMLDivElement>(null);
  const syncKey = useId();

  useEffect(() => {
    const el = root.current!;
    let plots: uPlot[] = [];
    const build = () => {
      for (const p of plots) p.destroy();
      el.replaceChildren();
      const colors = readColors(probe.current!);
      const panels = [
        { id: "throughput", title: `Successful requests per second · ${title}`, unit: "rps", ys: series.throughput },
        { id: "p99", title: `p99 latency · ${title}`, unit: "ms", ys: series.p99 },
      ] as const;
      // Every box in the grid first, so each one's width is its own cell's (side by side when wide enough).
      const boxes = panels.map((panel) => {
        const box = document.createElement("figure");
        box.className = "as-chart";
        box.dataset.testid = `compare-chart-${panel.id}`;
        return el.appendChild(box);
      });
      plots = panels.map((panel, i) => {
        const box = boxes[i]!;
        const width = Math.max(200, box.clientWidth);
        const data = downsample([series.x, ...panel.ys], width) as uPlot.AlignedData;
        box.dataset.points = String(series.x.length);
        const axis = { stroke: colors.text, grid: { stroke: colors.grid, width: 1 }, ticks: { stroke: colors.grid } };
        const value = (_u: uPlot, v: number | null) =>
          v === null || v === undefined ? "–" : panel.unit === "ms" ? `${v.toFixed(1)} ms` : `${+v.toFixed(2)}`;
        return new uPlot(
          {
            title: panel.title,
            width,
            height: HEIGHT,
            cursor: { drag: { x: false, y: false }, sync: { key: syncKey } },
            hooks: { ready: [showLast], setCursor: [showLast] },
            legend: { live: true },
            scales: { x: { time: false }, y: { range: (_u, min, max) => [Math.min(0, min), max > 0 ? max * 1.1 : 1] } },
            axes: [
              { ...axis, values: (_u, ticks) => ticks.map((t) => `${t}s`) },
              {
                ...axis,
                label: panel.unit,
                labelSize: 18,
                size: 64,
                values: (_u, ticks) => ticks.map((t) => (panel.unit === "ms" ? `${t} ms` : String(t))),
              },
            ],
            series: [
              { label: "t", value: (_u, v) => (v === null ? "–" : `${v}s`) },
              { label: "A (dashed)", stroke: colors.a, width: 2, dash: [6, 4], points: { show: false }, value },
              { label: "B (solid)", stroke: colors.b, width: 2, points: { show: false }, value },
            ],
          },
          data,
          box,
        );
      });
    };
    build();
    const resize = new ResizeObserver(() => {
      for (const p of plots) p.setSize({ width: Math.max(200, p.root.parentElement!.clientWidth), height: HEIGHT });
    });
    resize.observe(el);
    const themeWatch = new MutationObserver(build);
    themeWatch.observe(document.documentElement, { attributes: true, attributeFilter: ["data-theme"] });
    const media = matchMedia("(prefers-color-scheme: dark)");
    media.addEventListener("change", build);
    return () => {
      resize.disconnect();
      themeWatch.disconnect();
      media.removeEventListener("change", build);
      for (const p of plots) p.destroy();
    };
  }, [series, title, syncKey]);

  return (
    <div className="as-charts as-compare-charts" data-testid="compare-charts">
      <div ref={root} className="as-charts-grid" />
      <div ref={probe} className="as-compare-probe" aria-hidden="true">
        <span data-color="a" />
        <span data-color="b" />
        <span data-color="text" />
        <span data-color="grid" />
      </div>
    </div>
  );
}

function readColors(probe: HTMLElement): Record<"a" | "b" | "text" | "grid", string> {
  const out: Record<string, string> = {};
  for (const span of probe.querySelectorAll<HTMLElement>("[data-color]"))
    out[span.dataset.color!] = getComputedStyle(span).color;
  return out as Record<"a" | "b" | "text" | "grid", string>;
}

/** Without the pointer over the plot, the legend reads the last second, not dashes. */
function showLast(u: uPlot): void {
  const n = u.data[0].length;
  if (u.cursor.idx == null && n > 0) u.setLegend({ idx: n - 1 });
}
