// Worker bootstrap: compile the TypeScript worker with tsx, as bin/archsim.mjs does for the CLI.
import { register } from "tsx/esm/api";

register();
await import("./simulate-worker.ts");
