/** One diagnostic as the CLI prints it: `file:line:col: path: message`, control characters escaped. */
import { formatDiagnostic, type DesignDiagnostic } from "./engine";
import { escapeControl } from "./output";

/** A design can put anything in an id or a value that a message quotes: one line stays one line. */
export function formatDiagnosticLine(d: DesignDiagnostic, file: string): string {
  return escapeControl(formatDiagnostic(d, file));
}
