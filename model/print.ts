/**
 * Printing a design back to YAML, and editing a user's YAML text in place
 * (the yaml Document API keeps comments and the order of untouched keys).
 */
import { isMap, isSeq, parseDocument, stringify } from "yaml";
import type { PathSegment } from "./diagnostics";
import type { Design, Step } from "./schema";
import { formatDuration, type Distribution } from "./units";

/** The written form of a distribution: a duration string or a one-key mapping. */
export function distributionToInput(d: Distribution): unknown {
  const f = formatDuration;
  switch (d.type) {
    case "const":
      return f(d.value);
    case "exp":
      return { exp: f(d.mean) };
    case "uniform":
      return { uniform: [f(d.min), f(d.max)] };
    case "normal":
      return { normal: { mean: f(d.mean), sd: f(d.sd) } };
    case "lognormal":
      return { lognormal: { median: f(d.median), p99: f(d.p99) } };
    case "erlang":
      return { erlang: { k: d.k, mean: f(d.mean) } };
    case "empirical":
      return { empirical: d.values.map(f) };
  }
}

const DISTRIBUTION_FIELDS = new Set(["work", "overhead", "queryTime", "latency", "publishLatency", "deliveryLatency", "fetchLatency", "clientLatency", "add"]);
const DURATION_FIELDS = new Set(["timeout", "backoff", "coldStart", "openFor", "interval", "detection", "duration", "warmup", "at", "for"]);

/**
 * Turns a normalized design back into its written form: durations as strings,
 * distributions as one-key mappings, unbounded limits omitted.
 */
export function toDesignInput(design: Design): Record<string, unknown> {
  return convert(design, undefined) as Record<string, unknown>;
}

function convert(value: unknown, key: string | undefined): unknown {
  if (value === undefined || value === Infinity) return undefined;
  if (key !== undefined && DISTRIBUTION_FIELDS.has(key) && isDistribution(value)) return distributionToInput(value);
  if (key !== undefined && DURATION_FIELDS.has(key) && typeof value === "number") return formatDuration(value);
  if (key === "profile" && Array.isArray(value)) return value.map(([t, r]: [number, number]) => [formatDuration(t), r]);
  if (Array.isArray(value)) return value.map((v) => convert(v, undefined));
  if (value !== null && typeof value === "object") {
    const out: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(value)) {
      const c = convert(v, k);
      if (c !== undefined) out[k] = c;
    }
    return out;
  }
  return value;
}

function isDistribution(v: unknown): v is Distribution {
  return v !== null && typeof v === "object" && typeof (v as { type?: unknown }).type === "string";
}

/**
 * Prints a normalized design as YAML that parses back to an equal design.
 * @example parseDesign(printDesign(d)).design // deep-equals d
 */
export function printDesign(design: Design): string {
  return stringify(toDesignInput(design), { lineWidth: 100, flowCollectionPadding: true, aliasDuplicateObjects: false });
}

/** One edit of a design's text: set the value at a path, or delete it (value undefined). */
export interface DesignTextEdit {
  path: readonly PathSegment[];
  value: unknown;
}

/**
 * Applies edits to a design's YAML text and returns the new text; comments and
 * the order of untouched keys survive. Throws if the text is not valid YAML.
 */
export function editDesignText(text: string, edits: readonly DesignTextEdit[]): string {
  const doc = parseDocument(text, { keepSourceTokens: false });
  if (doc.errors.length) throw new Error(`cannot edit a design whose YAML is invalid: ${doc.errors[0]!.message.split("\n")[0]}`);
  for (const edit of edits) {
    if (edit.value === undefined) {
      doc.deleteIn(edit.path);
      continue;
    }
    const existing = doc.getIn(edit.path, true);
    const next = doc.createNode(edit.value, { flow: isFlowish(existing) });
    doc.setIn(edit.path, next);
  }
  return doc.toString();
}

function isFlowish(node: unknown): boolean {
  return (isMap(node) || isSeq(node)) && node.flow === true;
}

/** Steps in written form (for generators and the editor). */
export function stepToInput(step: Step): unknown {
  return convert(step, undefined);
}
