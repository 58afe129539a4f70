/**
 * `npm run bench:live`: the designer while a real-time run updates it. Build first (`npm run
 * build`). Starts the production app on its own port with a fresh store, opens the e-commerce
 * example in headless Chromium, starts `payment-outage` in real time at each speed asked for
 * and, once it is under way, measures for `--seconds`:
 *
 *   idle   frames while the page only follows the run (canvas, panel, charts)
 *   pan    frames while the mouse drags the canvas in circles at the same time
 *
 * with the updates the page received (the run panel's progress line changes once per batch
 * from the worker, so its changes per second are the UI's update rate) and the main thread's
 * long tasks (PerformanceObserver "longtask": each task over 50 ms, and the longest). Frames
 * are sampled with requestAnimationFrame (bench/frames.ts). Prints one row per speed and phase
 * (medians over `--runs`). Speed `max` runs `peak-sale` as fast as possible instead and measures
 * from the click on Run to the panel saying done (one phase, "run"). The targets: ≥ 30 fps while
 * updates arrive at 10 Hz, and no main-thread task over 50 ms during a run.
 *
 *   tsx bench/live-run.ts [--runs 3] [--speeds 10,100,max] [--seconds 5] [--port 3412]
 */
import { readFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { chromium, type Page } from "playwright-core";
import { CHROMIUM_ARGS, chromiumPath } from "../e2e/chromium";
import { startServer, storeDesign } from "./app-server";
import { findEmptyPoint, median, startFrames, stopFrames, type FrameStats } from "./frames";

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
const EXAMPLE = "examples/ecommerce.yaml";
const SCENARIO = "payment-outage";
/** At full speed: the longest scenario, as `npm run bench:run` times it. */
const MAX_SCENARIO = "peak-sale";

function option(name: string, fallback: string): string {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 && process.argv[i + 1] ? process.argv[i + 1]! : fallback;
}

type Sample = FrameStats & { updatesPerSecond: number; longTasks: number; longestTask: number };

/** Installed before any page script: long tasks and the progress line's changes, from the start. */
function watchPage() {
  const w = window as unknown as { __live: { tasks: number[]; updates: number[] } };
  w.__live = { tasks: [], updates: [] };
  new PerformanceObserver((list) => {
    for (const e of list.getEntries()) w.__live.tasks.push(e.duration);
  }).observe({ type: "longtask", buffered: true });
  const watch = () => {
    const line = document.querySelector('[data-testid="run-progress"]');
    if (!line) return false;
    new MutationObserver(() => w.__live.updates.push(performance.now())).observe(line, {
      characterData: true,
      childList: true,
      subtree: true,
    });
    return true;
  };
  const wait = new MutationObserver(() => {
    if (watch()) wait.disconnect();
  });
  document.addEventListener("DOMContentLoaded", () => {
    if (!watch()) wait.observe(document.body, { childList: true, subtree: true });
  });
}

/** Frames and long tasks while `seconds` pass, dragging the canvas if `pan`, or until `until` resolves. */
async function measure(page: Page, seconds: number, pan: boolean, until?: () => Promise<unknown>): Promise<Sample> {
  const mark = await page.evaluate(() => {
    const w = window as unknown as { __live: { tasks: number[]; updates: number[] } };
    return { tasks: w.__live.tasks.length, at: performance.now() };
  });
  let at: { x: number; y: number } | null = null;
  if (pan && !until) {
    at = await findEmptyPoint(page);
    await page.mouse.move(at.x, at.y);
    await page.mouse.down();
  }
  await startFrames(page);
  const end = Date.now() + seconds * 1000;
  if (until) await until();
  else if (at) {
    for (let k = 0; Date.now() < end; k++) {
      const a = k * 0.12;
      await page.mouse.move(at.x + Math.cos(a) * 120 - 120, at.y + Math.sin(a) * 80);
    }
  } else await page.waitForTimeout(seconds * 1000);
  const frames = await stopFrames(page);
  if (at) await page.mouse.up();
  const seen = await page.evaluate((m) => {
    const w = window as unknown as { __live: { tasks: number[]; updates: number[] } };
    const now = performance.now();
    return {
      tasks: w.__live.tasks.slice(m.tasks),
      updates: w.__live.updates.filter((t) => t >= m.at).length,
      span: now - m.at,
    };
  }, mark);
  return {
    ...frames,
    updatesPerSecond: (seen.updates / seen.span) * 1000,
    longTasks: seen.tasks.length,
    longestTask: seen.tasks.length ? Math.max(...seen.tasks) : 0,
  };
}

async function main() {
  const runs = Number(option("runs", "3"));
  const speeds = option("speeds", "10,100,max").split(",");
  const seconds = Number(option("seconds", "5"));
  const port = Number(option("port", "3412"));
  console.log(
    `live run: ${SCENARIO} of ${EXAMPLE} in real time, ${runs} runs × ${seconds} s per phase; ${os.cpus().length} cores (shared), load ${os.loadavg()[0]!.toFixed(2)}`,
  );
  const server = await startServer(ROOT, port);
  const browser = await chromium.launch({ executablePath: chromiumPath() ?? "/usr/bin/chromium", args: CHROMIUM_ARGS });
  const rows: { speed: string; phase: string; samples: Sample[] }[] = [];
  try {
    const text = readFileSync(path.join(ROOT, EXAMPLE), "utf8");
    for (const speed of speeds) {
      const idle: Sample[] = [];
      const panning: Sample[] = [];
      for (let i = 0; i < runs; i++) {
        const context = await browser.newContext({ viewport: { width: 1440, height: 900 } });
        const page = await context.newPage();
        await page.addInitScript({ content: "window.__name = (f) => f;" });
        await page.addInitScript(watchPage);
        const id = await storeDesign(server.url, text);
        await page.goto(`${server.url}/designs/${id}`);
        await page.locator('[data-testid="design-canvas"][data-ready="true"]').waitFor({ timeout: 60_000 });
        await page.getByRole("button", { name: "Simulate" }).click();
        const panel = page.getByTestId("run-panel");
        if (speed === "max") {
          await panel.getByRole("combobox", { name: "Scenario" }).selectOption(MAX_SCENARIO);
          await panel.getByRole("combobox", { name: "Speed" }).selectOption("max");
          idle.push(
            await measure(page, 0, false, async () => {
              await panel.getByRole("button", { name: "Run" }).click();
              await panel.locator('[data-testid="run-status"][data-status="done"]').waitFor({ timeout: 300_000 });
            }),
          );
          await context.close();
          continue;
        }
        await panel.getByRole("combobox", { name: "Scenario" }).selectOption(SCENARIO);
        await panel.getByRole("combobox", { name: "Speed" }).selectOption(speed);
        // Long enough to outlast both phases at this speed (the scenario's 300 s end ×100 in 3 s).
        await panel.getByLabel("Duration (s)").fill(String(Math.max(300, Number(speed) * (2 * seconds + 10))));
        await panel.getByRole("button", { name: "Run" }).click();
        await panel.locator('[data-testid="run-status"][data-status="running"]').waitFor();
        // Under way: the charts exist and the first snapshots are drawn.
        await page.waitForTimeout(1500);
        idle.push(await measure(page, seconds, false));
        panning.push(await measure(page, seconds, true));
        const status = await panel.getByTestId("run-status").getAttribute("data-status");
        if (status !== "running") throw new Error(`the run was ${status} before the measurement ended`);
        await panel.getByRole("button", { name: "Stop" }).click();
        await context.close();
      }
      if (speed === "max") rows.push({ speed, phase: "run", samples: idle });
      else rows.push({ speed, phase: "idle", samples: idle }, { speed, phase: "pan", samples: panning });
    }
  } finally {
    await browser.close();
    await server.stop();
  }
  const m = (xs: Sample[], f: (s: Sample) => number) => median(xs.map(f));
  console.log("speed  phase  updates/s   fps  p95 frame ms  max frame ms  long tasks  longest task ms");
  for (const r of rows) {
    const s = r.samples;
    console.log(
      [
        (r.speed === "max" ? "max" : `×${r.speed}`).padEnd(6),
        r.phase.padEnd(6),
        m(s, (x) => x.updatesPerSecond)
          .toFixed(1)
          .padStart(9),
        m(s, (x) => x.fps)
          .toFixed(1)
          .padStart(5),
        m(s, (x) => x.p95)
          .toFixed(1)
          .padStart(13),
        m(s, (x) => x.max)
          .toFixed(1)
          .padStart(13),
        String(m(s, (x) => x.longTasks)).padStart(11),
        m(s, (x) => x.longestTask)
          .toFixed(0)
          .padStart(16),
      ].join(" "),
    );
  }
  const all = rows.flatMap((r) => r.samples);
  console.log(
    `worst over every run: lowest fps ${Math.min(...all.map((s) => s.fps)).toFixed(1)}, longest task ${Math.max(...all.map((s) => s.longestTask)).toFixed(0)} ms`,
  );
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? (error.stack ?? error.message) : error);
  process.exit(1);
});
