/**
 * The run charts, fed a history the real engine computed: the e-commerce example's
 * payment-outage, 120 s, with inventory crashed for 15 s from 30 s so that requests fail by
 * cause. The charts are on their own test page (/testing/charts) until the designer mounts
 * them; the snapshots go in through window.__archsimLiveMetrics, as the run client's would.
 */
import { readFileSync } from "node:fs";
import { expect, test, type Page } from "@playwright/test";
import type {} from "../components/canvas/live-test-hook"; // window.__archsimLiveMetrics
import { parseDesign } from "../model";
import { createRun, type RunSnapshot } from "../simulator";

function computeHistory(): RunSnapshot[] {
  const design = parseDesign(readFileSync("examples/ecommerce.yaml", "utf8")).design!;
  const run = createRun(design, { scenario: "payment-outage", seed: 1, durationMs: 120_000 });
  const seen: RunSnapshot[] = [];
  run.subscribe((s) => seen.push(s));
  run.advance(30_000);
  run.inject({ kind: "crash", target: "inventory", at: 0, for: 15_000 });
  run.finish();
  return seen;
}

const history = computeHistory();

async function publish(page: Page, snapshots: RunSnapshot[]): Promise<void> {
  await page.evaluate((list) => {
    for (const s of list) window.__archsimLiveMetrics!.publish(s);
  }, snapshots);
}

/** Pixels of the panel's canvas that are drawn (not transparent), and how many distinct colours. */
async function inked(page: Page, panel: string): Promise<{ drawn: number; colours: number }> {
  return page.locator(`[data-testid="chart-${panel}"] canvas`).evaluate((c: HTMLCanvasElement) => {
    const px = c.getContext("2d")!.getImageData(0, 0, c.width, c.height).data;
    let drawn = 0;
    const colours = new Set<number>();
    for (let i = 0; i < px.length; i += 4) {
      if (px[i + 3]! < 200) continue;
      drawn++;
      colours.add((px[i]! << 16) | (px[i + 1]! << 8) | px[i + 2]!);
    }
    return { drawn, colours: colours.size };
  });
}

/** The legend's values with the cursor over the last second. */
async function legendAtEnd(page: Page, panel: string): Promise<Record<string, string>> {
  const box = (await page.locator(`[data-testid="chart-${panel}"] .u-over`).boundingBox())!;
  await page.mouse.move(box.x + box.width - 1, box.y + box.height / 2);
  return page
    .locator(`[data-testid="chart-${panel}"] .u-legend .u-series`)
    .evaluateAll((rows) =>
      Object.fromEntries(
        rows.map((r) => [
          r.querySelector(".u-label")!.textContent!.trim(),
          r.querySelector(".u-value")!.textContent!.trim(),
        ]),
      ),
    );
}

test("the whole system's charts draw the engine's history: throughput, latency with SLO, causes, replicas, queues, topics", async ({
  page,
}, testInfo) => {
  expect(history).toHaveLength(120);
  const crashed = history.reduce((n, s) => n + (s.causes?.crashed ?? 0) + (s.causes?.circuitOpen ?? 0), 0);
  expect(crashed, "the inventory crash makes requests fail").toBeGreaterThan(0);

  await page.setViewportSize({ width: 1000, height: 1400 });
  await page.goto("/testing/charts?scope=system&slo=40");
  await expect.poll(() => page.evaluate(() => window.__archsimLiveMetrics !== undefined)).toBe(true);
  await publish(page, history);

  const panels = ["throughput", "latency", "causes", "replicas", "queue", "topics"];
  for (const p of panels) await expect(page.getByTestId(`chart-${p}`)).toHaveAttribute("data-points", "120");
  await expect(page.locator(".as-chart canvas")).toHaveCount(panels.length);
  for (const p of panels) {
    const ink = await inked(page, p);
    expect(ink.drawn, `${p} has lines`).toBeGreaterThan(300);
    expect(ink.colours, `${p} has more than one colour`).toBeGreaterThan(2);
  }

  const last = history.at(-1)!;
  // Without the pointer on a plot, its legend reads the latest second.
  await expect(page.getByTestId("chart-throughput").locator(".u-legend .u-series").nth(1)).toContainText(
    String(last.requests.succeeded),
  );
  await expect(page.getByTestId("chart-latency").locator(".u-legend .u-series").first()).toContainText(`${last.t}s`);
  const latency = await legendAtEnd(page, "latency");
  const ms = (v: number) => `${v < 10 ? v.toFixed(1) : Math.round(v)} ms`;
  expect(latency).toMatchObject({
    t: `${last.t}s`,
    p50: ms(last.latency.p50),
    p95: ms(last.latency.p95!),
    p99: ms(last.latency.p99),
    SLO: "40 ms",
  });
  // One cursor for all panels: the pointer over latency moves the others' legends to the same second.
  const over = (await page.locator('[data-testid="chart-latency"] .u-over').boundingBox())!;
  await page.mouse.move(over.x + over.width / 2, over.y + over.height / 2);
  const hovered = await page.getByTestId("chart-latency").locator(".u-legend .u-series").first().textContent();
  expect(hovered).not.toContain(`${last.t}s`);
  await expect(page.getByTestId("chart-topics").locator(".u-legend .u-series").first()).toHaveText(hovered!);
  const throughput = await legendAtEnd(page, "throughput");
  expect(throughput).toMatchObject({
    ok: String(last.requests.succeeded),
    failed: String(last.requests.failed),
    rejected: String(last.requests.rejected),
  });
  // The causes panel has a line for each cause that occurred, and only those.
  const causes = Object.keys(await legendAtEnd(page, "causes")).filter((k) => k !== "t");
  const occurred = Object.keys(last.causes!).filter((c) => history.some((s) => s.causes![c as "crashed"] > 0));
  expect(causes.sort()).toEqual(occurred.sort());

  await page.mouse.move(0, 0);
  await page.getByTestId("run-charts").screenshot({ path: testInfo.outputPath("charts-system-light.png") });
  await page.emulateMedia({ colorScheme: "dark" });
  await expect.poll(() => inked(page, "latency").then((i) => i.drawn)).toBeGreaterThan(300);
  await page.getByTestId("run-charts").screenshot({ path: testInfo.outputPath("charts-system-dark.png") });
});

