/**
 * `npm run bench:canvas`: the design canvas under load, in headless Chromium against the
 * production build. Build first (`npx next build`); this script starts `next start` on its own
 * port with a fresh design store, stores generated designs through the designs API, and for
 * each size and run measures
 *
 *   load   navigation start → the canvas's `data-ready="true"` ("ready") and → the first frame
 *          with a node shown ("drawn"), each page in a new browser context (cold cache)
 *   pan    frames while the mouse drags the empty canvas in circles (one move per CDP round trip)
 *   zoom   frames while the wheel zooms in and out, one wheel event about every 16 ms
 *   edit   a keystroke appended to a component's label in the YAML editor → the node's title
 *          in the DOM showing it (the editor's typing debounce included)
 *
 * Frames are sampled with requestAnimationFrame in the page: fps = frames ÷ seconds, p95 = the
 * 95th percentile of the intervals between frames. Each run reports the median of its loads
 * and edits; the table shows the median over runs. The machine is shared: compare medians.
 *
 *   tsx bench/canvas.ts [--port 3410] [--runs 3] [--sizes 300x600,1000x2000] [--seconds 4]
 *                       [--loads 3] [--edits 7] [--layout] [--json out.json] [--root DIR]
 *
 * `--layout` gives every component a position (a design the user arranged): no auto-layout.
 * `--root` serves another checkout's build (e.g. a copy of an older commit, for a before/after).
 */
import { writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { chromium, type Browser, type Page } from "playwright-core";
import { CHROMIUM_ARGS, chromiumPath } from "../e2e/chromium";
import { parseDesign } from "../model";
import { toFlowElements } from "../components/canvas/to-flow";
import { startServer, storeDesign } from "./app-server";
import {
  findEmptyPoint,
  median,
  percentile,
  readMetrics,
  startFrames,
  stopFrames,
  withMetrics,
  type FrameStats,
} from "./frames";
import { generateCanvasDesign, type CanvasDesign } from "./canvas-design";

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
/** The e2e tests' Chromium and flags (a sandboxless, offline machine). */
const CHROMIUM = chromiumPath() ?? "/usr/bin/chromium";
const VIEWPORT = { width: 1440, height: 900 };
const READY_TIMEOUT_MS = Number(process.env.CANVAS_BENCH_READY_TIMEOUT_MS ?? 240_000);

type Options = {
  port: number;
  runs: number;
  sizes: { components: number; edges: number }[];
  seconds: number;
  loads: number;
  edits: number;
  layout: boolean;
  json: string | null;
  /** The app whose production build is served: this checkout, or another (a baseline). */
  root: string;
};

function parseArgs(argv: string[]): Options {
  const o: Options = {
    port: 3410,
    runs: 3,
    sizes: [
      { components: 300, edges: 600 },
      { components: 1000, edges: 2000 },
    ],
    seconds: 4,
    loads: 3,
    edits: 7,
    layout: false,
    json: null,
    root: ROOT,
  };
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i]!;
    const next = () => {
      const v = argv[++i];
      if (v === undefined) throw new Error(`${a} needs a value`);
      return v;
    };
    if (a === "--port") o.port = Number(next());
    else if (a === "--runs") o.runs = Number(next());
    else if (a === "--seconds") o.seconds = Number(next());
    else if (a === "--loads") o.loads = Number(next());
    else if (a === "--edits") o.edits = Number(next());
    else if (a === "--layout") o.layout = true;
    else if (a === "--json") o.json = next();
    else if (a === "--root") o.root = path.resolve(next());
    else if (a === "--sizes")
      o.sizes = next()
        .split(",")
        .map((s) => {
          const [c, e] = s.split("x").map(Number);
          if (!c || !e) throw new Error(`--sizes takes COMPONENTSxEDGES,…, got ${s}`);
          return { components: c, edges: e };
        });
    else throw new Error(`unknown argument ${a}`);
  }
  return o;
}

// ---------------------------------------------------------------- page measurements

