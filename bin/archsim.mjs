#!/usr/bin/env node
// The archsim command of a checkout: runs the bundle in dist/archsim/ that `npm install`
// (prepare), `npm run build` and `npm run archsim` make from the sources (scripts/build-cli.mjs).
import { existsSync } from "node:fs";

const entry = new URL("../dist/archsim/archsim.mjs", import.meta.url);
if (!existsSync(entry)) {
  process.stderr.write(
    "archsim: the command is not built in this checkout: run `npm run build:cli` (npm install does it),\n" +
      "or `npm run archsim -- <command>`, which builds it from the current sources first.\n",
  );
  process.exit(2);
}
await import(entry.href);
