import { readFileSync } from "node:fs";
import { expect, test, type ConsoleMessage } from "@playwright/test";
import { parseDesign } from "../model";

const EXAMPLE = "examples/ecommerce.yaml";

function loadExample() {
  const { design, errors } = parseDesign(readFileSync(EXAMPLE, "utf8"));
  if (!design) throw new Error(`${EXAMPLE} does not parse: ${errors.map((e) => e.message).join("; ")}`);
  return design;
}

/** The browser asks for /favicon.ico on its own; its 404 is not the page's fault. */
function isFaviconNoise(msg: ConsoleMessage): boolean {
  return /favicon/i.test(msg.text()) || /favicon/i.test(msg.location().url ?? "");
}

test("the designer draws every component of the e-commerce example and its edges", async ({ page }) => {
  const design = loadExample();
  const components = Object.entries(design.components);
  const problems: string[] = [];
  page.on("console", (msg) => {
    if (msg.type() === "error" && !isFaviconNoise(msg)) problems.push(`console: ${msg.text()}`);
  });
  page.on("pageerror", (err) => problems.push(`page error: ${err.message}`));

  // A copy of its own: other specs create and edit designs in parallel, so "/" (the most
  // recently edited design) may show theirs.
  const res = await page.request.post("/api/designs", {
    data: readFileSync(EXAMPLE, "utf8"),
    headers: { "Content-Type": "application/yaml" },
  });
  expect(res.status()).toBe(201);
  await page.goto(`/designs/${((await res.json()) as { id: string }).id}`);
  await expect(page.getByTestId("design-name")).toHaveText(design.name!);
  const canvas = page.getByTestId("design-canvas");
  await expect(canvas).toHaveAttribute("data-ready", "true");

  const nodes = canvas.locator(".react-flow__node");
  await expect(nodes).toHaveCount(components.length);
  for (const [id, c] of components) {
    const node = canvas.locator(`.react-flow__node[data-id="${id}"]`);
    await expect(node).toBeVisible();
    await expect(node.getByTestId(`node-title-${id}`)).toHaveText(c.label ?? id);
    await expect(node.getByTestId(`node-title-${id}`)).toBeVisible();
    await expect(node.locator(`[data-kind-icon="${c.kind}"]`)).toBeVisible();
  }

  const edges = canvas.locator(".react-flow__edge");
  expect(await edges.count()).toBeGreaterThan(0);
  await expect(canvas.locator('.react-flow__edge[data-id="publish:order->broker"]')).toHaveCount(1);
  const publishLabel = canvas.locator('[data-testid^="edge-label-"][data-kind="publish"]', {
    hasText: "order.created",
  });
  await expect(publishLabel).toBeVisible();
  await expect(
    canvas.locator('[data-testid^="edge-label-"][data-kind="subscribe"]', { hasText: "order.created" }),
  ).toBeVisible();
  await expect(
    canvas.locator('[data-testid^="edge-label-"][data-kind="route"]', { hasText: "POST /orders" }),
  ).toBeVisible();

  // Edges are painted, not just present: around a point of each kind's path that nothing covers,
  // the canvas looks different with the edges hidden (an edge left out of painting, as an
  // <svg> of no size is, leaves it the same).
  for (const kind of ["route", "publish", "subscribe"]) {
    const at = await canvas.evaluate((root, kind) => {
      for (const path of root.querySelectorAll<SVGPathElement>(
        `.react-flow__edge-path.as-edge--${kind === "route" ? "sync" : kind}`,
      )) {
        const length = path.getTotalLength();
        for (let f = 0.2; f < 0.8; f += 0.05) {
          const p = path.getPointAtLength(length * f);
          const m = path.getScreenCTM()!;
          const x = m.a * p.x + m.c * p.y + m.e;
          const y = m.b * p.x + m.d * p.y + m.f;
          if (document.elementFromPoint(x, y)?.closest(".react-flow__edge") === path.closest(".react-flow__edge"))
            return { x, y };
        }
      }
      return null;
    }, kind);
    expect(at, `an uncovered point on a ${kind} edge`).not.toBeNull();
    const clip = { x: at!.x - 4, y: at!.y - 4, width: 8, height: 8 };
    const drawn = await page.screenshot({ clip });
    await canvas.locator(".react-flow__edges").evaluate((el) => ((el as HTMLElement).style.visibility = "hidden"));
    const hidden = await page.screenshot({ clip });
    await canvas.locator(".react-flow__edges").evaluate((el) => ((el as HTMLElement).style.visibility = ""));
    expect(drawn.equals(hidden), `the ${kind} edge is painted`).toBe(false);
  }

  // Every node lies inside the viewport after fitView.
  const box = (await canvas.boundingBox())!;
  for (const [id] of components) {
    const b = (await canvas.locator(`.react-flow__node[data-id="${id}"]`).boundingBox())!;
    expect(b.x, `${id} left`).toBeGreaterThanOrEqual(box.x - 1);
    expect(b.y, `${id} top`).toBeGreaterThanOrEqual(box.y - 1);
    expect(b.x + b.width, `${id} right`).toBeLessThanOrEqual(box.x + box.width + 1);
    expect(b.y + b.height, `${id} bottom`).toBeLessThanOrEqual(box.y + box.height + 1);
  }

  await page.screenshot({ path: "test-results/ecommerce-graph.png", fullPage: true });
  expect(problems).toEqual([]);
});

test("every response carries the security headers, and the page runs under its CSP", async ({ page }) => {
  const violations: string[] = [];
  page.on("console", (msg) => {
    if (/Content Security Policy/i.test(msg.text())) violations.push(msg.text());
  });
  const response = (await page.goto("/"))!;
  const headers = response.headers();
  expect(headers["x-content-type-options"]).toBe("nosniff");
  expect(headers["referrer-policy"]).toBe("strict-origin-when-cross-origin");
  expect(headers["x-frame-options"]).toBe("DENY");
  const csp = (headers["content-security-policy"] ?? "").split(/;\s*/);
  expect(csp).toContain("default-src 'self'");
  expect(csp).toContain("frame-ancestors 'none'");
  expect(csp).toContain("object-src 'none'");
  expect(csp).toContain("worker-src 'self' blob:");
  expect(csp.find((d) => d.startsWith("script-src"))).not.toContain("unsafe-eval");
  // Next's own scripts run under the policy: the canvas hydrates and draws.
  await expect(page.getByTestId("design-canvas")).toHaveAttribute("data-ready", "true");
  const asset = await page.request.get("/icon.svg");
  expect(asset.headers()["x-content-type-options"]).toBe("nosniff");
  expect(violations).toEqual([]);
});
