#!/usr/bin/env node
// Generates a design into a folder, installs it and runs its typecheck and tests:
//   node scripts/check-generated.mjs [design.yaml] [--out <dir>] [--no-test]
// Default design examples/ecommerce.yaml, default folder $TMPDIR/archsim-check-<design name>
// (node_modules is kept between runs, so a second run installs in seconds). Exits non-zero on the
// first failing step; prints each step's time.
import { execFileSync } from "node:child_process";
import { mkdirSync, readFileSync, readdirSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { basename, dirname, join } from "node:path";
import { tsImport } from "tsx/esm/api";

const args = process.argv.slice(2);
const outAt = args.indexOf("--out");
const out = outAt >= 0 ? args[outAt + 1] : undefined;
const runTests = !args.includes("--no-test");
const designPath =
  args.find((a, i) => !a.startsWith("--") && (outAt < 0 || i !== outAt + 1)) ?? "examples/ecommerce.yaml";
const dir = out ?? join(tmpdir(), `archsim-check-${basename(designPath).replace(/\.[^.]+$/, "")}`);

const { parseDesign } = await tsImport("../model/index.ts", import.meta.url);
const { generateRepo } = await tsImport("../generators/generate.ts", import.meta.url);
const parsed = parseDesign(readFileSync(designPath, "utf8"));
if (!parsed.design) {
  console.error(`${designPath} does not validate`);
  process.exit(1);
}
const files = generateRepo(parsed.design);

// Rewrite everything but node_modules, so files a previous run wrote and this one did not are gone.
mkdirSync(dir, { recursive: true });
for (const entry of readdirSync(dir))
  if (entry !== "node_modules" && entry !== "package-lock.json")
    rmSync(join(dir, entry), { recursive: true, force: true });
for (const f of files.values()) {
  mkdirSync(dirname(join(dir, f.path)), { recursive: true });
  writeFileSync(join(dir, f.path), f.content);
}
console.log(`${designPath}: ${files.size} files → ${dir}`);

function step(name, cmd, cmdArgs) {
  const t0 = process.hrtime.bigint();
  try {
    execFileSync(cmd, cmdArgs, { cwd: dir, stdio: "inherit" });
  } catch {
    console.error(`FAILED: ${name}`);
    process.exit(1);
  }
  console.log(`ok: ${name} (${(Number(process.hrtime.bigint() - t0) / 1e9).toFixed(1)} s)`);
}
step("npm install", "npm", ["install", "--no-audit", "--no-fund", "--loglevel=error"]);
step("npm run typecheck (tsc --noEmit in every package)", "npm", ["run", "-s", "typecheck"]);
if (runTests) step("npm test (vitest in every service)", "npm", ["test", "-s"]);
