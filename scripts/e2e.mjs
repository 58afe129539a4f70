#!/usr/bin/env node
// npm run test:e2e: pick a Chromium, then run the Playwright suite with it.
//
// The browser, first found wins:
//   1. PLAYWRIGHT_CHROMIUM_PATH, if set (it must exist);
//   2. /usr/bin/chromium (Debian's package);
//   3. Playwright's own build, installed with `npx playwright install chromium` if missing
//      (this needs network access to Playwright's CDN).
// The choice reaches playwright.config.ts through PLAYWRIGHT_CHROMIUM_PATH. Extra arguments
// are passed on: `node scripts/e2e.mjs --grep canvas`.
import { spawnSync } from "node:child_process";
import { existsSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { isExecutable, SYSTEM_CHROMIUM } from "./preflight.mjs";

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
const npx = process.platform === "win32" ? "npx.cmd" : "npx";

function fail(message) {
  console.error(`archsim e2e: ${message}`);
  process.exit(1);
}

async function getPlaywrightChromium() {
  const { chromium } = await import("playwright-core");
  return chromium.executablePath();
}

async function pickChromium() {
  const fromEnv = process.env.PLAYWRIGHT_CHROMIUM_PATH;
  if (fromEnv) {
    if (!isExecutable(fromEnv)) fail(`PLAYWRIGHT_CHROMIUM_PATH is ${fromEnv}, which is not an executable file`);
    return { path: fromEnv, source: "PLAYWRIGHT_CHROMIUM_PATH" };
  }
  if (isExecutable(SYSTEM_CHROMIUM)) return { path: SYSTEM_CHROMIUM, source: "the system package" };

  let own = await getPlaywrightChromium();
  if (!existsSync(own)) {
    console.log(
      `archsim e2e: no ${SYSTEM_CHROMIUM} and no Playwright Chromium; trying npx playwright install chromium ...`,
    );
    const install = spawnSync(npx, ["playwright", "install", "chromium"], { cwd: root, stdio: "inherit" });
    own = await getPlaywrightChromium();
    if (install.status !== 0 || !existsSync(own)) {
      fail(
        [
          "no Chromium to run the end-to-end tests with.",
          `  - PLAYWRIGHT_CHROMIUM_PATH is not set`,
          `  - ${SYSTEM_CHROMIUM} does not exist (Debian/Ubuntu: apt-get install chromium)`,
          `  - npx playwright install chromium failed (exit ${install.status ?? install.signal}); it needs access to Playwright's download CDN`,
          "Install one of them, or point PLAYWRIGHT_CHROMIUM_PATH at a Chromium or Chrome binary.",
        ].join("\n"),
      );
    }
  }
  return { path: own, source: "Playwright's own build" };
}

const chromium = await pickChromium();
console.log(`archsim e2e: using Chromium ${chromium.path} (${chromium.source})`);

const result = spawnSync(npx, ["playwright", "test", ...process.argv.slice(2)], {
  cwd: root,
  stdio: "inherit",
  env: { ...process.env, PLAYWRIGHT_CHROMIUM_PATH: chromium.path, NEXT_TELEMETRY_DISABLED: "1" },
});
if (result.error) fail(`could not run npx playwright test: ${result.error.message}`);
process.exit(result.status ?? 1);
