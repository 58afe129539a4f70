/** Reading design files for the CLI: I/O problems become exit code 2, never a stack trace. */
import { closeSync, openSync, readSync, statSync } from "node:fs";
import { MAX_DESIGN_BYTES, type DesignDiagnostic } from "./engine";
import { EXIT_INVALID, EXIT_USAGE } from "./exit-codes";

export { EXIT_INTERNAL, EXIT_INVALID, EXIT_OK, EXIT_USAGE } from "./exit-codes";

export class CliError extends Error {
  constructor(
    message: string,
    readonly exitCode: number,
  ) {
    super(message);
  }
}

/** The text of a design, or why there is none: an I/O error (exit 2, a message) or a design error with its place (exit 1). */
export type DesignFile =
  | { ok: true; text: string }
  | { ok: false; exitCode: typeof EXIT_USAGE; message: string }
  | { ok: false; exitCode: typeof EXIT_INVALID; diagnostic: DesignDiagnostic };

function designError(line: number, col: number, message: string): DesignFile {
  return {
    ok: false,
    exitCode: EXIT_INVALID,
    diagnostic: { severity: "error", message, path: "", segments: [], line, col, endLine: line, endCol: col },
  };
}

const LIMIT_TEXT = `the 5 MiB limit (${MAX_DESIGN_BYTES.toLocaleString("en-US")} bytes); split it or remove unused parts`;
const READ_CHUNK = 1 << 16;

/**
 * Reads at most MAX_DESIGN_BYTES + 1 bytes, counting them as they come: a size from stat cannot
 * be trusted (files in /proc report 0 bytes and yield gigabytes; a FIFO has no size).
 */
function readBounded(path: string): Buffer | { tooLarge: true } {
  const fd = openSync(path, "r");
  try {
    const chunks: Buffer[] = [];
    let total = 0;
    for (;;) {
      const chunk = Buffer.allocUnsafe(READ_CHUNK);
      const n = readSync(fd, chunk, 0, READ_CHUNK, null);
      if (n === 0) break;
      chunks.push(n === READ_CHUNK ? chunk : chunk.subarray(0, n));
      total += n;
      if (total > MAX_DESIGN_BYTES) return { tooLarge: true };
    }
    return Buffer.concat(chunks, total);
  } finally {
    closeSync(fd);
  }
}

/** Reads a design file as UTF-8 text; too large or not text is a design error (1), unreadable is I/O (2). */
export function readDesignFile(path: string): DesignFile {
  try {
    const st = statSync(path);
    if (st.isDirectory())
      return { ok: false, exitCode: EXIT_USAGE, message: `${path}: is a directory, not a design file` };
    // A FIFO is a stream of text (`archsim validate <(generate-design)`); devices and sockets are not.
    if (!st.isFile() && !st.isFIFO())
      return { ok: false, exitCode: EXIT_USAGE, message: `${path}: not a regular file` };
    if (st.size > MAX_DESIGN_BYTES)
      return designError(1, 1, `the design is ${st.size.toLocaleString("en-US")} bytes, larger than ${LIMIT_TEXT}`);
  } catch (e) {
    return { ok: false, exitCode: EXIT_USAGE, message: `${path}: ${ioMessage(e)}` };
  }
  let bytes: Buffer;
  try {
    const read = readBounded(path);
    if (!Buffer.isBuffer(read)) return designError(1, 1, `the design is larger than ${LIMIT_TEXT}`);
    bytes = read;
  } catch (e) {
    return { ok: false, exitCode: EXIT_USAGE, message: `${path}: ${ioMessage(e)}` };
  }
  try {
    const text = new TextDecoder("utf-8", { fatal: true }).decode(bytes);
    return { ok: true, text: text.charCodeAt(0) === 0xfeff ? text.slice(1) : text };
  } catch {
    const at = firstInvalidUtf8(bytes);
    return bytes.includes(0)
      ? designError(at.line, at.col, "this is binary data, not a YAML or JSON design")
      : designError(at.line, at.col, "this is not valid UTF-8 text (save the design as UTF-8)");
  }
}

function ioMessage(e: unknown): string {
  const code = (e as NodeJS.ErrnoException).code;
  if (code === "ENOENT") return "no such file";
  if (code === "EACCES" || code === "EPERM") return "permission denied";
  if (code === "EISDIR") return "is a directory, not a design file";
  return (e as Error).message ?? String(e);
}

function firstInvalidUtf8(bytes: Buffer): { line: number; col: number } {
  let line = 1;
  let col = 1;
  const decoder = new TextDecoder("utf-8", { fatal: true });
  for (let i = 0; i < bytes.length; i++) {
    const b = bytes[i]!;
    if (b === 10) {
      line++;
      col = 1;
      continue;
    }
    if (b < 0x80) {
      col++;
      continue;
    }
    const len = b >= 0xf0 ? 4 : b >= 0xe0 ? 3 : b >= 0xc0 ? 2 : 1;
    try {
      decoder.decode(bytes.subarray(i, i + len));
    } catch {
      return { line, col };
    }
    i += len - 1;
    col++;
  }
  return { line, col };
}