test("a route's and a component's charts; snapshots published 10 times a second reach the plots", async ({
  page,
}, testInfo) => {
  await page.setViewportSize({ width: 1000, height: 900 });
  await page.goto("/testing/charts?scope=" + encodeURIComponent("route:POST /orders"));
  await expect.poll(() => page.evaluate(() => window.__archsimLiveMetrics !== undefined)).toBe(true);
  // Live: one snapshot every 100 ms for 3 s, while the page counts its animation frames.
  await page.evaluate(() => {
    const gaps: number[] = [];
    let last = performance.now();
    const tick = (now: number) => {
      gaps.push(now - last);
      last = now;
      if (gaps.length < 100_000) (window as unknown as { __gaps: number[] }).__gaps = gaps;
      requestAnimationFrame(tick);
    };
    requestAnimationFrame(tick);
  });
  for (const s of history.slice(0, 30)) {
    await publish(page, [s]);
    await page.waitForTimeout(100);
  }
  await expect(page.getByTestId("chart-throughput")).toHaveAttribute("data-points", "30");
  const gaps = (await page.evaluate(() => (window as unknown as { __gaps: number[] }).__gaps))
    .slice(1)
    .sort((a, b) => a - b);
  const frames = {
    count: gaps.length,
    p95: Math.round(gaps[Math.floor(gaps.length * 0.95)]!),
    max: Math.round(gaps.at(-1)!),
  };
  testInfo.annotations.push({ type: "frames while publishing at 10 Hz", description: JSON.stringify(frames) });
  console.log("charts: frame gaps (ms) while publishing at 10 Hz:", frames);
  // Publishing 10 times a second leaves the page drawing: no frame held for long.
  expect(frames.p95).toBeLessThan(50);
  await publish(page, history.slice(30));
  await expect(page.getByTestId("chart-latency")).toHaveAttribute("data-points", "120");
  const route = history.at(-1)!.routes["POST /orders"]!;
  expect(await legendAtEnd(page, "throughput")).toMatchObject({
    answered: String(route.count),
    failed: String(route.failed),
  });
  await page.mouse.move(0, 0);
  await page.getByTestId("run-charts").screenshot({ path: testInfo.outputPath("charts-route-light.png") });

  // An hour of seconds (the store's limit) is cut down to the plot's width.
  const hour: RunSnapshot[] = [];
  for (let k = 0; k < 30; k++) for (const s of history) hour.push({ ...s, t: k * 120 + s.t });
  await publish(page, hour);
  await expect(page.getByTestId("chart-throughput")).toHaveAttribute("data-points", "3600");
  const width = (await page.locator('[data-testid="chart-throughput"] .u-over').boundingBox())!.width;
  const drawn = Number(await page.getByTestId("chart-throughput").getAttribute("data-drawn"));
  expect(drawn).toBeGreaterThan(width / 2);
  expect(drawn).toBeLessThanOrEqual(Math.ceil(width) + 2);
  await page.mouse.move(0, 0);
  await page.getByTestId("run-charts").screenshot({ path: testInfo.outputPath("charts-route-hour-light.png") });

  await page.goto("/testing/charts?scope=component:order");
  await expect.poll(() => page.evaluate(() => window.__archsimLiveMetrics !== undefined)).toBe(true);
  await publish(page, history);
  await expect(page.getByTestId("chart-queue")).toHaveAttribute("data-points", "120");
  const order = history.at(-1)!.components.order!;
  expect(await legendAtEnd(page, "replicas")).toMatchObject({ order: String(order.replicas) });
  expect((await inked(page, "throughput")).drawn).toBeGreaterThan(300);
});
