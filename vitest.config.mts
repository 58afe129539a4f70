import { defineConfig } from "vitest/config";

export default defineConfig({
  test: {
    environment: "node",
    include: ["**/*.test.ts"],
    exclude: [
      "node_modules/**",
      ".next/**",
      "e2e/**",
      "integration/**",
      "test-results/**",
      ".scratch/**",
      ".stryker-tmp/**",
    ],
    testTimeout: 60_000,
    // Tests run the built command (bin/archsim.mjs): build it from the current sources first.
    globalSetup: ["./scripts/build-cli-for-tests.mjs"],
  },
});
