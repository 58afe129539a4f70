/** packages/runtime/src/logger.ts of the generated repository (see ../runtime-sources.ts). */
export const LOGGER_SOURCE = `import { pino, type Logger } from "pino";

export type { Logger };

/** A pino logger (JSON lines on stdout) that names the component in every line; LOG_LEVEL sets the level. */
export function createLogger(component: string): Logger {
  return pino({ level: process.env.LOG_LEVEL ?? "info", base: { component } });
}
`;
