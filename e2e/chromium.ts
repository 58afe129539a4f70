/** The Chromium that e2e tests and the canvas benchmark drive, and how it is started. */
import { existsSync } from "node:fs";

/** Flags for a sandboxless, offline machine: no GPU, no QUIC, no background calls home. */
export const CHROMIUM_ARGS = [
  "--no-sandbox",
  "--disable-gpu",
  "--disable-quic",
  "--no-first-run",
  "--disable-background-networking",
  "--disable-component-update",
  "--disable-sync",
];

/** PLAYWRIGHT_CHROMIUM_PATH (scripts/e2e.mjs sets it), else Debian's chromium where present. */
export function chromiumPath(): string | undefined {
  return process.env.PLAYWRIGHT_CHROMIUM_PATH || (existsSync("/usr/bin/chromium") ? "/usr/bin/chromium" : undefined);
}
