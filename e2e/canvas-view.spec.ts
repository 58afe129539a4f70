import { readFileSync } from "node:fs";
import { expect, test, type Page } from "@playwright/test";
import { storeDesign } from "./support";

/** Opens a copy of the e-commerce example of its own (other specs edit designs in parallel). */
async function openExample(page: Page) {
  await page.goto(`/designs/${await storeDesign(page, readFileSync("examples/ecommerce.yaml", "utf8"))}`);
  const canvas = page.getByTestId("design-canvas");
  await expect(canvas).toHaveAttribute("data-ready", "true");
  return canvas;
}

/** The canvas point at the centre of the pane, from the viewport's transform. */
async function viewCentre(page: Page) {
  return page.evaluate(() => {
    const pane = document.querySelector(".react-flow__pane")!.getBoundingClientRect();
    const m = /translate\(([-\d.e]+)px, ([-\d.e]+)px\) scale\(([-\d.e]+)\)/.exec(
      document.querySelector<HTMLElement>(".react-flow__viewport")!.style.transform,
    );
    if (!m) throw new Error("no viewport transform");
    const [tx, ty, k] = [Number(m[1]), Number(m[2]), Number(m[3])];
    return { x: (pane.width / 2 - tx) / k, y: (pane.height / 2 - ty) / k, zoom: k };
  });
}

test("the overview map moves the view to where it is pressed, along the axis pressed", async ({ page }) => {
  await openExample(page);
  const map = page.getByRole("img", { name: "Overview of the canvas" });
  await expect(map).toBeVisible();
  const box = (await map.boundingBox())!;
  await page.mouse.click(box.x + box.width * 0.25, box.y + box.height / 2);
  const left = await viewCentre(page);
  await page.mouse.click(box.x + box.width * 0.75, box.y + box.height / 2);
  const right = await viewCentre(page);
  // Half the map's width further right, the same height, the same zoom.
  expect(right.x - left.x).toBeGreaterThan(100);
  expect(Math.abs(right.y - left.y)).toBeLessThan(0.5);
  expect(right.zoom).toBeCloseTo(left.zoom, 6);
  // Dragging on the map keeps moving the view, through the map as it was when pressed (the
  // map follows the view, so a press lands by the map as drawn then).
  await page.mouse.move(box.x + box.width * 0.75, box.y + box.height / 2);
  await page.mouse.down();
  const pressed = await viewCentre(page);
  await page.mouse.move(box.x + box.width * 0.75, box.y + box.height * 0.2, { steps: 4 });
  const dragged = await viewCentre(page);
  await page.mouse.up();
  expect(dragged.y).toBeLessThan(pressed.y - 20);
  expect(Math.abs(dragged.x - pressed.x)).toBeLessThan(0.5);
});

test("a pan runs on a still animation of the viewport and a zoom draws edges solid, both only while moving", async ({
  page,
}) => {
  const canvas = await openExample(page);
  const viewport = page.locator(".react-flow__viewport");
  const animations = () => viewport.evaluate((el) => el.getAnimations().length);
  // An empty spot of the pane to drag from.
  const at = await page.evaluate(() => {
    const pane = document.querySelector(".react-flow__pane")!;
    const r = pane.getBoundingClientRect();
    for (let k = 0; k < 4000; k++) {
      const x = r.left + r.width / 2 + Math.cos(k * 0.5) * k * 0.6;
      const y = r.top + r.height / 2 + Math.sin(k * 0.5) * k * 0.6;
      if (document.elementFromPoint(x, y) === pane) return { x, y };
    }
    throw new Error("no empty spot on the pane");
  });
  expect(await animations()).toBe(0);
  const before = await viewCentre(page);
  await page.mouse.move(at.x, at.y);
  await page.mouse.down();
  await page.mouse.move(at.x + 40, at.y + 10, { steps: 5 });
  await expect(canvas).toHaveAttribute("data-moving", "pan");
  expect(await animations()).toBe(1);
  await page.mouse.up();
  // The view moved with the pointer: the animation added nothing to the transform.
  const after = await viewCentre(page);
  expect(after.x).toBeCloseTo(before.x - 40 / before.zoom, 1);
  expect(after.y).toBeCloseTo(before.y - 10 / before.zoom, 1);
  await expect(canvas).not.toHaveAttribute("data-moving", /.*/);
  expect(await animations()).toBe(0);

  await page.mouse.wheel(0, -100);
  await expect(canvas).toHaveAttribute("data-moving", "zoom");
  expect(await animations()).toBe(0);
  const publish = canvas.locator(".react-flow__edge-path.as-edge--publish").first();
  expect(await publish.evaluate((el) => getComputedStyle(el).strokeDasharray)).toBe("none");
  await expect(canvas).not.toHaveAttribute("data-moving", /.*/);
  expect(await publish.evaluate((el) => getComputedStyle(el).strokeDasharray)).toMatch(/^8(px)?,? 5(px)?$/);
});
