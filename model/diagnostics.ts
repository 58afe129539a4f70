/** Errors and warnings about a design, each with its place in the source. */
import { escapeText } from "./quote";

export type PathSegment = string | number;

export interface DesignDiagnostic {
  severity: "error" | "warning";
  /** Human-readable, one line. */
  message: string;
  /** Dotted path, e.g. `components.order.operations.create.steps[0].call`; "" for the document. */
  path: string;
  segments: PathSegment[];
  /** 1-based line and column of the offending node (or its key). */
  line: number;
  col: number;
  endLine: number;
  endCol: number;
}

/** An issue found on parsed data, before it is placed in the source. */
export interface DesignIssue {
  severity: "error" | "warning";
  segments: PathSegment[];
  message: string;
  /** Place the issue on the mapping key of the last segment rather than on its value. */
  atKey?: boolean;
}

const PLAIN_KEY = /^[A-Za-z_$][A-Za-z0-9_$-]*$/;

/**
 * Formats a path: dots for plain keys, `[n]` for list items, `["..."]` for keys
 * with other characters (routes, topics with dots).
 * @example formatPath(["components", "order", "steps", 0, "call"]) // "components.order.steps[0].call"
 */
export function formatPath(segments: readonly PathSegment[]): string {
  let out = "";
  for (const seg of segments) {
    if (typeof seg === "number") out += `[${seg}]`;
    else if (PLAIN_KEY.test(seg)) out += out === "" ? seg : `.${seg}`;
    else out += `["${escapeText(seg)}"]`;
  }
  return out;
}

/** `file:line:col: path: message`, the CLI's one line per diagnostic. */
export function formatDiagnostic(d: DesignDiagnostic, fileName: string): string {
  const where = d.path ? `${d.path}: ` : "";
  const tag = d.severity === "warning" ? "warning: " : "";
  return `${fileName}:${d.line}:${d.col}: ${tag}${where}${d.message}`;
}

/** Orders diagnostics by position, errors before warnings at the same place. */
export function compareDiagnostics(a: DesignDiagnostic, b: DesignDiagnostic): number {
  return (
    a.line - b.line ||
    a.col - b.col ||
    (a.severity === b.severity ? 0 : a.severity === "error" ? -1 : 1) ||
    a.path.localeCompare(b.path)
  );
}
