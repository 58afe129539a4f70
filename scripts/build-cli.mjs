#!/usr/bin/env node
// Bundles the archsim command with esbuild into dist/archsim/, a package with no dependencies:
//   engine.mjs           model/ + simulator/ (+ zod, yaml): imported by the CLI, its workers and the bench
//   archsim.mjs          the command (cli/entry.ts); commands are chunks loaded on use, so --help stays lean
//   simulate-worker.mjs  the worker thread of --replications
//   package.json         { name, version, bin } and no dependencies: `npm pack dist/archsim` is the CLI
// Run by `npm install` (prepare), `npm run build`, `npm run archsim`, `npm run bench` and the unit tests.
import { cpSync, existsSync, mkdirSync, readFileSync, renameSync, rmSync, writeFileSync } from "node:fs";
import { dirname, resolve } from "node:path";
import { fileURLToPath } from "node:url";

const root = fileURLToPath(new URL("..", import.meta.url));
export const CLI_DIR = `${root}dist/archsim`;
const ENGINE_SOURCE = resolve(root, "cli/engine");

const common = {
  bundle: true,
  platform: "node",
  format: "esm",
  target: "node20",
  outExtension: { ".js": ".mjs" },
  logLevel: "warning",
};

/** Resolves cli/engine.ts to the engine bundle instead of inlining it. */
export function externalEngine(path) {
  return {
    name: "external-engine",
    setup(b) {
      b.onResolve({ filter: /(^|\/)engine$/ }, (args) =>
        args.kind !== "entry-point" && resolve(dirname(args.importer), args.path) === ENGINE_SOURCE
          ? { path, external: true }
          : undefined,
      );
    },
  };
}

/** Builds dist/archsim/ from the current sources; returns its path. */
export async function buildCli() {
  const { build } = await import("esbuild");
  // Build beside, then swap, so a reader never sees a half-written directory.
  const tmp = `${root}dist/.archsim-${process.pid}`;
  rmSync(tmp, { recursive: true, force: true });
  mkdirSync(tmp, { recursive: true });
  await build({
    ...common,
    entryPoints: { engine: `${ENGINE_SOURCE}.ts` },
    outdir: tmp,
    // yaml is CommonJS and requires "process": give the ES module a require.
    banner: {
      js: 'import { createRequire as __archsimRequire } from "node:module";\nconst require = __archsimRequire(import.meta.url);',
    },
  });
  await build({
    ...common,
    entryPoints: { archsim: `${root}cli/entry.ts`, "simulate-worker": `${root}cli/simulate-worker.ts` },
    outdir: tmp,
    splitting: true,
    chunkNames: "chunk-[hash]",
    plugins: [externalEngine("./engine.mjs")],
  });
  const pkg = JSON.parse(readFileSync(`${root}package.json`, "utf8"));
  const cliPackage = {
    name: pkg.name,
    version: pkg.version,
    description: pkg.description,
    type: "module",
    bin: { archsim: "archsim.mjs" },
    engines: pkg.engines,
    license: pkg.license,
  };
  writeFileSync(`${tmp}/package.json`, `${JSON.stringify(cliPackage, null, 2)}\n`);
  cpSync(`${root}docs/cli.md`, `${tmp}/README.md`);
  rmSync(CLI_DIR, { recursive: true, force: true });
  renameSync(tmp, CLI_DIR);
  return CLI_DIR;
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  try {
    await buildCli();
  } catch (e) {
    // `npm install --omit=dev` runs prepare without esbuild: nothing to build with, and nothing wrong.
    if (process.argv.includes("--if-esbuild") && e?.code === "ERR_MODULE_NOT_FOUND" && /esbuild/.test(e.message)) {
      console.log("archsim: esbuild is not installed (a production install), so the CLI is not built");
      process.exit(0);
    }
    throw e;
  }
  if (!process.argv.includes("--quiet") && existsSync(CLI_DIR))
    console.log("archsim: built dist/archsim (npm pack ./dist/archsim makes the installable CLI)");
}
