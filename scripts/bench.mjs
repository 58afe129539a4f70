#!/usr/bin/env node
// npm run bench: builds the CLI (dist/archsim/, whose engine.mjs is bundled as a production
// build ships it, const enums inlined across files), bundles bench/run.ts around that same
// engine.mjs — imported, not copied — and runs it with plain node.
import { spawnSync } from "node:child_process";
import { fileURLToPath } from "node:url";
import { build } from "esbuild";
import { buildCli, externalEngine } from "./build-cli.mjs";

const root = fileURLToPath(new URL("..", import.meta.url));
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
