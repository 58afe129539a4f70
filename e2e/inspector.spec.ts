import { readFileSync } from "node:fs";
import { expect, test, type Page } from "@playwright/test";
import { savedText, storeDesign } from "./support";

/**
 * The inspector end to end, on a design of its own (made through the API): an operation's
 * steps added, reordered and removed, a workload and a scenario's fault edited through their
 * forms, the model's error shown inline while typing; the saved text has exactly those edits
 * and keeps the user's comments.
 */
const START = `# inspector test: this comment must survive
archsim: 1
name: Inspector test
components:
  order:
    kind: service
    operations:
      create:
        work: 2ms
        steps:
          - call: stock.reserve
          - query: db   # the orders table
  stock:
    kind: service
    operations:
      reserve: { work: 1ms }
  db: { kind: database }
workloads:
  steady: { entry: order.create, rate: 100 }   # the usual day
scenarios:
  outage:
    workload: steady
    duration: 60s
    faults:
      - { at: 10s, for: 20s, kind: crash, target: stock }
layout:
  order: { x: 0, y: 0 }
  stock: { x: 320, y: 0 }
  db: { x: 320, y: 180 }
`;

/** Where screenshots go: ARCHSIM_SCREENSHOTS (to look at them after the run), else the test's output folder. */
function shotPath(name: string): string {
  const dir = process.env.ARCHSIM_SCREENSHOTS;
  return dir ? `${dir}/${name}` : test.info().outputPath(name);
}

async function openEditor(page: Page, id: string): Promise<void> {
  await page.goto(`/designs/${id}`);
  await expect(page.getByTestId("design-name")).toHaveText("Inspector test");
  await expect(page.getByTestId("design-canvas")).toHaveAttribute("data-ready", "true");
}

