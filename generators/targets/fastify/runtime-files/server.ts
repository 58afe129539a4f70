/** packages/runtime/src/server.ts of the generated repository (see ../runtime-sources.ts). */
export const SERVER_SOURCE = `import type { IncomingMessage } from "node:http";
import { SpanStatusCode, context, type Context, type Span } from "@opentelemetry/api";
import { ATTR_HTTP_RESPONSE_STATUS_CODE, ATTR_HTTP_ROUTE } from "@opentelemetry/semantic-conventions";
import Fastify, {
  LogController,
  type FastifyBaseLogger,
  type FastifyInstance,
  type FastifyReply,
  type FastifyRequest,
} from "fastify";
import type { Logger } from "pino";
import { DependencyError, HttpError } from "./errors.js";
import { FAULT_FLAG_PATH, applyRequestFaults, registerFaultFlag } from "./faults.js";
import { createRequestLogger } from "./logger.js";
import { Metrics } from "./metrics.js";
import { failSpan, getTraceId, startServerSpan, startTracing } from "./trace.js";

export interface ServerOptions {
  readonly component: string;
  readonly logger: Logger;
  /** Checks for /readyz (broker connected, database answering); /healthz only says the process lives. */
  readonly readiness?: () => Promise<Record<string, boolean>>;
}

/** Paths that get no span (probes, scrapes and the fault flag would bury the traces that matter). */
const INTERNAL_PATHS = new Set(["/healthz", "/readyz", "/metrics", FAULT_FLAG_PATH]);

/** The SERVER span of each request in flight, from genReqId (the first code to see a request) to onResponse. */
const requestSpans = new WeakMap<IncomingMessage, { span: Span; context: Context }>();

/**
 * A Fastify instance with what every generated process shares: pino request logs, Prometheus
 * metrics on /metrics, the fault flag (faults.ts), GET /healthz (alive) and GET /readyz (dependencies ready, else 503), and
 * errors answered as JSON: an HttpError with its status (a failed dependency: 503), others 500.
 * Every request but the internal paths runs in a SERVER span (child of its \`traceparent\`); its trace id
 * is the request id, answered in \`x-trace-id\` and bound as \`traceId\` (with \`spanId\`) to its log lines.
 */
export function createServer(options: ServerOptions): { app: FastifyInstance; metrics: Metrics } {
  // main.ts starts tracing first with the design's sampling; a test that builds a server alone gets the defaults.
  startTracing(options.component);
  const app: FastifyInstance = Fastify({
    loggerInstance: options.logger as FastifyBaseLogger,
    genReqId: (req) => {
      if (INTERNAL_PATHS.has(req.url?.split("?")[0] ?? "")) return getTraceId(req.headers);
      const server = startServerSpan(req.method ?? "GET", req.url ?? "/", req.headers);
      requestSpans.set(req, server);
      return server.span.spanContext().traceId;
    },
    logController: new LogController({ requestIdLogLabel: "traceId" }),
    childLoggerFactory: (logger, bindings, childOptions, req) => {
      const server = requestSpans.get(req);
      const ids = server ? { ...bindings, spanId: server.span.spanContext().spanId } : bindings;
      return createRequestLogger(logger as Logger, ids, childOptions) as FastifyBaseLogger;
    },
  });
  const metrics = new Metrics(options.component);

  // Each route's handler runs with its request's SERVER span active (calls, publishes and logs inside see it).
  app.addHook("onRoute", (route) => {
    const handler = route.handler as (this: FastifyInstance, request: FastifyRequest, reply: FastifyReply) => unknown;
    route.handler = function (this: FastifyInstance, request: FastifyRequest, reply: FastifyReply) {
      const server = requestSpans.get(request.raw);
      return server ? context.with(server.context, () => handler.call(this, request, reply)) : handler.call(this, request, reply);
    } as typeof route.handler;
  });

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

  app.addHook("onRequest", async (request, reply) => {
    reply.header("x-trace-id", request.id);
    if (!INTERNAL_PATHS.has(request.url.split("?")[0] ?? "")) await applyRequestFaults();
  });
  registerFaultFlag(app);

  app.addHook("onResponse", async (request, reply) => {
    metrics.requests
      .labels(request.routeOptions.url ?? "unmatched", request.method, String(reply.statusCode))
      .observe(reply.elapsedTime / 1000);
    const server = requestSpans.get(request.raw);
    if (!server) return;
    requestSpans.delete(request.raw);
    const route = request.routeOptions.url;
    if (route !== undefined) {
      server.span.updateName(request.method + " " + route);
      server.span.setAttribute(ATTR_HTTP_ROUTE, route);
    }
    server.span.setAttribute(ATTR_HTTP_RESPONSE_STATUS_CODE, reply.statusCode);
    // A server's 4xx is the client's mistake, not the span's (OpenTelemetry's HTTP conventions).
    if (reply.statusCode >= 500) server.span.setStatus({ code: SpanStatusCode.ERROR });
    server.span.end();
  });
  app.addHook("onRequestAbort", async (request) => {
    const server = requestSpans.get(request.raw);
    if (!server) return;
    requestSpans.delete(request.raw);
    server.span.setStatus({ code: SpanStatusCode.ERROR, message: "aborted by the client" });
    server.span.end();
  });

  app.setErrorHandler((err, request, reply) => {
    const server = requestSpans.get(request.raw);
    if (err instanceof HttpError) {
      if (server && err.statusCode >= 500) failSpan(server.span, err);
      request.log.warn({ err: err.message, code: err.code }, "request failed");
      // A dependency's 503 also names the dependency and why (down, timeout, circuitOpen, bulkhead).
      const detail = err instanceof DependencyError ? { dependency: err.dependency, cause: err.cause } : {};
      return reply.code(err.statusCode).send({ error: err.code, message: err.message, ...detail });
    }
    const status =
      typeof (err as { statusCode?: unknown }).statusCode === "number"
        ? (err as { statusCode: number }).statusCode
        : 500;
    if (status >= 500) {
      request.log.error({ err }, "request failed");
      if (server) failSpan(server.span, err);
    }
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
