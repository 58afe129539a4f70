import { readFileSync } from "node:fs";
import { expect, test, type Page } from "@playwright/test";
import type {} from "../components/canvas/live-test-hook"; // window.__archsimLiveMetrics
import type { RunSnapshot } from "../simulator";

const EXAMPLE = "examples/ecommerce.yaml";

/** Component figures with defaults, as the simulator reports them per second. */
function figures(over: Partial<RunSnapshot["components"][string]> = {}): RunSnapshot["components"][string] {
  return { throughput: 100, utilization: 0.3, queue: 0, replicas: 0, failed: 0, circuits: {}, ...over };
}

/** A hand-made second of the e-commerce example: order saturated, payment crashed. */
function snapshot(t: number, orderCircuit: "closed" | "open" = "closed"): RunSnapshot {
  return {
    t,
    simulatedMs: (t + 1) * 1000,
    done: false,
    requests: { succeeded: 1000, failed: 90, rejected: 0 },
    causes: {},
    latency: { p50: 12, p95: 80, p99: 80 },
    routes: {
      "POST /orders": { count: 900, failed: 90, p50: 20, p95: 84.2, p99: 84.2 },
      "GET /orders/{id}": { count: 99, failed: 0, p50: 6, p95: 19.6, p99: 19.6 },
      "GET /products": { count: 135, failed: 0, p50: 7, p95: 17, p99: 17 },
    },
    components: {
      gateway: figures({ throughput: 1134, utilization: 0.05, replicas: 1 }),
      order: figures({
        throughput: 1234,
        utilization: 0.97,
        queue: 40,
        replicas: 2,
        circuits: { inventory: orderCircuit },
      }),
      inventory: figures({ throughput: 409, utilization: 0.2, replicas: 2 }),
      payment: figures({ throughput: 0, utilization: 0, replicas: 0, failed: 300 }),
      notification: figures({ throughput: 261, utilization: 0.68, replicas: 1 }),
      "orders-db": figures({ throughput: 736, utilization: 0.05 }),
      "inventory-db": figures({ throughput: 408, utilization: 0.03 }),
      broker: figures({ throughput: 0, utilization: 0 }),
      registry: figures({ throughput: 0, utilization: 0 }),
      config: figures({ throughput: 0, utilization: 0 }),
      telemetry: figures({ throughput: 0, utilization: 0 }),
    },
    topics: {
      "order.created": { depth: 1840 },
      "order.confirmed": { depth: 8 },
      "payment.completed": { depth: 0 },
      "payment.failed": { depth: 0 },
    },
  } as unknown as RunSnapshot; // causes (and p95) are not the canvas's: left empty, whatever the type adds
}

// Twice the pixels, so the close-up screenshots can be read.
test.use({ deviceScaleFactor: 2 });

/** The middle of the e-commerce canvas at its fitted zoom: order, broker, payment, inventory. */
const CLOSE_UP = { x: 560, y: 250, width: 580, height: 300 };

async function openCopy(page: Page): Promise<void> {
  const res = await page.request.post("/api/designs", {
    data: readFileSync(EXAMPLE, "utf8"),
    headers: { "Content-Type": "application/yaml" },
  });
  expect(res.status()).toBe(201);
  await page.goto(`/designs/${((await res.json()) as { id: string }).id}`);
  await expect(page.getByTestId("design-canvas")).toHaveAttribute("data-ready", "true");
  await page.waitForFunction(() => window.__archsimLiveMetrics !== undefined);
}

async function publish(page: Page, s: RunSnapshot): Promise<void> {
  await page.evaluate((s) => window.__archsimLiveMetrics!.publish(s), s);
}

function edgePath(page: Page, id: string) {
  return page.locator(`.react-flow__edge[data-id="${id}"] path.react-flow__edge-path`);
}

async function strokeWidth(page: Page, id: string): Promise<number> {
  return edgePath(page, id).evaluate((p) => parseFloat(getComputedStyle(p).strokeWidth));
}

