import type { FileMapBuilder } from "../../file-map";
import { RUNTIME_SOURCES } from "./runtime-sources";
import { PACKAGE_VERSION, VERSIONS } from "./versions";

/** Writes packages/runtime: the "@archsim/runtime" library (archsim-owned, the same for every design). */
export function addRuntimePackage(b: FileMapBuilder): void {
  const pkg = {
    name: "@archsim/runtime",
    version: PACKAGE_VERSION,
    private: true,
    type: "module",
    main: "dist/index.js",
    types: "dist/index.d.ts",
    scripts: {
      build: "tsc -p tsconfig.json",
      typecheck: "tsc --noEmit -p tsconfig.json && tsc --noEmit -p tsconfig.test.json",
      test: "vitest run",
    },
    dependencies: {
      "@opentelemetry/api": VERSIONS["@opentelemetry/api"],
      "@opentelemetry/exporter-trace-otlp-http": VERSIONS["@opentelemetry/exporter-trace-otlp-http"],
      "@opentelemetry/resources": VERSIONS["@opentelemetry/resources"],
      "@opentelemetry/sdk-trace-node": VERSIONS["@opentelemetry/sdk-trace-node"],
      "@opentelemetry/semantic-conventions": VERSIONS["@opentelemetry/semantic-conventions"],
      "@redis/client": VERSIONS["@redis/client"],
      amqplib: VERSIONS.amqplib,
      cockatiel: VERSIONS.cockatiel,
      fastify: VERSIONS.fastify,
      pg: VERSIONS.pg,
      pino: VERSIONS.pino,
      "prom-client": VERSIONS["prom-client"],
    },
    devDependencies: {
      "@types/node": VERSIONS["@types/node"],
      "@types/pg": VERSIONS["@types/pg"],
      typescript: VERSIONS.typescript,
      vitest: VERSIONS.vitest,
    },
  };
  b.add("packages/runtime/package.json", JSON.stringify(pkg, null, 2));
  b.add(
    "packages/runtime/tsconfig.json",
    JSON.stringify(
      {
        extends: "../../tsconfig.base.json",
        compilerOptions: { rootDir: "src", outDir: "dist" },
        include: ["src"],
      },
      null,
      2,
    ),
  );
  b.add(
    "packages/runtime/tsconfig.test.json",
    JSON.stringify(
      { extends: "../../tsconfig.base.json", compilerOptions: { noEmit: true }, include: ["src", "test"] },
      null,
      2,
    ),
  );
  for (const [path, source] of Object.entries(RUNTIME_SOURCES)) b.add(`packages/runtime/${path}`, source);
}
