/** packages/runtime/src/trace.ts of the generated repository (see ../runtime-sources.ts). */
export const TRACE_SOURCE = `import { randomBytes } from "node:crypto";
import {
  ROOT_CONTEXT,
  SpanKind,
  SpanStatusCode,
  context,
  isSpanContextValid,
  propagation,
  trace,
  type Attributes,
  type Context,
  type Span,
} from "@opentelemetry/api";
import { OTLPTraceExporter } from "@opentelemetry/exporter-trace-otlp-http";
import { resourceFromAttributes } from "@opentelemetry/resources";
import {
  BatchSpanProcessor,
  NodeTracerProvider,
  ParentBasedSampler,
  SimpleSpanProcessor,
  TraceIdRatioBasedSampler,
  type Sampler,
  type SpanExporter,
  type SpanProcessor,
} from "@opentelemetry/sdk-trace-node";
import {
  ATTR_ERROR_TYPE,
  ATTR_HTTP_REQUEST_METHOD,
  ATTR_SERVICE_NAME,
  ATTR_URL_PATH,
} from "@opentelemetry/semantic-conventions";

/**
 * OpenTelemetry tracing: a SERVER span per request (server.ts), a CLIENT span per attempt of a call
 * (http-client.ts), a PRODUCER span per publish and a CONSUMER span per delivered message (broker.ts),
 * the W3C trace context carried in HTTP headers and in AMQP message headers, so one request's trace
 * crosses every process and the broker. Spans are exported over OTLP/HTTP when
 * OTEL_EXPORTER_OTLP_ENDPOINT (or OTEL_EXPORTER_OTLP_TRACES_ENDPOINT) is set; without it the context
 * still travels and the ids still reach the logs, and nothing is exported. The trace id of a request
 * is its \`x-trace-id\` and every log line's \`traceId\`.
 */

/** The instrumentation scope of the runtime's spans. */
export const TRACER_NAME = "@archsim/runtime";
/** How long a graceful shutdown waits for the last spans to be exported. */
export const TRACE_FLUSH_TIMEOUT_MS = 3000;

export interface TracingOptions {
  /**
   * Share of new traces recorded (the design's observability \`sampling\`, default 1); a span
   * inside a trace follows its parent's decision. OTEL_TRACES_SAMPLER, when set, wins.
   */
  readonly sampling?: number;
  /** Where finished spans go instead of OTLP, each at once (tests: the SDK's InMemorySpanExporter). */
  readonly exporter?: SpanExporter;
}

let provider: NodeTracerProvider | undefined;

/** Parent-based with a trace-id ratio at the root; undefined when OTEL_TRACES_SAMPLER is set (the SDK reads it). */
export function getSampler(sampling: number, env: NodeJS.ProcessEnv = process.env): Sampler | undefined {
  if (env.OTEL_TRACES_SAMPLER) return undefined;
  return new ParentBasedSampler({ root: new TraceIdRatioBasedSampler(sampling) });
}

/** Whether spans are exported over OTLP: an endpoint is configured (an empty value is none). */
export function isExportConfigured(env: NodeJS.ProcessEnv = process.env): boolean {
  return Boolean(env.OTEL_EXPORTER_OTLP_ENDPOINT || env.OTEL_EXPORTER_OTLP_TRACES_ENDPOINT);
}

/** The span processors: the given exporter, else OTLP/HTTP batches (OTEL_BSP_* apply) when configured, else none. */
export function getSpanProcessors(options: TracingOptions, env: NodeJS.ProcessEnv = process.env): SpanProcessor[] {
  if (options.exporter) return [new SimpleSpanProcessor(options.exporter)];
  // The exporter reads the endpoint, headers and timeout from the OTEL_EXPORTER_OTLP_* variables itself.
  if (isExportConfigured(env)) return [new BatchSpanProcessor(new OTLPTraceExporter())];
  return [];
}

/** A tracer provider for one process, named by its component id; not registered (startTracing does that). */
export function createTracerProvider(
  service: string,
  options: TracingOptions = {},
  env: NodeJS.ProcessEnv = process.env,
): NodeTracerProvider {
  const sampler = getSampler(options.sampling ?? 1, env);
  return new NodeTracerProvider({
    resource: resourceFromAttributes({ [ATTR_SERVICE_NAME]: service }),
    ...(sampler ? { sampler } : {}),
    spanProcessors: getSpanProcessors(options, env),
  });
}

/**
 * Starts tracing for this process (first thing in main.ts): registers the provider, the
 * AsyncLocalStorage context manager and the W3C propagator globally. Once per process; later calls
 * do nothing, so createServer can make sure of it for tests that never run main.ts.
 */
export function startTracing(service: string, options: TracingOptions = {}): void {
  if (provider) return;
  provider = createTracerProvider(service, options);
  provider.register();
}

/** Whether startTracing has run (and stopTracing has not). */
export function isTracingStarted(): boolean {
  return provider !== undefined;
}

/** Exports what is left and shuts tracing down, waiting at most TRACE_FLUSH_TIMEOUT_MS (graceful shutdown). */
export async function stopTracing(): Promise<void> {
  const stopping = provider;
  if (!stopping) return;
  provider = undefined;
  let timer: NodeJS.Timeout | undefined;
  const late = new Promise<void>((resolve) => {
    timer = setTimeout(resolve, TRACE_FLUSH_TIMEOUT_MS);
    timer.unref();
  });
  await Promise.race([stopping.shutdown().catch(() => undefined), late]);
  clearTimeout(timer);
  trace.disable();
  propagation.disable();
  context.disable();
}

/** The trace and span ids of the active span, when there is a valid one (what log lines carry). */
export function getTraceIds(): { traceId: string; spanId: string } | undefined {
  const span = trace.getActiveSpan()?.spanContext();
  return span && isSpanContextValid(span) ? { traceId: span.traceId, spanId: span.spanId } : undefined;
}

/** The W3C headers (traceparent, tracestate) of a context, the active one by default: what a call or a message carries. */
export function getTraceHeaders(ctx: Context = context.active()): Record<string, string> {
  const headers: Record<string, string> = {};
  propagation.inject(ctx, headers);
  return headers;
}

/** The context that headers carry (an HTTP request's, or an AMQP message's, whose values may be Buffers), over no parent. */
export function getContextFromHeaders(headers: unknown): Context {
  const carrier: Record<string, string> = {};
  if (headers !== null && typeof headers === "object")
    for (const field of propagation.fields()) {
      const raw = (headers as Record<string, unknown>)[field];
      const value = Array.isArray(raw) ? raw[0] : raw;
      if (typeof value === "string") carrier[field] = value;
      else if (Buffer.isBuffer(value)) carrier[field] = value.toString("utf8");
    }
  return propagation.extract(ROOT_CONTEXT, carrier);
}

/** Runs fn in the trace that headers carry (e.g. stored beside a message that is sent later). */
export function withTraceHeaders<T>(headers: unknown, fn: () => T): T {
  return context.with(getContextFromHeaders(headers), fn);
}

/** The trace id that headers carry when it is valid, else a new one (a request that gets no span). */
export function getTraceId(headers: unknown): string {
  const carried = trace.getSpanContext(getContextFromHeaders(headers));
  return carried && isSpanContextValid(carried) ? carried.traceId : randomBytes(16).toString("hex");
}

/** Marks a span failed: the exception recorded, status ERROR, error.type its name. */
export function failSpan(span: Span, err: unknown): void {
  const error = err instanceof Error ? err : new Error(String(err));
  span.recordException(error);
  span.setAttribute(ATTR_ERROR_TYPE, error.name);
  span.setStatus({ code: SpanStatusCode.ERROR, message: error.message });
}

/**
 * Runs fn in a new span, child of \`parent\` (the active context by default), with that span active:
 * it ends when fn settles, marked failed when fn throws.
 */
export async function inSpan<T>(
  name: string,
  kind: SpanKind,
  attributes: Attributes,
  fn: (span: Span) => Promise<T>,
  parent: Context = context.active(),
): Promise<T> {
  const span = trace.getTracer(TRACER_NAME).startSpan(name, { kind, attributes }, parent);
  try {
    return await context.with(trace.setSpan(parent, span), () => fn(span));
  } catch (err) {
    failSpan(span, err);
    throw err;
  } finally {
    span.end();
  }
}

/** The SERVER span of an incoming request, child of the context its headers carry; named by its route when it ends. */
export function startServerSpan(method: string, url: string, headers: unknown): { span: Span; context: Context } {
  const parent = getContextFromHeaders(headers);
  const span = trace.getTracer(TRACER_NAME).startSpan(
    method,
    {
      kind: SpanKind.SERVER,
      attributes: { [ATTR_HTTP_REQUEST_METHOD]: method, [ATTR_URL_PATH]: url.split("?")[0] ?? url },
    },
    parent,
  );
  return { span, context: trace.setSpan(parent, span) };
}

/** The messaging attributes of OpenTelemetry's semantic conventions (incubating, so spelled out here). */
function messagingAttributes(system: string, exchange: string, topic: string): Attributes {
  return {
    "messaging.system": system,
    "messaging.destination.name": exchange,
    "messaging.rabbitmq.destination.routing_key": topic,
  };
}

/** A publish in a PRODUCER span: \`send\` gets the headers that carry the span's context, to put on the message. */
export function tracePublish<T>(
  system: string,
  exchange: string,
  topic: string,
  send: (headers: Record<string, string>) => Promise<T>,
): Promise<T> {
  return inSpan(
    "publish " + topic,
    SpanKind.PRODUCER,
    { ...messagingAttributes(system, exchange, topic), "messaging.operation.type": "send" },
    () => send(getTraceHeaders()),
  );
}

/**
 * A delivered message's handling in a CONSUMER span whose parent is the PRODUCER span its headers
 * carry (a message without them starts a trace); one span per delivery, so a redelivery is another.
 */
export function traceConsume<T>(
  system: string,
  exchange: string,
  topic: string,
  queue: string,
  headers: unknown,
  attempt: number,
  handle: () => Promise<T>,
): Promise<T> {
  return inSpan(
    "process " + topic,
    SpanKind.CONSUMER,
    {
      ...messagingAttributes(system, exchange, topic),
      "messaging.operation.type": "process",
      "messaging.destination.subscription.name": queue,
      "archsim.delivery.attempt": attempt,
    },
    handle,
    getContextFromHeaders(headers),
  );
}
`;
