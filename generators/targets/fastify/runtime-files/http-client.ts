/** packages/runtime/src/http-client.ts of the generated repository (see ../runtime-sources.ts). */
export const HTTP_CLIENT_SOURCE = `import { SpanKind, SpanStatusCode, trace } from "@opentelemetry/api";
import {
  ATTR_ERROR_TYPE,
  ATTR_HTTP_REQUEST_METHOD,
  ATTR_HTTP_REQUEST_RESEND_COUNT,
  ATTR_HTTP_RESPONSE_STATUS_CODE,
  ATTR_SERVER_ADDRESS,
  ATTR_SERVER_PORT,
  ATTR_URL_FULL,
} from "@opentelemetry/semantic-conventions";
import type { IPolicy } from "cockatiel";
import { DependencyError, HttpError } from "./errors.js";
import { isPartitionedFrom } from "./faults.js";
import { getFailureCause } from "./resilience.js";
import { getTraceHeaders, inSpan } from "./trace.js";

/** Headers of an outgoing call: JSON when there is a body, and the active trace context. */
export function getCallHeaders(json: boolean): Record<string, string> {
  return { ...(json ? { "content-type": "application/json" } : {}), ...getTraceHeaders() };
}

/**
 * One HTTP attempt to a peer in a CLIENT span, as OpenTelemetry's HTTP conventions ask: one span per
 * request sent, so a retry is another span with \`http.request.resend_count\`. The request carries that
 * span's \`traceparent\` (the peer's SERVER span is its child); the span lasts until \`read\` has the
 * answer, and a status from 400 up, a failure or a timeout marks it failed.
 */
export async function fetchPeer<T>(
  peer: string,
  route: string,
  url: URL,
  init: RequestInit & { method: string; headers?: Record<string, string> },
  attempt: number,
  read: (res: Response) => Promise<T>,
): Promise<T> {
  const port = url.port !== "" ? Number(url.port) : url.protocol === "https:" ? 443 : 80;
  return inSpan(
    init.method + " " + route,
    SpanKind.CLIENT,
    {
      [ATTR_HTTP_REQUEST_METHOD]: init.method,
      [ATTR_URL_FULL]: url.href,
      [ATTR_SERVER_ADDRESS]: url.hostname,
      [ATTR_SERVER_PORT]: port,
      "peer.service": peer,
      ...(attempt > 0 ? { [ATTR_HTTP_REQUEST_RESEND_COUNT]: attempt } : {}),
    },
    async (span) => {
      const res = await fetch(url, { ...init, headers: { ...init.headers, ...getTraceHeaders() } });
      span.setAttribute(ATTR_HTTP_RESPONSE_STATUS_CODE, res.status);
      if (res.status >= 400) {
        span.setAttribute(ATTR_ERROR_TYPE, String(res.status));
        span.setStatus({ code: SpanStatusCode.ERROR });
      }
      return read(res);
    },
  );
}

/** What a call sends: path parameters, a query string and a JSON body, all optional. */
export interface CallInput {
  readonly params?: Readonly<Record<string, string>>;
  readonly body?: unknown;
}

/** A failed attempt: the callee answered with this status. */
export class CallStatusError extends Error {
  constructor(readonly status: number) {
    super("answered " + status);
  }
}

/**
 * Calls one route of a peer through its resilience policy, each attempt in its own CLIENT span
 * (fetchPeer). Any failure (refused connection, 5xx, timeout, open circuit, full bulkhead) becomes a
 * DependencyError, which a route answers as 503 with a JSON error; an open circuit fails at once
 * without touching the network (no attempt, so no CLIENT span: an event on the caller's span says so).
 */
export async function callPeer(
  policy: IPolicy,
  peer: { readonly id: string; readonly baseUrl: string },
  method: string,
  pathTemplate: string,
  input: CallInput = {},
): Promise<unknown> {
  const path = pathTemplate.replace(/\\{([^}]+)\\}/g, (_m, name: string) => {
    const value = input.params?.[name];
    if (value === undefined) throw new Error("missing path parameter " + name + " for " + pathTemplate);
    return encodeURIComponent(value);
  });
  const unavailable = (cause: string) => {
    trace.getActiveSpan()?.addEvent("dependency unavailable", { "peer.service": peer.id, [ATTR_ERROR_TYPE]: cause });
    return new DependencyError(peer.id, cause, peer.id + " is unavailable (" + cause + ")");
  };
  if (isPartitionedFrom(peer.id)) throw unavailable("partitioned");
  let attempt = 0;
  let answer: { status: number; body: unknown };
  try {
    answer = await policy.execute(({ signal }) =>
      fetchPeer(
        peer.id,
        pathTemplate,
        new URL(path, peer.baseUrl),
        {
          method,
          signal,
          headers: getCallHeaders(input.body !== undefined),
          body: input.body === undefined ? undefined : JSON.stringify(input.body),
        },
        attempt++,
        async (res) => {
          if (res.status >= 500) throw new CallStatusError(res.status);
          const text = await res.text();
          if (res.status < 400) return { status: res.status, body: text.length > 0 ? (JSON.parse(text) as unknown) : undefined };
          let body: unknown = text;
          try {
            body = JSON.parse(text) as unknown;
          } catch {
            // a 4xx whose body is not JSON: its text is the message
          }
          return { status: res.status, body };
        },
      ),
    );
  } catch (err) {
    throw unavailable(getFailureCause(err));
  }
  if (answer.status >= 400) throw refusedBy(peer.id, answer.status, answer.body);
  return answer.body;
}

/**
 * A peer's 4xx answer (it refused the request: not found, conflict, invalid): the caller answers the
 * same status, with the peer's error code and message. It is the peer's decision, not a failure:
 * it is not retried and does not count against the circuit breaker.
 */
function refusedBy(peerId: string, status: number, body: unknown): HttpError {
  const fields = body !== null && typeof body === "object" ? (body as { error?: unknown; message?: unknown }) : {};
  const code = typeof fields.error === "string" ? fields.error : "refused";
  const detail = typeof fields.message === "string" ? fields.message : typeof body === "string" ? body : "";
  return new HttpError(status, code, peerId + " answered " + status + (detail ? ": " + detail.slice(0, 500) : ""));
}
`;
