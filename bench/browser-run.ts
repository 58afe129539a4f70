/**
 * `npm run bench:run`: a scenario run in the designer against the same run in the CLI. Build
 * first (`npm run build`, which also builds the CLI). Starts the production app on its own port
 * with a fresh store, opens the e-commerce example in headless Chromium, runs `peak-sale` at
 * full speed from the run panel and times the click on Run to the panel saying done (worker
 * start, parsing and the result's trip back included); then times the whole `archsim simulate`
 * process on the same scenario (Node's start-up included). Prints each time, the medians and
 * their ratio (the target: the browser within 1.5× of the CLI).
 *
 *   tsx bench/browser-run.ts [--runs 3] [--scenario peak-sale] [--port 3411]
 */
import { spawnSync } from "node:child_process";
import { readFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { chromium } from "playwright-core";
import { CHROMIUM_ARGS, chromiumPath } from "../e2e/chromium";
import { startServer, storeDesign } from "./app-server";
import { median } from "./frames";

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
const EXAMPLE = "examples/ecommerce.yaml";

function option(name: string, fallback: string): string {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 && process.argv[i + 1] ? process.argv[i + 1]! : fallback;
}

async function main() {
  const runs = Number(option("runs", "3"));
  const scenario = option("scenario", "peak-sale");
  const port = Number(option("port", "3411"));
  console.log(`browser vs CLI: ${scenario} of ${EXAMPLE}, ${runs} runs each; ${os.cpus().length} cores (shared)`);

  const cli: number[] = [];
  for (let i = 0; i < runs; i++) {
    const t0 = performance.now();
    const r = spawnSync(process.execPath, ["bin/archsim.mjs", "simulate", EXAMPLE, "--scenario", scenario, "--json"], {
      cwd: ROOT,
      stdio: ["ignore", "ignore", "pipe"],
      maxBuffer: 64 * 1024 * 1024,
    });
    if (r.status !== 0) throw new Error(`archsim simulate failed: ${r.stderr}`);
    cli.push(performance.now() - t0);
  }

  const server = await startServer(ROOT, port);
  const browser = await chromium.launch({ executablePath: chromiumPath() ?? "/usr/bin/chromium", args: CHROMIUM_ARGS });
  const inBrowser: number[] = [];
  try {
    const text = readFileSync(path.join(ROOT, EXAMPLE), "utf8");
    for (let i = 0; i < runs; i++) {
      const page = await browser.newPage({ viewport: { width: 1440, height: 900 } });
      const id = await storeDesign(server.url, text);
      await page.goto(`${server.url}/designs/${id}`);
      await page.locator('[data-testid="design-canvas"][data-ready="true"]').waitFor({ timeout: 60_000 });
      await page.getByRole("button", { name: "Simulate" }).click();
      const panel = page.getByTestId("run-panel");
      await panel.getByRole("combobox", { name: "Scenario" }).selectOption(scenario);
      await panel.getByRole("combobox", { name: "Speed" }).selectOption("max");
      const t0 = performance.now();
      await panel.getByRole("button", { name: "Run" }).click();
      await panel.locator('[data-testid="run-status"][data-status="done"]').waitFor({ timeout: 300_000 });
      inBrowser.push(performance.now() - t0);
      await page.close();
    }
  } finally {
    await browser.close();
    await server.stop();
  }
  const fmt = (xs: number[]) => xs.map((x) => `${Math.round(x)}`).join(", ");
  console.log(`  CLI process     ms: ${fmt(cli)}  (median ${Math.round(median(cli))})`);
  console.log(`  in the browser  ms: ${fmt(inBrowser)}  (median ${Math.round(median(inBrowser))})`);
  console.log(`  ratio browser / CLI (medians): ${(median(inBrowser) / median(cli)).toFixed(2)}`);
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? (error.stack ?? error.message) : error);
  process.exit(1);
});
