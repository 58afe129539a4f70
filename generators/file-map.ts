/**
 * What a generator returns: a map from a path inside the output folder to a file. Paths are
 * POSIX, relative, normalized and checked (paths.ts); the map is sorted by path, so the same
 * design gives the same map in the same order, byte for byte.
 */
import { toSafePath } from "./paths";

/**
 * Who owns a file once it is written: `archsim` files are rewritten by every generation (the
 * user edits the design, not them); `user` files are written once, when missing, and never
 * overwritten (handlers, the user's own tests).
 */
export type FileOwner = "archsim" | "user";

export type GeneratedFile = { readonly path: string; readonly content: string; readonly owner: FileOwner };

export type FileMap = ReadonlyMap<string, GeneratedFile>;

/** Builds a file map; a path given twice is a generator bug and throws. */
export class FileMapBuilder {
  readonly #files = new Map<string, GeneratedFile>();

  /** Adds a file rewritten by every generation. */
  add(path: string, content: string): this {
    return this.#put(path, content, "archsim");
  }

  /** Adds a file written once and then left to the user. */
  addUserFile(path: string, content: string): this {
    return this.#put(path, content, "user");
  }

  /** The files, sorted by path. */
  build(): FileMap {
    return new Map([...this.#files].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)));
  }

  #put(path: string, content: string, owner: FileOwner): this {
    const safe = toSafePath(path);
    if (this.#files.has(safe)) throw new Error(`generator bug: ${safe} is generated twice`);
    this.#files.set(safe, { path: safe, content: content.endsWith("\n") ? content : `${content}\n`, owner });
    return this;
  }
}
