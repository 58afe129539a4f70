import { defineConfig } from "vitest/config";

export default defineConfig({
  test: {
    environment: "node",
    include: ["**/*.test.ts"],
    exclude: ["node_modules/**", ".next/**", "e2e/**", "test-results/**", ".scratch/**", ".stryker-tmp/**"],
    testTimeout: 60_000,
  },
});