test("the inspector edits steps, a workload and a fault through forms; the saved text has exactly those edits", async ({
  page,
}) => {
  const id = await storeDesign(page, START);
  await openEditor(page, id);
  const status = page.getByRole("status").filter({ hasText: /./ }).last();
  const inspector = page.getByRole("complementary", { name: "Inspector" });
  const steps = inspector.getByRole("list", { name: "Steps of order.create" });
  const stepNames = steps.locator(":scope > li > .as-step-head .as-step-summary");

  // A connection selected on the canvas shows the construct it stands for: here, a query step.
  await page.locator('.react-flow__edge[data-id="query:order->db"]').dispatchEvent("click");
  await expect(inspector.getByRole("heading", { name: /^order → db/ })).toBeVisible();
  await expect(inspector.getByRole("group", { name: "order.create step 2" }).getByLabel("Database")).toHaveValue("db");

  await page.getByTestId("node-order").click();
  await expect(inspector.getByRole("heading", { name: /^order/ })).toBeVisible();
  await expect(stepNames).toHaveText(["Step 1: call stock.reserve", "Step 2: query db"]);

  // Add a step of a chosen kind: one undoable change with its own label.
  await inspector.getByLabel("Kind of step to add to order.create").selectOption("parallel");
  await inspector.getByRole("button", { name: "Add step to order.create" }).click();
  await expect(status).toHaveText("Added a parallel step to order.create");
  await expect(stepNames).toHaveText(["Step 1: call stock.reserve", "Step 2: query db", "Step 3: parallel (0 steps)"]);

  // Reorder from the keyboard: focus stays on the moved step's button.
  await inspector.getByRole("button", { name: "Move step 3 of order.create up" }).focus();
  await page.keyboard.press("Enter");
  await expect(status).toHaveText("Moved parallel (0 steps) of order.create up (step 2)");
  await expect(stepNames).toHaveText(["Step 1: call stock.reserve", "Step 2: parallel (0 steps)", "Step 3: query db"]);
  await expect(inspector.getByRole("button", { name: "Move step 2 of order.create up" })).toBeFocused();

  await inspector.getByRole("button", { name: "Remove step 1 of order.create" }).click();
  await expect(status).toHaveText("Removed step 1 (call stock.reserve) of order.create");
  await expect(stepNames).toHaveText(["Step 1: parallel (0 steps)", "Step 2: query db"]);

  // Open the query step: its form, with the database suggested.
  await inspector.getByRole("button", { name: "Step 2: query db" }).click();
  await expect(inspector.getByLabel("Database")).toHaveValue("db");
  await inspector.screenshot({ path: shotPath("inspector-operation.png") });

  // Nothing selected: the design's overview, with its workloads and scenarios.
  await page.keyboard.press("Escape");
  const box = (await page.getByTestId("design-canvas").boundingBox())!;
  await page.mouse.click(box.x + 12, box.y + 12);
  await expect(inspector.getByRole("heading", { name: /^Inspector test/ })).toBeVisible();

  await inspector.getByRole("button", { name: "steady 100 rps" }).click();
  const rate = inspector.getByRole("group", { name: "workload steady" }).getByLabel("Rate");
  await expect(rate).toHaveValue("100");
  await rate.fill("250");
  await rate.press("Enter");
  await expect(status).toHaveText("Set rate of workload steady to 250");

  await inspector.getByRole("button", { name: "outage 60s · 1 fault" }).click();
  const fault = inspector.getByRole("group", { name: "scenario outage" }).getByRole("group", { name: "Fault 1" });
  await expect(fault.getByLabel("Kind")).toHaveValue("crash");
  const at = fault.getByLabel("At", { exact: true });
  // The model's own error shows while typing, before anything is written.
  await at.fill("-5ms");
  await expect(fault.getByText("a duration cannot be negative (got -5ms)")).toBeVisible();
  await expect(at).toHaveAttribute("aria-invalid", "true");
  await at.fill("30s");
  await expect(fault.getByText("a duration cannot be negative (got -5ms)")).toBeHidden();
  await at.press("Enter");
  await expect(status).toHaveText("Set at of fault 1 of outage to 30s");
  const target = fault.getByLabel("Target");
  await target.fill("db");
  await target.press("Enter");
  await inspector.screenshot({ path: shotPath("inspector-scenario.png") });

  await expect(page.getByTestId("save-status")).toHaveText(/^Saved · version \d+$/, { timeout: 15_000 });
  expect(await savedText(page, id)).toBe(
    START.replace(
      "          - call: stock.reserve\n          - query: db   # the orders table\n",
      "          - parallel: []\n          - query: db   # the orders table\n",
    )
      .replace("rate: 100 }", "rate: 250 }")
      .replace("{ at: 10s, for: 20s, kind: crash, target: stock }", "{ at: 30s, for: 20s, kind: crash, target: db }"),
  );

  // Each form action was one undo step: undo walks back the fault's target.
  await page.getByRole("button", { name: "Undo" }).click();
  await expect(target).toHaveValue("stock");
});

test("a selected component's blast radius: which routes fail with it and which only queue", async ({
  page,
}, testInfo) => {
  const id = await storeDesign(page, readFileSync("examples/ecommerce.yaml", "utf8"));
  await page.goto(`/designs/${id}`);
  await expect(page.getByTestId("design-canvas")).toHaveAttribute("data-ready", "true");
  const inspector = page.getByTestId("inspector");
  const route = (name: string) => inspector.getByTestId("blast-radius").locator("li", { hasText: name });

  await page.locator('.react-flow__node[data-id="inventory"]').click();
  await expect(inspector.getByRole("heading", { name: "If inventory goes down" })).toBeVisible();
  await expect(route("POST /orders")).toHaveAttribute("data-impact", "fails");
  await expect(route("POST /orders")).toContainText("via gateway → order → inventory");
  await expect(route("GET /orders/{id}")).toHaveAttribute("data-impact", "none");
  await expect(route("GET /products")).toHaveAttribute("data-impact", "fails");

  await page.locator('.react-flow__node[data-id="payment"]').click();
  await expect(route("POST /orders")).toHaveAttribute("data-impact", "queues");
  await expect(route("POST /orders")).toContainText("work queues");
  await expect(inspector.getByTestId("blast-radius")).not.toContainText("Cannot start");
  await inspector.getByTestId("blast-radius").screenshot({ path: testInfo.outputPath("blast-radius.png") });
  await page.locator('.react-flow__node[data-id="config"]').click();
  await expect(inspector.getByTestId("blast-radius")).toContainText(
    "Cannot start or add replicas meanwhile: inventory, order, payment",
  );
});
