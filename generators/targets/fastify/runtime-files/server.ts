/** packages/runtime/src/server.ts of the generated repository (see ../runtime-sources.ts). */
export const SERVER_SOURCE = `import Fastify, { LogController, type FastifyBaseLogger, type FastifyInstance } from "fastify";
import type { Logger } from "pino";
import { DependencyError, HttpError } from "./errors.js";
import { enterTrace, getTraceId } from "./trace.js";
import { FAULT_FLAG_PATH, applyRequestFaults, registerFaultFlag } from "./faults.js";
import { Metrics } from "./metrics.js";

export interface ServerOptions {
  readonly component: string;
  readonly logger: Logger;
  /** Checks for /readyz (broker connected, database answering); /healthz only says the process lives. */
  readonly readiness?: () => Promise<Record<string, boolean>>;
}

/**
 * A Fastify instance with what every generated process shares: pino request logs, Prometheus
 * metrics on /metrics, the fault flag (faults.ts), GET /healthz (alive) and GET /readyz (dependencies ready, else 503), and
 * errors answered as JSON: an HttpError with its status (a failed dependency: 503), others 500.
 */
export function createServer(options: ServerOptions): { app: FastifyInstance; metrics: Metrics } {
  const app: FastifyInstance = Fastify({
    loggerInstance: options.logger as FastifyBaseLogger,
    genReqId: (req) => getTraceId(req.headers.traceparent),
    logController: new LogController({ requestIdLogLabel: "traceId" }),
  });
  const metrics = new Metrics(options.component);

  // An empty body with a JSON content type (a DELETE from a script) is no body, not a 400.
  app.removeContentTypeParser("application/json");
  app.addContentTypeParser("application/json", { parseAs: "string" }, (_request, body, done) => {
    const text = String(body);
    if (text.trim() === "") return done(null, undefined);
    try {
      done(null, JSON.parse(text));
    } catch {
      done(new HttpError(400, "bad_json", "the body is not valid JSON"), undefined);
    }
  });

  const internal = new Set(["/healthz", "/readyz", "/metrics", FAULT_FLAG_PATH]);
  app.addHook("onRequest", async (request, reply) => {
    enterTrace(request.id);
    reply.header("x-trace-id", request.id);
    if (!internal.has(request.url.split("?")[0] ?? "")) await applyRequestFaults();
  });
  registerFaultFlag(app);

  app.addHook("onResponse", async (request, reply) => {
    metrics.requests
      .labels(request.routeOptions.url ?? "unmatched", request.method, String(reply.statusCode))
      .observe(reply.elapsedTime / 1000);
  });

  app.setErrorHandler((err, request, reply) => {
    if (err instanceof HttpError) {
      request.log.warn({ err: err.message, code: err.code }, "request failed");
      // A dependency's 503 also names the dependency and why (down, timeout, circuitOpen, bulkhead).
      const detail = err instanceof DependencyError ? { dependency: err.dependency, cause: err.cause } : {};
      return reply.code(err.statusCode).send({ error: err.code, message: err.message, ...detail });
    }
    const status =
      typeof (err as { statusCode?: unknown }).statusCode === "number"
        ? (err as { statusCode: number }).statusCode
        : 500;
    if (status >= 500) request.log.error({ err }, "request failed");
    return reply
      .code(status)
      .send({ error: status >= 500 ? "internal_error" : "bad_request", message: String((err as Error).message) });
  });

  app.get("/healthz", async () => ({ status: "ok", component: options.component }));
  app.get("/readyz", async (_request, reply) => {
    const checks = (await options.readiness?.()) ?? {};
    const ready = Object.values(checks).every(Boolean);
    return reply.code(ready ? 200 : 503).send({ status: ready ? "ready" : "not ready", checks });
  });
  app.get("/metrics", async (_request, reply) =>
    reply.header("content-type", metrics.registry.contentType).send(await metrics.registry.metrics()),
  );
  return { app, metrics };
}

/** The port of a process: PORT when set, else its fixed port from the design. */
export function getPort(defaultPort: number): number {
  const fromEnv = Number(process.env.PORT);
  return Number.isInteger(fromEnv) && fromEnv > 0 ? fromEnv : defaultPort;
}
`;
