/** packages/runtime/src/http-client.ts of the generated repository (see ../runtime-sources.ts). */
export const HTTP_CLIENT_SOURCE = `import type { IPolicy } from "cockatiel";
import { DependencyError } from "./errors.js";
import { isPartitionedFrom } from "./faults.js";
import { getFailureCause } from "./resilience.js";
import { getOutgoingTraceparent } from "./trace.js";

/** Headers of an outgoing call: JSON when there is a body, and the trace context. */
export function getCallHeaders(json: boolean): Record<string, string> {
  const headers: Record<string, string> = json ? { "content-type": "application/json" } : {};
  const traceparent = getOutgoingTraceparent();
  if (traceparent) headers.traceparent = traceparent;
  return headers;
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
 * Calls one route of a peer through its resilience policy. Any failure (refused connection,
 * 5xx, timeout, open circuit, full bulkhead) becomes a DependencyError, which a route answers
 * as 503 with a JSON error; an open circuit fails at once without touching the network.
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
  if (isPartitionedFrom(peer.id))
    throw new DependencyError(peer.id, "partitioned", peer.id + " is unavailable (partitioned)");
  try {
    return await policy.execute(async ({ signal }) => {
      const res = await fetch(new URL(path, peer.baseUrl), {
        method,
        signal,
        headers: getCallHeaders(input.body !== undefined),
        body: input.body === undefined ? undefined : JSON.stringify(input.body),
      });
      if (res.status >= 500) throw new CallStatusError(res.status);
      const text = await res.text();
      return text.length > 0 ? (JSON.parse(text) as unknown) : undefined;
    });
  } catch (err) {
    const cause = getFailureCause(err);
    throw new DependencyError(peer.id, cause, peer.id + " is unavailable (" + cause + ")");
  }
}
`;
