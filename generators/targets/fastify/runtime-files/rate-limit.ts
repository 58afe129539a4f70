/** packages/runtime/src/rate-limit.ts of the generated repository (see ../runtime-sources.ts). */
export const RATE_LIMIT_SOURCE = `import { HttpError } from "./errors.js";

/**
 * The gateway's token bucket: \`burst\` tokens (default ceil(rps)), refilled continuously at \`rps\`,
 * full at start, one per request; none left → 429.
 */
export class TokenBucket {
  #tokens: number;
  #last = performance.now();
  readonly #capacity: number;

  constructor(
    private readonly rps: number,
    burst: number | undefined,
  ) {
    this.#capacity = burst ?? Math.ceil(rps);
    this.#tokens = this.#capacity;
  }

  /** Takes a token or throws a 429 HttpError. */
  take(): void {
    const now = performance.now();
    this.#tokens = Math.min(this.#capacity, this.#tokens + ((now - this.#last) / 1000) * this.rps);
    this.#last = now;
    if (this.#tokens < 1) throw new HttpError(429, "rate_limited", "rate limit exceeded");
    this.#tokens -= 1;
  }
}
`;
