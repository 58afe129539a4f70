import { defineConfig } from "vitest/config";

/**
 * The fast, exact suite `npm run mutate` runs against every mutant: unit tests of the engine
 * and metrics, the exact semantics tests on tiny designs, and the model's validation tests.
 * The long analytic, statistical and end-to-end suites (analytic, ecommerce, property,
 * testing/, semantics.test.ts, run.test.ts, model corpus/qa/parse) stay in `npm test` only.
 */
export default defineConfig({
  test: {
    environment: "node",
    include: [
      "simulator/engine/*.test.ts",
      "simulator/metrics/*.test.ts",
      "simulator/semantics-*.test.ts",
      "model/validate.test.ts",
      "model/schema.test.ts",
      "model/units.test.ts",
      "model/suggest.test.ts",
    ],
    // A safety net, not a timing: the model's large-design tests take seconds on a loaded machine.
    testTimeout: 60_000,
    // Every file imports the same engine: sharing modules between files spares a re-import per mutant run.
    isolate: false,
  },
});
