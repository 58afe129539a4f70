import { defineConfig, globalIgnores } from "eslint/config";
import nextVitals from "eslint-config-next/core-web-vitals";
import nextTs from "eslint-config-next/typescript";

const pureRestrictions = {
  "no-restricted-properties": [
    "error",
    { object: "Math", property: "random", message: "Pass a seeded Rng in: runs must be deterministic." },
    { object: "Date", property: "now", message: "Pass a Clock in: no ambient time in pure code." },
    { object: "performance", property: "now", message: "Pass a Clock in: no ambient time in pure code." },
  ],
  "no-restricted-globals": [
    "error",
    { name: "setTimeout", message: "No timers in pure code: simulated time only." },
    { name: "setInterval", message: "No timers in pure code: simulated time only." },
    { name: "setImmediate", message: "No timers in pure code: simulated time only." },
    { name: "window", message: "No DOM in pure code." },
    { name: "document", message: "No DOM in pure code." },
    { name: "process", message: "No Node globals in pure code." },
  ],
  "no-restricted-imports": [
    "error",
    {
      patterns: [
        {
          group: [
            "node:*",
            "fs",
            "path",
            "os",
            "child_process",
            "worker_threads",
            "react",
            "react-dom",
            "next",
            "next/*",
          ],
          message: "model/, simulator/ and generators/ are pure: no Node built-ins, React or Next.",
        },
      ],
    },
  ],
};

export default defineConfig([
  ...nextVitals,
  ...nextTs,
  {
    rules: {
      "@typescript-eslint/no-unused-vars": ["error", { argsIgnorePattern: "^_", varsIgnorePattern: "^_" }],
    },
  },
  {
    files: ["model/**/*.ts", "simulator/**/*.ts", "generators/**/*.ts"],
    ignores: ["**/*.test.ts", "**/*.bench.ts"],
    rules: pureRestrictions,
  },
  globalIgnores([
    ".next/**",
    "node_modules/**",
    "test-results/**",
    "playwright-report/**",
    ".scratch/**",
    "next-env.d.ts",
    "public/**",
    "bench/*.bundle.mjs",
    "dist/**",
    ".stryker-tmp/**",
    "reports/**",
  ]),
]);
