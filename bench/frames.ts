/**
 * What the browser benchmarks share: medians and percentiles, frames sampled with
 * requestAnimationFrame in the page (fps = frames ÷ seconds, p95 = the 95th percentile of the
 * intervals between frames), Chromium's main-thread counters, and an empty spot of the canvas.
 */
import type { CDPSession, Page } from "playwright-core";

export function median(xs: readonly number[]): number {
  const s = [...xs].filter((x) => Number.isFinite(x)).sort((a, b) => a - b);
  if (s.length === 0) return NaN;
  const m = s.length >> 1;
  return s.length % 2 ? s[m]! : (s[m - 1]! + s[m]!) / 2;
}

export function percentile(xs: readonly number[], p: number): number {
  const s = [...xs].sort((a, b) => a - b);
  if (s.length === 0) return NaN;
  return s[Math.min(s.length - 1, Math.ceil((p / 100) * s.length) - 1)]!;
}

export type FrameStats = {
  fps: number;
  p95: number;
  max: number;
  frames: number;
  /** Share of the wall time the page's main thread spent in script, and in style and layout. */
  script?: number;
  styleLayout?: number;
};

export function frameStats(stamps: readonly number[]): FrameStats {
  const gaps = stamps.slice(1).map((t, i) => t - stamps[i]!);
  const span = stamps.length > 1 ? stamps.at(-1)! - stamps[0]! : NaN;
  return {
    fps: ((stamps.length - 1) / span) * 1000,
    p95: percentile(gaps, 95),
    max: Math.max(...gaps),
    frames: stamps.length,
  };
}

export type Metrics = Record<string, number>;

/** Chromium's cumulative main-thread times (seconds): where a slow frame went. */
const sessions = new WeakMap<Page, CDPSession>();
export async function readMetrics(page: Page): Promise<Metrics> {
  let cdp = sessions.get(page);
  if (!cdp) {
    // One session per page: the counters start when it enables them.
    cdp = await page.context().newCDPSession(page);
    await cdp.send("Performance.enable");
    sessions.set(page, cdp);
  }
  const { metrics } = await cdp.send("Performance.getMetrics");
  return Object.fromEntries(metrics.map((m) => [m.name, m.value]));
}

export function withMetrics(stats: FrameStats, before: Metrics, after: Metrics): FrameStats {
  const wall = (after.Timestamp ?? 0) - (before.Timestamp ?? 0);
  const d = (k: string) => ((after[k] ?? 0) - (before[k] ?? 0)) / wall;
  return { ...stats, script: d("ScriptDuration"), styleLayout: d("RecalcStyleDuration") + d("LayoutDuration") };
}

export async function startFrames(page: Page) {
  await page.evaluate(() => {
    const w = window as unknown as { __frames: number[]; __sampling: boolean };
    w.__frames = [];
    w.__sampling = true;
    const tick = (t: number) => {
      w.__frames.push(t);
      if (w.__sampling) requestAnimationFrame(tick);
    };
    requestAnimationFrame(tick);
  });
}

export async function stopFrames(page: Page): Promise<FrameStats> {
  const stamps = await page.evaluate(() => {
    const w = window as unknown as { __frames: number[]; __sampling: boolean };
    w.__sampling = false;
    return w.__frames;
  });
  return frameStats(stamps);
}

/** A point of the canvas where a press lands on the empty pane (not a node, edge or label). */
export async function findEmptyPoint(page: Page): Promise<{ x: number; y: number }> {
  const p = await page.evaluate(() => {
    const pane = document.querySelector(".react-flow__pane");
    if (!pane) return null;
    const r = pane.getBoundingClientRect();
    const cx = r.left + r.width / 2;
    const cy = r.top + r.height / 2;
    // Spiral out from the centre until the topmost element is the pane itself.
    for (let k = 0; k < 4000; k++) {
      const a = k * 0.5;
      const d = k * 0.6;
      const x = cx + Math.cos(a) * d;
      const y = cy + Math.sin(a) * d;
      if (document.elementFromPoint(x, y) === pane) return { x, y };
    }
    return null;
  });
  if (!p) throw new Error("no empty spot on the canvas to drag");
  return p;
}
