// vitest globalSetup: the CLI tests run bin/archsim.mjs, which runs dist/archsim/ — build it once
// from the current sources so no test runs a stale bundle.
import { buildCli } from "./build-cli.mjs";

export async function setup() {
  await buildCli();
}
