#!/usr/bin/env node
// The archsim command. The sources are TypeScript; tsx compiles them on the fly.
import { register } from "tsx/esm/api";

// A reader that stops early (`archsim ... | head`) closes the pipe: stop quietly, as Unix tools do.
for (const stream of [process.stdout, process.stderr]) {
  stream.on("error", (e) => {
    if (e.code === "EPIPE") process.exit(process.exitCode ?? 0);
    throw e;
  });
}

register();
const { main } = await import("../cli/main.ts");
process.exitCode = await main(process.argv.slice(2));
