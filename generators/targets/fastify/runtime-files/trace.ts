/** packages/runtime/src/trace.ts of the generated repository (see ../runtime-sources.ts). */
export const TRACE_SOURCE = `import { AsyncLocalStorage } from "node:async_hooks";
import { randomBytes } from "node:crypto";

/**
 * W3C trace context, without an OpenTelemetry SDK (exporting spans is not generated yet): each
 * request takes the trace id of its \`traceparent\` header or a new one, logs it on every line
 * (pino's \`traceId\`), answers it in \`x-trace-id\`, and passes it on to the calls it makes.
 */
const store = new AsyncLocalStorage<{ traceId: string }>();

const TRACEPARENT_RE = /^00-([0-9a-f]{32})-[0-9a-f]{16}-[0-9a-f]{2}$/;

/** The trace id of a \`traceparent\` header when it is valid (and not all zeros), else a new one. */
export function getTraceId(traceparent: string | string[] | undefined): string {
  const m = typeof traceparent === "string" ? TRACEPARENT_RE.exec(traceparent) : null;
  if (m && m[1] !== "0".repeat(32)) return m[1]!;
  return randomBytes(16).toString("hex");
}

/** Runs the rest of the request with this trace id current. */
export function enterTrace(traceId: string): void {
  store.enterWith({ traceId });
}

/** The \`traceparent\` header for an outgoing call: the current trace id, a new span id. */
export function getOutgoingTraceparent(): string | undefined {
  const current = store.getStore();
  return current ? "00-" + current.traceId + "-" + randomBytes(8).toString("hex") + "-01" : undefined;
}
`;
