import { defineConfig } from "vitest/config";

// Integration tests (integration/): generated repositories installed and run against the
// machine's RabbitMQ and PostgreSQL. One file at a time: they use the run contract's fixed ports.
export default defineConfig({
  test: {
    environment: "node",
    include: ["integration/**/*.test.ts"],
    testTimeout: 300_000,
    hookTimeout: 600_000,
    fileParallelism: false,
    // They generate with the built command (bin/archsim.mjs): build it from the current sources first.
    globalSetup: ["./scripts/build-cli-for-tests.mjs"],
  },
});