/** Installed before any page script: when the canvas says it is ready, and when a node shows. */
function watchReady() {
  const w = window as unknown as { __bench: { ready?: number; drawn?: number } };
  w.__bench = {};
  const check = () => {
    if (w.__bench.ready === undefined && document.querySelector('[data-testid="design-canvas"][data-ready="true"]'))
      w.__bench.ready = performance.now();
  };
  new MutationObserver(check).observe(document, { subtree: true, childList: true, attributes: true });
  const frame = () => {
    check();
    const node = document.querySelector(".react-flow__node");
    if (w.__bench.ready !== undefined && node && getComputedStyle(node).visibility !== "hidden") {
      w.__bench.drawn = performance.now();
      return;
    }
    requestAnimationFrame(frame);
  };
  requestAnimationFrame(frame);
}

async function openDesign(browser: Browser, url: string, id: string) {
  const context = await browser.newContext({ viewport: VIEWPORT });
  const page = await context.newPage();
  // tsx (esbuild, keepNames) wraps named functions in __name(); the page has no such helper.
  await page.addInitScript({ content: "window.__name = (f) => f;" });
  await page.addInitScript(watchReady);
  const errors: string[] = [];
  page.on("pageerror", (e) => errors.push(e.message));
  await page.goto(`${url}/designs/${id}`, { waitUntil: "commit" });
  try {
    await page.waitForFunction(
      () => (window as unknown as { __bench: { drawn?: number } }).__bench?.drawn !== undefined,
      undefined,
      { timeout: READY_TIMEOUT_MS, polling: 100 },
    );
  } catch (error) {
    const state = await page.evaluate(() => ({
      bench: (window as unknown as { __bench: unknown }).__bench,
      text: document.body?.innerText.slice(0, 300),
    }));
    await page.screenshot({ path: path.join(os.tmpdir(), "canvas-bench-timeout.png") }).catch(() => {});
    throw new Error(`the canvas was not drawn: ${JSON.stringify(state)}; page errors: ${errors.join(" | ")}`, {
      cause: error,
    });
  }
  const times = await page.evaluate(() => (window as unknown as { __bench: { ready: number; drawn: number } }).__bench);
  return { page, close: () => context.close(), ready: times.ready, drawn: times.drawn };
}

async function measurePan(page: Page, seconds: number): Promise<FrameStats> {
  const at = await findEmptyPoint(page);
  await page.mouse.move(at.x, at.y);
  await page.mouse.down();
  const before = await readMetrics(page);
  await startFrames(page);
  const end = Date.now() + seconds * 1000;
  for (let k = 0; Date.now() < end; k++) {
    const a = k * 0.12;
    await page.mouse.move(at.x + Math.cos(a) * 160 - 160, at.y + Math.sin(a) * 120);
  }
  const stats = withMetrics(await stopFrames(page), before, await readMetrics(page));
  await page.mouse.up();
  return stats;
}

async function measureZoom(page: Page, seconds: number): Promise<FrameStats> {
  const box = await page.locator(".react-flow__pane").boundingBox();
  if (!box) throw new Error("no canvas pane");
  await page.mouse.move(box.x + box.width / 2, box.y + box.height / 2);
  const before = await readMetrics(page);
  await startFrames(page);
  const end = Date.now() + seconds * 1000;
  // 25 steps in, 25 out: about ×4 each way, so the zoom crosses the low-detail threshold.
  for (let k = 0; Date.now() < end; k++) {
    await page.mouse.wheel(0, k % 50 < 25 ? -60 : 60);
    await page.waitForTimeout(16);
  }
  return withMetrics(await stopFrames(page), before, await readMetrics(page));
}

