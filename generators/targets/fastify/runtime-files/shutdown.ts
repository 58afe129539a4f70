/** packages/runtime/src/shutdown.ts of the generated repository (see ../runtime-sources.ts). */
export const SHUTDOWN_SOURCE = `import type { Logger } from "pino";
import { stopTracing } from "./trace.js";

/** How long a graceful shutdown may take before the process exits anyway. */
export const SHUTDOWN_GRACE_MS = 10_000;

/**
 * On SIGTERM or SIGINT: runs the closers in order (stop listening, flush the outbox, close the
 * broker and the database), exports the last spans (stopTracing), then exits; exits with 1 if all
 * that takes past SHUTDOWN_GRACE_MS.
 */
export function onShutdown(log: Logger, closers: readonly (() => Promise<unknown>)[]): void {
  let closing = false;
  const close = async (signal: string) => {
    if (closing) return;
    closing = true;
    log.info({ signal }, "shutting down");
    setTimeout(() => {
      log.error("shutdown took too long; exiting");
      process.exit(1);
    }, SHUTDOWN_GRACE_MS).unref();
    for (const closer of closers) {
      try {
        await closer();
      } catch (err) {
        log.warn({ err: String(err) }, "a closer failed during shutdown");
      }
    }
    await stopTracing();
    process.exit(0);
  };
  process.once("SIGTERM", () => void close("SIGTERM"));
  process.once("SIGINT", () => void close("SIGINT"));
}
`;
