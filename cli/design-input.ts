/**
 * The start every command that needs a valid design shares: read the file, parse it, print its
 * warnings, and on errors print them with their places and a line saying what to do, returning
 * the exit code instead of a design.
 */
import { formatDiagnosticLine } from "./diagnostic-line";
import { parseDesign, type Design } from "./engine";
import { EXIT_INVALID, EXIT_USAGE, readDesignFile } from "./io";
import { escapeControl, type Output } from "./output";

/**
 * The design in `path` with its text, or the exit code after its errors were printed (`to` names
 * the command's aim in "fix them to <to>").
 */
export function readValidDesign(path: string, to: string, out: Output): { design: Design; text: string } | number {
  const file = escapeControl(path);
  const read = readDesignFile(path);
  if (!read.ok && read.exitCode === EXIT_USAGE) {
    out.err(escapeControl(read.message));
    return read.exitCode;
  }
  const parsed = read.ok ? parseDesign(read.text) : { errors: [read.diagnostic], warnings: [], design: undefined };
  for (const w of parsed.warnings) out.err(formatDiagnosticLine(w, path));
  if (!read.ok || !parsed.design) {
    for (const e of parsed.errors) out.err(formatDiagnosticLine(e, path));
    out.err(
      `${file}: ${parsed.errors.length} error${parsed.errors.length === 1 ? "" : "s"}; fix them to ${to} (archsim validate ${file})`,
    );
    return EXIT_INVALID;
  }
  return { design: parsed.design, text: read.text };
}
