#!/usr/bin/env node
// The archsim command. The sources are TypeScript; tsx compiles them on the fly.
import { register } from "tsx/esm/api";

register();
const { main } = await import("../cli/main.ts");
process.exitCode = await main(process.argv.slice(2));
