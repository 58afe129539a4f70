/**
 * Paths inside the output folder. Component ids are DNS labels by the schema, but a generator
 * must not trust that alone: every path it emits goes through toSafePath, which refuses
 * anything that could leave the folder or clash on a case-insensitive file system.
 */

/** Most segments a path may have, and characters in all: far above what a generator writes. */
export const PATH_LIMITS = { segments: 16, length: 240 } as const;

const SEGMENT_RE = /^[A-Za-z0-9_@][A-Za-z0-9._@+-]*$/;

/**
 * The path as written if it is a safe relative POSIX path (no `..`, no `.`, no empty, absolute
 * or drive-letter part, no backslash or control character, within PATH_LIMITS); throws otherwise.
 * @example toSafePath("services/order/src/main.ts") // "services/order/src/main.ts"
 */
export function toSafePath(path: string): string {
  const fail = (why: string): never => {
    throw new Error(`unsafe output path ${JSON.stringify(path)}: ${why}`);
  };
  if (path.length === 0 || path.length > PATH_LIMITS.length) fail(`must have 1 to ${PATH_LIMITS.length} characters`);
  if (path.startsWith("/") || /^[A-Za-z]:/.test(path)) fail("must be relative");
  if (path.includes("\\")) fail("must use / only");
  const segments = path.split("/");
  if (segments.length > PATH_LIMITS.segments) fail(`has more than ${PATH_LIMITS.segments} parts`);
  for (const s of segments) {
    if (s === "" || s === "." || s === "..") fail(`has an empty, "." or ".." part`);
    if (!SEGMENT_RE.test(s) && !/^\.[A-Za-z0-9][A-Za-z0-9._-]*$/.test(s))
      fail(`part ${JSON.stringify(s)} has characters not allowed`);
  }
  return path;
}