/** Milliseconds from each keystroke appended to a label in the YAML editor to the node's new title. */
async function measureEdits(page: Page, design: CanvasDesign, edits: number): Promise<number[]> {
  const toggle = page.getByRole("button", { name: "YAML" });
  if ((await toggle.getAttribute("aria-pressed")) !== "true") await toggle.click();
  const code = page.getByTestId("yaml-editor");
  await code.locator(".view-lines").waitFor({ timeout: 60_000 });
  await page.waitForTimeout(500);
  // A component whose node is drawn and inside the canvas (the panel took some of its width).
  const id = await page.evaluate(
    (ids: string[]) => {
      const pane = document.querySelector(".react-flow__pane")!.getBoundingClientRect();
      const cx = pane.left + pane.width / 2;
      const cy = pane.top + pane.height / 2;
      let best: { id: string; d: number } | null = null;
      for (const el of document.querySelectorAll<HTMLElement>(".react-flow__node")) {
        const nodeId = el.dataset.id ?? "";
        if (!ids.includes(nodeId)) continue;
        const r = el.getBoundingClientRect();
        const d = Math.hypot(r.left + r.width / 2 - cx, r.top + r.height / 2 - cy);
        if (!best || d < best.d) best = { id: nodeId, d };
      }
      return best?.id ?? null;
    },
    // A short label: the editor wraps long lines, and End would stop at the wrap.
    [...design.labels].filter(([k, label]) => k.startsWith("s") && label.length < 20).map(([k]) => k),
  );
  if (!id) throw new Error("no service node drawn in the canvas to edit");
  const line = design.labelLines.get(id)!;
  const title = page.getByTestId(`node-title-${id}`);

  await code.locator(".view-lines").click();
  await page.keyboard.press("Control+g");
  await page.keyboard.type(String(line));
  await page.keyboard.press("Enter");
  await page.keyboard.press("End");
  await page.waitForTimeout(300);

  const times: number[] = [];
  for (let k = 0; k < edits; k++) {
    const char = String.fromCharCode(97 + (k % 26));
    const expected = `${(await title.textContent()) ?? ""}${char}`;
    await page.evaluate(
      ({ testId, expected }) => {
        const w = window as unknown as { __edit: { t0: number; t1?: number } };
        w.__edit = { t0: performance.now() };
        const seen = () => {
          const el = document.querySelector(`[data-testid="${testId}"]`);
          if (w.__edit.t1 === undefined && el?.textContent === expected) {
            w.__edit.t1 = performance.now();
            observer.disconnect();
          }
        };
        const observer = new MutationObserver(seen);
        observer.observe(document.querySelector(".react-flow")!, {
          subtree: true,
          childList: true,
          characterData: true,
        });
      },
      { testId: `node-title-${id}`, expected },
    );
    await page.keyboard.insertText(char);
    try {
      await page.waitForFunction(
        () => (window as unknown as { __edit: { t1?: number } }).__edit.t1 !== undefined,
        undefined,
        { timeout: 20_000, polling: 50 },
      );
    } catch {
      // Reported as a missing figure rather than ending the whole benchmark.
      const shot = path.join(os.tmpdir(), `canvas-bench-edit-${id}.png`);
      await page.screenshot({ path: shot }).catch(() => {});
      console.log(`  (edit ${k + 1} of ${id} did not reach the canvas in 20 s; screenshot ${shot})`);
      times.push(NaN);
      break;
    }
    times.push(
      await page.evaluate(() => {
        const e = (window as unknown as { __edit: { t0: number; t1: number } }).__edit;
        return e.t1 - e.t0;
      }),
    );
    await page.waitForTimeout(400);
  }
  return times;
}

// ---------------------------------------------------------------- the run

type RunResult = {
  loadReady: number;
  loadDrawn: number;
  pan: FrameStats;
  zoom: FrameStats;
  edit: number;
  editP95: number;
};

async function runOnce(browser: Browser, url: string, id: string, design: CanvasDesign, o: Options) {
  const ready: number[] = [];
  const drawn: number[] = [];
  for (let i = 0; i < o.loads - 1; i++) {
    const opened = await openDesign(browser, url, id);
    ready.push(opened.ready);
    drawn.push(opened.drawn);
    await opened.close();
  }
  const opened = await openDesign(browser, url, id);
  ready.push(opened.ready);
  drawn.push(opened.drawn);
  const { page } = opened;
  await page.waitForTimeout(1500); // fit view, fonts, the minimap
  const pan = await measurePan(page, o.seconds);
  await page.waitForTimeout(500);
  const zoom = await measureZoom(page, o.seconds);
  await page.waitForTimeout(500);
  const edits = await measureEdits(page, design, o.edits);
  await opened.close();
  return {
    loadReady: median(ready),
    loadDrawn: median(drawn),
    pan,
    zoom,
    edit: median(edits),
    editP95: percentile(
      edits.filter((e) => Number.isFinite(e)),
      95,
    ),
  } satisfies RunResult;
}

