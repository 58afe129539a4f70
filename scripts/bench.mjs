#!/usr/bin/env node
// npm run bench: bundles bench/run.ts with esbuild — as a production build of the engine is
// bundled, which inlines const enums across files — then runs it with plain node.
import { spawnSync } from "node:child_process";
import { fileURLToPath } from "node:url";
import { build } from "esbuild";

const root = fileURLToPath(new URL("..", import.meta.url));
const outfile = `${root}bench/run.bundle.mjs`;
await build({
  entryPoints: [`${root}bench/run.ts`],
  bundle: true,
  platform: "node",
  format: "esm",
  target: "node20",
  packages: "external",
  outfile,
  logLevel: "warning",
});
console.log("bench: engine bundled with esbuild (bench/run.bundle.mjs), run with node", process.version);
const r = spawnSync(process.execPath, [outfile, ...process.argv.slice(2)], { stdio: "inherit", cwd: root });
process.exit(r.status ?? 1);
