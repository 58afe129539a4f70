/**
 * Dependency versions of the generated repository, pinned exactly so that the same design gives
 * the same package.json and the same install (registry versions of 2026-11-29; fastify 5,
 * cockatiel 4, prom-client 15, pino 10, pg 8, amqplib 2 ships its own types). OpenTelemetry: the
 * SDK 2.x line and its exporter 0.223 (the 3.x line and exporter 0.300+ need Node 22.15), the API
 * 1.9 its peer range (< 1.10) asks for.
 */
export const VERSIONS = {
  "@opentelemetry/api": "1.9.1",
  "@opentelemetry/exporter-trace-otlp-http": "0.223.1",
  "@opentelemetry/resources": "2.12.1",
  "@opentelemetry/sdk-trace-node": "2.12.1",
  "@opentelemetry/semantic-conventions": "1.45.0",
  /** node-redis's client alone, for caches whose tech is redis */
  "@redis/client": "6.3.1",
  "@types/node": "20.19.25",
  "@types/pg": "8.23.1",
  amqplib: "2.3.1",
  /** for load/<workload>.ts (deploy/) */
  autocannon: "8.0.0",
  cockatiel: "4.0.0",
  fastify: "5.12.8",
  pg: "8.23.1",
  pino: "10.4.0",
  "prom-client": "15.1.3",
  /** runs load/ and chaos/ scripts (npx tsx) */
  tsx: "4.23.15",
  typescript: "5.9.3",
  vitest: "4.1.12",
} as const;

/** The version every generated workspace package carries (they depend on each other by it). */
export const PACKAGE_VERSION = "0.1.0";

/** The Node major the Dockerfiles and `engines` ask for. */
export const NODE_MAJOR = 20;