function pct(n: number | undefined): string {
  return n === undefined || !Number.isFinite(n) ? "-" : `${Math.round(n * 100)}%`;
}

function fmt(n: number, digits = 0): string {
  return Number.isFinite(n) ? n.toFixed(digits) : "-";
}

function row(cells: (string | number)[], widths: number[]): string {
  return cells.map((c, i) => String(c).padStart(widths[i]!)).join("  ");
}

async function main() {
  const o = parseArgs(process.argv.slice(2));
  console.log(
    `canvas bench: ${o.runs} runs, ${o.loads} loads and ${o.edits} edits per run, ${o.seconds} s of pan and zoom; ` +
      `${o.layout ? "positions in the design" : "auto-layout"}; node ${process.version}, ${os.cpus().length} cores (shared)`,
  );
  const server = await startServer(o.root, o.port);
  const browser = await chromium.launch({ executablePath: CHROMIUM, args: CHROMIUM_ARGS, headless: true });
  const results: { size: string; runs: RunResult[] }[] = [];
  try {
    for (const size of o.sizes) {
      const design = generateCanvasDesign({ ...size, withLayout: o.layout });
      const parsed = parseDesign(design.text);
      if (!parsed.design) throw new Error(`generated design is invalid: ${parsed.errors[0]?.message}`);
      const flow = toFlowElements(parsed.design);
      const label = `${flow.nodes.length}/${flow.edges.length}`;
      const id = await storeDesign(server.url, design.text);
      const runs: RunResult[] = [];
      for (let r = 0; r < o.runs; r++) {
        const result = await runOnce(browser, server.url, id, design, o);
        runs.push(result);
        console.log(
          `  ${label} run ${r + 1}: load ${fmt(result.loadReady)} / ${fmt(result.loadDrawn)} ms, ` +
            `pan ${fmt(result.pan.fps, 1)} fps (p95 ${fmt(result.pan.p95, 1)} ms), ` +
            `zoom ${fmt(result.zoom.fps, 1)} fps (p95 ${fmt(result.zoom.p95, 1)} ms), ` +
            `main thread in script ${pct(result.pan.script)} / ${pct(result.zoom.script)}, ` +
            `style+layout ${pct(result.pan.styleLayout)} / ${pct(result.zoom.styleLayout)} (pan / zoom), ` +
            `edit ${fmt(result.edit)} ms (p95 ${fmt(result.editP95)})`,
        );
      }
      results.push({ size: label, runs });
    }
  } finally {
    await browser.close();
    await server.stop();
  }

  const widths = [10, 9, 9, 8, 9, 9, 9, 8, 8];
  console.log(`\nMedians over ${o.runs} runs (nodes/edges; load ms to data-ready / to first node drawn)`);
  console.log(
    row(
      ["design", "ready ms", "drawn ms", "pan fps", "pan p95", "zoom fps", "zoom p95", "edit ms", "edit p95"],
      widths,
    ),
  );
  for (const { size, runs } of results) {
    const m = (f: (r: RunResult) => number) => median(runs.map(f));
    console.log(
      row(
        [
          size,
          fmt(m((r) => r.loadReady)),
          fmt(m((r) => r.loadDrawn)),
          fmt(
            m((r) => r.pan.fps),
            1,
          ),
          fmt(
            m((r) => r.pan.p95),
            1,
          ),
          fmt(
            m((r) => r.zoom.fps),
            1,
          ),
          fmt(
            m((r) => r.zoom.p95),
            1,
          ),
          fmt(m((r) => r.edit)),
          fmt(m((r) => r.editP95)),
        ],
        widths,
      ),
    );
  }
  if (o.json) writeFileSync(o.json, `${JSON.stringify({ options: o, results }, null, 2)}\n`);
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? (error.stack ?? error.message) : error);
  process.exit(1);
});