test("a live snapshot colours nodes by health and edges by load, and clearing it restores the canvas", async ({
  page,
}, testInfo) => {
  await page.emulateMedia({ colorScheme: "light" });
  await openCopy(page);
  const canvas = page.getByTestId("design-canvas");
  const order = canvas.getByTestId("node-order");
  const payment = canvas.getByTestId("node-payment");
  const route = "route:gateway->order";

  // No run: nodes look as they always do.
  await expect(canvas.locator("[data-health]")).toHaveCount(0);
  await expect(order.locator(".as-node-facts")).toHaveText(/2 replicas/);
  const quietWidth = await strokeWidth(page, route);
  expect(quietWidth).toBeCloseTo(1.8, 1);

  await publish(page, snapshot(10));

  // order: 97% busy → degraded, with its icon; the stats line has its rate and worst route p99.
  const orderChip = canvas.getByTestId("node-health-order");
  await expect(orderChip).toHaveAttribute("data-health", "degraded");
  await expect(orderChip).toHaveText("!degraded");
  await expect(canvas.getByTestId("node-stats-order")).toHaveText("●●1.2k rps · p99 84 ms");
  // payment: no replica left and everything failing → down, hatched, hollow replica dots.
  await expect(canvas.getByTestId("node-health-payment")).toHaveText("✕down");
  await expect(payment.locator(".as-shape-hatch")).toHaveCount(1);
  await expect(canvas.getByTestId("node-stats-payment")).toHaveText("○○0 rps · 100% failed");
  await expect(canvas.getByTestId("node-health-inventory")).toHaveText("✓ok");
  await expect(canvas.getByTestId("node-stats-broker")).toHaveText("1.8k queued · 4 topics");
  // registry: nothing reached it → idle, and it keeps its design facts.
  await expect(canvas.getByTestId("node-health-registry")).toHaveText("–idle");
  await expect(canvas.getByTestId("node-stats-registry")).toHaveCount(0);
  await expect(canvas.getByTestId("topic-depths-broker").locator('[data-topic="order.created"]')).toContainText("1.8k");

  // The gateway → order edge: 999 rps → 5.25 px, 90 of 999 failed → broken amber line with ✕.
  await expect.poll(() => strokeWidth(page, route)).toBe(5.25);
  await expect(canvas.getByTestId(`edge-live-${route}`)).toHaveText("999 rps✕ 9% failed");
  await expect(edgePath(page, route)).toHaveClass(/as-edge--failing/);
  await page.screenshot({ path: testInfo.outputPath("live-canvas-light.png") });
  await page.screenshot({ path: testInfo.outputPath("live-close-up-light.png"), clip: CLOSE_UP });

  // An open circuit from order to inventory: the chip says so and the call edge is broken with a badge.
  await publish(page, snapshot(11, "open"));
  await expect(orderChip).toHaveText("⊘circuit open");
  await expect(edgePath(page, "call:order->inventory")).toHaveClass(/as-edge--circuit-open/);
  await expect(canvas.getByTestId("edge-live-call:order->inventory")).toContainText("circuit open");

  // Dark theme, through the header's Theme button.
  const theme = page.getByRole("button", { name: /^Theme:/ });
  for (let i = 0; i < 3 && (await page.locator("html").getAttribute("data-theme")) !== "dark"; i++) await theme.click();
  await expect(page.locator("html")).toHaveAttribute("data-theme", "dark");
  await page.screenshot({ path: testInfo.outputPath("live-canvas-dark.png") });
  await page.screenshot({ path: testInfo.outputPath("live-close-up-dark.png"), clip: CLOSE_UP });

  // Cleared: back to the design's own look.
  await page.evaluate(() => window.__archsimLiveMetrics!.clear());
  await expect(canvas.locator("[data-health]")).toHaveCount(0);
  await expect(canvas.locator(".as-shape-hatch")).toHaveCount(0);
  await expect(canvas.locator("[data-testid^='node-stats-']")).toHaveCount(0);
  await expect(canvas.getByTestId("topic-depths-broker")).toHaveCount(0);
  await expect(order.locator(".as-node-facts")).toHaveText(/2 replicas/);
  await expect.poll(() => strokeWidth(page, route)).toBeCloseTo(quietWidth, 2);
  await expect(canvas.locator("[data-testid^='edge-live-']")).toHaveCount(0);
});
