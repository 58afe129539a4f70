/** Reading design files for the CLI: I/O problems become exit code 2, never a stack trace. */
import { readFileSync, statSync } from "node:fs";
import { MAX_DESIGN_BYTES } from "../model";

export const EXIT_OK = 0;
export const EXIT_INVALID = 1;
export const EXIT_USAGE = 2;

export class CliError extends Error {
  constructor(
    message: string,
    readonly exitCode: number,
  ) {
    super(message);
  }
}

export type DesignFile = { ok: true; text: string } | { ok: false; exitCode: number; message: string };

/** Reads a design file as UTF-8 text; too large or not text is a design error (1), unreadable is I/O (2). */
export function readDesignFile(path: string): DesignFile {
  let size: number;
  try {
    const st = statSync(path);
    if (st.isDirectory()) return { ok: false, exitCode: EXIT_USAGE, message: `${path}: is a directory, not a design file` };
    if (!st.isFile()) return { ok: false, exitCode: EXIT_USAGE, message: `${path}: not a regular file` };
    size = st.size;
  } catch (e) {
    return { ok: false, exitCode: EXIT_USAGE, message: `${path}: ${ioMessage(e)}` };
  }
  if (size > MAX_DESIGN_BYTES) {
    return { ok: false, exitCode: EXIT_INVALID, message: `${path}:1:1: the design is ${(size / 1048576).toFixed(1)} MB, larger than the 5 MB limit; split it or remove unused parts` };
  }
  let bytes: Buffer;
  try {
    bytes = readFileSync(path);
  } catch (e) {
    return { ok: false, exitCode: EXIT_USAGE, message: `${path}: ${ioMessage(e)}` };
  }
  try {
    const text = new TextDecoder("utf-8", { fatal: true }).decode(bytes);
    return { ok: true, text: text.charCodeAt(0) === 0xfeff ? text.slice(1) : text };
  } catch {
    const at = firstInvalidUtf8(bytes);
    return { ok: false, exitCode: EXIT_INVALID, message: `${path}:${at.line}:${at.col}: this is binary data, not a UTF-8 YAML or JSON design` };
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
