/**
 * A generated repository as a zip archive: the file map's paths as they are, in its order, every
 * entry with the same fixed modification time, so the same design gives a byte-identical zip.
 */
import { strToU8, unzipSync, zipSync, type Zippable } from "fflate";
import type { FileMap } from "../../generators/file-map";

/**
 * The time every entry carries: 2000-01-01 00:00 in the local zone, since a zip's (DOS) time has
 * no zone and is written from the local fields, which this keeps the same everywhere.
 */
const ZIP_ENTRY_TIME = () => new Date(2000, 0, 1, 0, 0, 0);
/** Deflate level: 6, zlib's default (size and speed balanced). */
const ZIP_LEVEL = 6;

/** The files of a map as a deterministic zip. */
export function zipFileMap(files: FileMap): Uint8Array {
  const entries: Zippable = {};
  const mtime = ZIP_ENTRY_TIME();
  for (const [path, file] of files) entries[path] = [strToU8(file.content), { mtime, level: ZIP_LEVEL }];
  return zipSync(entries);
}

/** A zip's files as path → text (for tests and checks). */
export function unzipToText(zip: Uint8Array): Map<string, string> {
  const out = unzipSync(zip);
  return new Map(Object.entries(out).map(([path, bytes]) => [path, new TextDecoder().decode(bytes)]));
}
