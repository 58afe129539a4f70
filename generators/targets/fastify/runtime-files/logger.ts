/** packages/runtime/src/logger.ts of the generated repository (see ../runtime-sources.ts). */
export const LOGGER_SOURCE = `import { pino, type Bindings, type ChildLoggerOptions, type DestinationStream, type Logger } from "pino";
import { getTraceIds } from "./trace.js";

export type { Logger };

/** Request loggers (createRequestLogger): their trace ids are bindings already, so the mixin adds none. */
const requestLoggers = new WeakSet<Logger>();

/**
 * A pino logger (JSON lines on stdout, or \`destination\`) that names the component in every line and
 * the active span's \`traceId\` and \`spanId\` in every line written inside a trace (a request's
 * handler, a consumed message); LOG_LEVEL sets the level.
 */
export function createLogger(component: string, destination?: DestinationStream): Logger {
  const options = {
    level: process.env.LOG_LEVEL ?? "info",
    base: { component },
    mixin: (_merge: object, _level: number, logger: Logger) => (requestLoggers.has(logger) ? {} : (getTraceIds() ?? {})),
  };
  return destination ? pino(options, destination) : pino(options);
}

/** The logger of one request: its trace id and SERVER span id bound to every line (fastify's childLoggerFactory). */
export function createRequestLogger(parent: Logger, bindings: Bindings, options: ChildLoggerOptions): Logger {
  const child = parent.child(bindings, options);
  requestLoggers.add(child);
  return child;
}
`;
