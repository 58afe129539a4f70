/**
 * Mutation testing of the engine and the design checks: `npm run mutate`. Each mutant runs only
 * the tests that cover it (perTest), from the fast suite in vitest.mutate.config.mts. Incremental:
 * results of unchanged code and tests are reused from reports/stryker-incremental.json.
 * StrykerJS 9.6, not 10: 10.x refuses to run on Node 20, which the project supports.
 * @type {import("@stryker-mutator/api/core").PartialStrykerOptions}
 */
const config = {
  testRunner: "vitest",
  plugins: ["@stryker-mutator/vitest-runner"],
  vitest: { configFile: "vitest.mutate.config.mts" },
  mutate: ["simulator/**/*.ts", "!simulator/**/*.test.ts", "!simulator/testing/**", "model/validate.ts"],
  coverageAnalysis: "perTest",
  // Mutants in module-level code would need every test; they are few and not worth the time.
  ignoreStatic: true,
  incremental: true,
  incrementalFile: "reports/stryker-incremental.json",
  concurrency: 2,
  // A mutant that loops forever is cut 2 s past 1.5 × its tests' time (and by Stryker's hit limit).
  timeoutMS: 2000,
  timeoutFactor: 1.5,
  thresholds: { high: 80, low: 60, break: null },
  reporters: ["clear-text", "progress", "html"],
  htmlReporter: { fileName: "reports/mutation/index.html" },
  tempDirName: ".stryker-tmp",
  ignorePatterns: [".next", "test-results", "playwright-report", ".scratch", "data", "e2e", "bench/results.json"],
  cleanTempDir: "always",
};

export default config;
