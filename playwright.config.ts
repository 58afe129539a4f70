import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { defineConfig, devices } from "@playwright/test";
import { CHROMIUM_ARGS, chromiumPath } from "./e2e/chromium";

/** The production server for the tests; a port of its own so a running dev server does not clash. */
const PORT = Number(process.env.E2E_PORT ?? 3123);
const BASE_URL = `http://127.0.0.1:${PORT}`;

/**
 * The server's design store for this run: a new folder, made once by the main process and
 * inherited by the workers (which load this file again), so runs never share a store.
 */
process.env.ARCHSIM_E2E_DATA ??= mkdtempSync(path.join(tmpdir(), "archsim-e2e-"));
const DATA_DIR = process.env.ARCHSIM_E2E_DATA;

// scripts/e2e.mjs picks the browser and passes it here; run directly, fall back to Debian's.
const chromium = chromiumPath();

export default defineConfig({
  testDir: "e2e",
  testMatch: "**/*.spec.ts",
  outputDir: "test-results",
  fullyParallel: true,
  forbidOnly: !!process.env.CI,
  retries: process.env.CI ? 1 : 0,
  reporter: process.env.CI ? [["list"], ["html", { open: "never", outputFolder: "playwright-report" }]] : "list",
  timeout: 60_000,
  expect: { timeout: 10_000 },
  use: {
    baseURL: BASE_URL,
    viewport: { width: 1440, height: 900 },
    trace: "retain-on-failure",
    screenshot: "only-on-failure",
  },
  projects: [
    {
      name: "chromium",
      use: {
        ...devices["Desktop Chrome"],
        viewport: { width: 1440, height: 900 },
        launchOptions: { ...(chromium ? { executablePath: chromium } : {}), args: CHROMIUM_ARGS },
      },
    },
  ],
  webServer: {
    command: "node scripts/start.mjs",
    url: BASE_URL,
    env: {
      PORT: String(PORT),
      HOST: "127.0.0.1",
      NEXT_TELEMETRY_DISABLED: "1",
      ARCHSIM_DATA: DATA_DIR,
      // Test-only pages (app/testing/) answer only here.
      ARCHSIM_TEST_PAGES: "1",
    },
    // The first run may build (about 20-60 s on 2 cores).
    timeout: 240_000,
    reuseExistingServer: !process.env.CI,
    stdout: "pipe",
    stderr: "pipe",
  },
});
