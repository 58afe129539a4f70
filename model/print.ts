/**
 * Printing a design back to YAML, and editing a user's YAML text in place
 * (the yaml Document API keeps comments and the order of untouched keys).
 */
import { Document, isMap, isScalar, isSeq, parseDocument, Scalar, stringify } from "yaml";
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

const DISTRIBUTION_FIELDS = new Set([
  "work",
  "overhead",
  "queryTime",
  "latency",
  "publishLatency",
  "deliveryLatency",
  "fetchLatency",
  "clientLatency",
  "add",
]);
const DURATION_FIELDS = new Set([
  "timeout",
  "backoff",
  "coldStart",
  "openFor",
  "interval",
  "detection",
  "duration",
  "warmup",
  "at",
  "for",
  // an slo's target (a lognormal's p99 is inside a distribution, printed above)
  "p99",
]);

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
  return stringify(toDesignInput(design), {
    lineWidth: 100,
    flowCollectionPadding: true,
    aliasDuplicateObjects: false,
  });
}

/** One edit of a design's text: set the value at a path, or delete it (value undefined). */
export interface DesignTextEdit {
  path: readonly PathSegment[];
  value: unknown;
}

/**
 * Applies edits to a design's YAML (or JSON) text and returns the new text; comments, the
 * order of untouched keys and the rest of the text survive. Throws if the text is not valid YAML.
 * @example editDesignText(text, [{ path: ["components", "order", "replicas"], value: 3 }])
 */
export function editDesignText(text: string, edits: readonly DesignTextEdit[]): string {
  let out = text;
  for (const edit of edits) out = applyTextEdit(out, edit);
  return out;
}

function applyTextEdit(text: string, edit: DesignTextEdit): string {
  const doc = parseDocument(text);
  if (doc.errors.length)
    throw new Error(`cannot edit a design whose YAML is invalid: ${doc.errors[0]!.message.split("\n")[0]}`);
  const spliced = edit.value === undefined ? undefined : spliceValue(text, doc, edit);
  if (spliced !== undefined) return spliced;
  // Adding or deleting a key, or replacing a block collection: re-print through the Document
  // (comments and key order survive; flow collections may be re-spaced).
  if (edit.value === undefined) doc.deleteIn(edit.path);
  else doc.setIn(edit.path, doc.createNode(edit.value, { flow: isFlowish(doc.getIn(edit.path, true)) }));
  return doc.toString();
}

/**
 * Replaces the source of an existing scalar or flow collection in place, so that nothing else
 * in the text moves (a trailing comment, the spacing of other flow collections). Undefined when
 * the edit is not of that shape or the splice would not read back as the value.
 */
function spliceValue(text: string, doc: Document.Parsed, edit: DesignTextEdit): string | undefined {
  const node = doc.getIn(edit.path, true);
  const flowCollection = (isMap(node) || isSeq(node)) && node.flow === true;
  if (!(isScalar(node) || flowCollection) || !node.range) return undefined;
  if (isScalar(node) && (node.type === Scalar.BLOCK_FOLDED || node.type === Scalar.BLOCK_LITERAL)) return undefined;
  const [start, end] = node.range;
  const source = text.slice(start, end);
  // Keep the collection's own spacing: `[a, b]` stays unpadded, `{ a: 1 }` padded.
  const padded = !/^[[{][^\s\]}]/.test(source);
  let rendered = new Document(edit.value, { flow: true })
    .toString({ flowCollectionPadding: padded, lineWidth: 0 })
    .trimEnd();
  if (rendered.includes("\n")) return undefined;
  if (
    typeof edit.value === "string" &&
    isInFlow(doc, edit.path) &&
    /^[^"']/.test(rendered) &&
    /[,[\]{}#]|: /.test(rendered)
  )
    rendered = JSON.stringify(edit.value);
  const out = text.slice(0, start) + rendered + text.slice(end);
  const check = parseDocument(out);
  if (check.errors.length || !sameJson(check.getIn(edit.path), edit.value)) return undefined;
  return out;
}

/** Whether the node at path sits inside a flow collection (where `,` `[` `]` `{` `}` end a plain scalar). */
function isInFlow(doc: Document.Parsed, path: readonly PathSegment[]): boolean {
  for (let i = 0; i < path.length; i++) {
    const parent = i === 0 ? doc.contents : doc.getIn(path.slice(0, i), true);
    if ((isMap(parent) || isSeq(parent)) && parent.flow === true) return true;
  }
  return false;
}

function sameJson(a: unknown, b: unknown): boolean {
  const plain = (v: unknown): unknown =>
    v !== null && typeof v === "object" && "toJSON" in v && typeof (v as { toJSON: unknown }).toJSON === "function"
      ? (v as { toJSON(): unknown }).toJSON()
      : v;
  return JSON.stringify(plain(a)) === JSON.stringify(b);
}

function isFlowish(node: unknown): boolean {
  return (isMap(node) || isSeq(node)) && node.flow === true;
}

/** Steps in written form (for generators and the editor). */
export function stepToInput(step: Step): unknown {
  return convert(step, undefined);
}
