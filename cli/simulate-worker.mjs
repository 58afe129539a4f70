// Worker bootstrap when the CLI runs from its TypeScript sources (vitest, tsx): compile the worker
// with tsx. The built CLI has its own dist/archsim/simulate-worker.mjs at the same relative place.
import { register } from "tsx/esm/api";

register();
await import("./simulate-worker.ts");
