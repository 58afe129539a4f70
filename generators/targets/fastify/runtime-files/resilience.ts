/** packages/runtime/src/resilience.ts of the generated repository (see ../runtime-sources.ts). */
export const RESILIENCE_SOURCE = `import {
  BrokenCircuitError,
  BulkheadRejectedError,
  CountBreaker,
  ExponentialBackoff,
  TaskCancelledError,
  TimeoutStrategy,
  bulkhead,
  circuitBreaker,
  fullJitterGenerator,
  handleWhen,
  noJitterGenerator,
  noop,
  retry,
  timeout,
  wrap,
  type IPolicy,
} from "cockatiel";
import { HttpError } from "./errors.js";

/** The design's resilience for one caller → callee pair (durations in ms). */
export interface ResilienceSpec {
  readonly timeoutMs?: number;
  readonly retries?: { readonly max: number; readonly backoffMs: number; readonly jitter: boolean };
  readonly circuitBreaker?: {
    readonly failureRate: number;
    readonly window: number;
    readonly openForMs: number;
    readonly halfOpenProbes: number;
  };
  readonly bulkhead?: number;
}

/** Errors that are not retried, as in the design format: the circuit is open or the bulkhead full. */
export function isFailFast(err: unknown): boolean {
  return err instanceof BrokenCircuitError || err instanceof BulkheadRejectedError;
}

/** Longest wait between retries, whatever the backoff doubles to. */
export const MAX_BACKOFF_MS = 30_000;

/**
 * One policy per (caller process, callee service), as cockatiel wants its breaker shared:
 * bulkhead (outermost: a call beyond the limit fails at once, not retried) → retry with
 * exponential backoff (full jitter when \`jitter\`) → circuit breaker over the last \`window\`
 * attempts → timeout per attempt. Not modelled: more than one half-open probe (cockatiel lets
 * exactly one call through when half-open).
 */
export function createPolicy(spec: ResilienceSpec | undefined): IPolicy {
  if (!spec) return noop;
  const layers: IPolicy[] = [];
  if (spec.bulkhead !== undefined) layers.push(bulkhead(spec.bulkhead, 0));
  if (spec.retries && spec.retries.max > 0) {
    layers.push(
      retry(
        handleWhen((err) => !isFailFast(err)),
        {
          maxAttempts: spec.retries.max,
          backoff: new ExponentialBackoff({
            initialDelay: spec.retries.backoffMs,
            exponent: 2,
            maxDelay: MAX_BACKOFF_MS,
            generator: spec.retries.jitter ? fullJitterGenerator : noJitterGenerator,
          }),
        },
      ),
    );
  }
  if (spec.circuitBreaker) {
    layers.push(
      circuitBreaker(
        handleWhen((err) => !isFailFast(err)),
        {
          halfOpenAfter: spec.circuitBreaker.openForMs,
          breaker: new CountBreaker({ threshold: spec.circuitBreaker.failureRate, size: spec.circuitBreaker.window }),
        },
      ),
    );
  }
  if (spec.timeoutMs !== undefined) layers.push(timeout(spec.timeoutMs, TimeoutStrategy.Aggressive));
  if (layers.length === 0) return noop;
  return wrap(...layers);
}

/**
 * A process's admission of requests (a gateway's \`concurrency\` and \`queue\`): at most
 * \`concurrency\` run at once, up to \`queue\` more wait in order for a slot, and one beyond that is
 * refused at once with a 503 (\`overloaded\`). Without a concurrency every request runs at once.
 */
export function createAdmission(concurrency: number | undefined, queue: number | undefined) {
  if (concurrency === undefined) return <T>(work: () => Promise<T>): Promise<T> => work();
  const gate = bulkhead(concurrency, queue ?? Number.MAX_SAFE_INTEGER);
  return async <T>(work: () => Promise<T>): Promise<T> => {
    try {
      return await gate.execute(() => work());
    } catch (err) {
      if (err instanceof BulkheadRejectedError)
        throw new HttpError(
          503,
          "overloaded",
          "at capacity: " + concurrency + " requests running and " + (queue ?? 0) + " waiting",
        );
      throw err;
    }
  };
}

/** The cause of a failed call, for the 503's JSON body and the logs. */
export function getFailureCause(err: unknown): string {
  if (err instanceof BrokenCircuitError) return "circuitOpen";
  if (err instanceof BulkheadRejectedError) return "bulkhead";
  // fetch rejects with an AbortError when the timeout aborts it, sometimes before cockatiel's own error.
  if (
    err instanceof TaskCancelledError ||
    (err instanceof Error && (err.name === "AbortError" || err.name === "TimeoutError"))
  )
    return "timeout";
  return "error";
}
`;
