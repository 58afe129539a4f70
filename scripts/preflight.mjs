#!/usr/bin/env node
// npm test, first step: the end-to-end tests need a Chromium. Find one (PLAYWRIGHT_CHROMIUM_PATH,
// Debian's /usr/bin/chromium, Playwright's own build), else install Debian's when this process
// can (root, apt-get), else stop now, before minutes of typecheck and build, with the command to run.
import { spawnSync } from "node:child_process";
import { accessSync, constants, existsSync } from "node:fs";
import { fileURLToPath } from "node:url";

export const SYSTEM_CHROMIUM = "/usr/bin/chromium";
export const APT_INSTALL = ["apt-get", "install", "-y", "--no-install-recommends", "chromium"];

/**
 * What to do about Chromium, from the facts of this machine:
 * { action: "use", path, source } | { action: "install", commands } | { action: "stop", message }.
 */
export function decideChromium({ envPath, isExecutable, isRoot, hasAptGet, getPlaywrightChromium }) {
  if (envPath) {
    if (isExecutable(envPath)) return { action: "use", path: envPath, source: "PLAYWRIGHT_CHROMIUM_PATH" };
    return {
      action: "stop",
      message: `PLAYWRIGHT_CHROMIUM_PATH is ${envPath}, which is not an executable file. Point it at a Chromium or Chrome binary, or unset it.`,
    };
  }
  if (isExecutable(SYSTEM_CHROMIUM)) return { action: "use", path: SYSTEM_CHROMIUM, source: "the system package" };
  const own = getPlaywrightChromium();
  if (own && isExecutable(own)) return { action: "use", path: own, source: "Playwright's own build" };
  if (hasAptGet && isRoot) return { action: "install", commands: [["apt-get", "update"], APT_INSTALL] };
  const run = hasAptGet
    ? `sudo apt-get update && sudo ${APT_INSTALL.join(" ")}`
    : "install Chromium with your package manager, then: export PLAYWRIGHT_CHROMIUM_PATH=/path/to/chromium";
  return {
    action: "stop",
    message: `npm test needs Chromium for the end-to-end tests and found none. Run:\n\n  ${run}\n`,
  };
}

/** Whether `file` exists and may be run. */
export function isExecutable(file) {
  try {
    accessSync(file, constants.X_OK);
    return true;
  } catch {
    return false;
  }
}

async function getPlaywrightChromiumPath() {
  try {
    const { chromium } = await import("playwright-core");
    return chromium.executablePath();
  } catch {
    return undefined;
  }
}

async function preflight() {
  const own = await getPlaywrightChromiumPath();
  const facts = {
    envPath: process.env.PLAYWRIGHT_CHROMIUM_PATH,
    isExecutable,
    isRoot: process.getuid?.() === 0,
    hasAptGet: existsSync("/usr/bin/apt-get"),
    getPlaywrightChromium: () => own,
  };
  let decision = decideChromium(facts);
  if (decision.action === "install") {
    console.log("preflight: no Chromium; installing Debian's chromium for the end-to-end tests");
    for (const [cmd, ...args] of decision.commands) {
      const r = spawnSync(cmd, args, { stdio: "inherit", env: { ...process.env, DEBIAN_FRONTEND: "noninteractive" } });
      if (r.status !== 0) {
        console.error(`preflight: ${cmd} ${args.join(" ")} failed (exit ${r.status ?? r.signal})`);
        return 1;
      }
    }
    decision = decideChromium({ ...facts, hasAptGet: false });
  }
  if (decision.action === "stop") {
    console.error(`preflight: ${decision.message}`);
    return 1;
  }
  console.log(`preflight: Chromium ${decision.path} (${decision.source})`);
  return 0;
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) process.exit(await preflight());
