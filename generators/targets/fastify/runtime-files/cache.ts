/** packages/runtime/src/cache.ts of the generated repository (see ../runtime-sources.ts). */
export const CACHE_SOURCE = `/** Entries one memory cache keeps; the oldest is dropped past it. */
export const MEMORY_CACHE_LIMIT = 10_000;

/** A process-local cache for \`cache\` steps (a shared cache such as Redis is not generated yet). */
export class MemoryCache {
  readonly #entries = new Map<string, unknown>();

  get(key: string): unknown {
    return this.#entries.get(key);
  }

  has(key: string): boolean {
    return this.#entries.has(key);
  }

  set(key: string, value: unknown): void {
    this.#entries.delete(key);
    this.#entries.set(key, value);
    if (this.#entries.size > MEMORY_CACHE_LIMIT) this.#entries.delete(this.#entries.keys().next().value as string);
  }
}
`;
