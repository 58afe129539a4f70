#!/usr/bin/env node
// npm run bench: builds the CLI (dist/archsim/, whose engine.mjs is bundled as a production
// build ships it, const enums inlined across files), bundles bench/run.ts around that same
// engine.mjs — imported, not copied — and runs it with plain node.
import { spawnSync } from "node:child_process";
import { fileURLToPath } from "node:url";
import { build } from "esbuild";
import { buildCli, externalEngine } from "./build-cli.mjs";

const root = fileURLToPath(new URL("..", import.meta.url));
// `npm run bench -- --canvas [options]`: the canvas benchmark instead (bench/canvas.ts, the same
// as `npm run bench:canvas`); it needs a production build (`next build`) and Chromium.
if (process.argv.includes("--canvas")) {
  const args = process.argv.slice(2).filter((a) => a !== "--canvas");
  const tsx = `${root}node_modules/.bin/tsx`;
  const r = spawnSync(tsx, [`${root}bench/canvas.ts`, ...args], { stdio: "inherit", cwd: root });
  process.exit(r.status ?? 1);
}
const outfile = `${root}bench/run.bundle.mjs`;
await buildCli();
await build({
  entryPoints: [`${root}bench/run.ts`],
  bundle: true,
  platform: "node",
  format: "esm",
  target: "node20",
  packages: "external",
  outfile,
  logLevel: "warning",
  plugins: [externalEngine("../dist/archsim/engine.mjs")],
});
console.log("bench: the engine is dist/archsim/engine.mjs, the one the built CLI runs; node", process.version);
const r = spawnSync(process.execPath, [outfile, ...process.argv.slice(2)], { stdio: "inherit", cwd: root });
process.exit(r.status ?? 1);
