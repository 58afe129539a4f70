/** packages/runtime/src/index.ts of the generated repository (see ../runtime-sources.ts). */
export const INDEX_SOURCE = `/**
 * @archsim/runtime: what every generated process shares (archsim-owned: regenerated each time).
 */
export * from "./broker.js";
export * from "./cache.js";
export * from "./config.js";
export * from "./discovery.js";
export * from "./errors.js";
export * from "./faults.js";
export * from "./http-client.js";
export * from "./logger.js";
export * from "./metrics.js";
export * from "./outbox.js";
export * from "./rate-limit.js";
export * from "./repository.js";
export * from "./resilience.js";
export * from "./server.js";
export * from "./shutdown.js";
export * from "./steps.js";
export * from "./synthetic.js";
export * from "./trace.js";
`;
