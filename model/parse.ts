/**
 * Parses a design from YAML or JSON text into a normalized Design, reporting
 * every schema, reference and YAML error in one run, each with line:col and path.
 */
import {
  isAlias,
  isMap,
  isPair,
  isScalar,
  isSeq,
  LineCounter,
  Parser,
  parseDocument,
  type Document,
  type Node as YamlNode,
  type Pair,
  type YAMLMap,
} from "yaml";
import type { z } from "zod";
import {
  compareDiagnostics,
  formatPath,
  type DesignDiagnostic,
  type DesignIssue,
  type PathSegment,
} from "./diagnostics";
import {
  ENTRY_SCHEMAS,
  getIssueFacts,
  KEY_MESSAGE_SEPARATOR,
  PARSE_OPTIONS,
  REQUIRED_MESSAGE,
  topLevelShape,
  unknownFieldMessage,
  type Design,
} from "./schema";
import type { DesignParts, RawComponents } from "./parts";
import { escapeText, formatCount, quote } from "./quote";
import { checkDesign } from "./validate";
import { checkDirectives, checkNodes, checkTagWarnings, type YamlProblem } from "./yaml-checks";
import { findTooDeepOffset, toPlainData } from "./yaml-data";

/** Files larger than this are refused before parsing (5 MiB: 5,242,880 bytes). */
export const MAX_DESIGN_BYTES = 5 * 1024 * 1024;
export { MAX_ALIAS_NODES } from "./yaml-data";
/** Mappings and lists may nest at most this deep. */
export const MAX_DEPTH = 64;

export interface ParseDesignOptions {
  /** Refuse texts longer than this many bytes (UTF-8). Default 5 MiB. */
  maxBytes?: number;
}

export interface ParseDesignResult {
  /** The normalized design, present only when there are no errors. */
  design?: Design;
  errors: DesignDiagnostic[];
  warnings: DesignDiagnostic[];
  /** The YAML document (comments and positions kept), when the text parsed as YAML. */
  document?: Document.Parsed;
}

const TOP_LEVEL_KEYS = Object.keys(topLevelShape);
const PER_ENTRY: ReadonlyMap<string, { key: z.ZodType<string>; value: z.ZodType }> = new Map(
  Object.entries(ENTRY_SCHEMAS),
);

/**
 * Parses and validates a design.
 * @example
 * const { design, errors } = parseDesign(text);
 * if (errors.length) console.log(errors.map((e) => `${e.line}:${e.col}: ${e.path}: ${e.message}`));
 */
export function parseDesign(text: string, options: ParseDesignOptions = {}): ParseDesignResult {
  const maxBytes = options.maxBytes ?? MAX_DESIGN_BYTES;
  const lineCounter = new LineCounter();
  const atStart = (message: string, severity: "error" | "warning" = "error"): DesignDiagnostic => ({
    severity,
    message,
    path: "",
    segments: [],
    line: 1,
    col: 1,
    endLine: 1,
    endCol: 1,
  });

  const bytes = utf8Length(text, maxBytes + 1);
  if (bytes > maxBytes) {
    return {
      errors: [atStart(`the design is larger than ${formatLimit(maxBytes)}; split it or remove unused parts`)],
      warnings: [],
    };
  }
  const nul = text.indexOf("\u0000");
  if (nul >= 0 || /[\u0001-\u0008\u000e-\u001f]/.test(text.slice(0, 8192))) {
    const at = nul >= 0 ? nul : text.search(/[\u0001-\u0008\u000e-\u001f]/);
    const { line, col } = positionOf(text, at);
    return {
      errors: [{ ...atStart("this is binary data, not a YAML or JSON design"), line, col, endLine: line, endCol: col }],
      warnings: [],
    };
  }
  if (text.trim() === "") {
    return { errors: [atStart("the design is empty: it needs at least `archsim: 1` and `components`")], warnings: [] };
  }

  // uniqueKeys: false because the library's check is quadratic in a mapping's size; checkNodes does it.
  const document = parseDocument(text, {
    lineCounter,
    prettyErrors: false,
    uniqueKeys: false,
    strict: true,
    stringKeys: false,
  });
  const place = (issue: DesignIssue): DesignDiagnostic => locate(document, lineCounter, issue);
  const at = (start: number, end: number, message: string): DesignDiagnostic => {
    const a = lineCounter.linePos(start);
    const b = lineCounter.linePos(Math.max(start, end));
    return {
      severity: "error",
      message,
      path: "",
      segments: [],
      line: a.line,
      col: a.col,
      endLine: b.line,
      endCol: b.col,
    };
  };

  const tooDeepMessage = `the document nests too deeply (at most ${MAX_DEPTH} levels)`;
  // Where the stack ran out depends on the stack; the first node too deep does not.
  const placeTooDeep = (fallback: DesignDiagnostic): DesignDiagnostic => {
    const offset = findTooDeepOffset(text, MAX_DEPTH);
    return offset === undefined ? fallback : at(offset, offset + 1, tooDeepMessage);
  };

  const yamlErrors: DesignDiagnostic[] = [];
  let fatal = false;
  for (const err of document.errors) {
    const [start, end] = err.pos;
    let message = err.message.split("\n")[0]!;
    fatal = true;
    if (err.code === "MULTIPLE_DOCS")
      message = `a design file holds one YAML document; this one has ${countDocuments(text)} (separated by ---)`;
    else if (err.code === "RESOURCE_EXHAUSTION" || /call stack/i.test(message)) message = tooDeepMessage;
    else message = `invalid YAML: ${escapeText(message)}${flowKeyHint(text, lineCounter, start)}`;
    yamlErrors.push(at(start, end, message));
  }
  if (fatal) {
    // A stack overflow may be reported more than once, where depends on the stack size: keep the first.
    const tooDeep = yamlErrors
      .filter((e) => e.message.startsWith("the document nests too deeply"))
      .sort(compareDiagnostics);
    let errors = tooDeep.length ? [placeTooDeep(tooDeep[0]!)] : dedupe(yamlErrors).sort(compareDiagnostics);
    // An unquoted key with braces derails the rest of its flow mapping: the errors after the
    // first hinted one are its echoes, not news.
    const hinted = errors.findIndex((e) => e.message.includes(FLOW_KEY_HINT));
    if (hinted >= 0) errors = errors.slice(0, hinted + 1);
    return { errors, warnings: [] };
  }
  const directives = checkDirectives(text, document.range[0]);
  if (directives.length === 0 && isEmpty(document)) {
    return {
      errors: [atStart("the design is empty: it needs at least `archsim: 1` and `components`")],
      warnings: [],
      document,
    };
  }
  // Concatenated, not pushed as arguments: a 5 MiB file can hold a million duplicate keys.
  const problems: YamlProblem[] = [...directives, ...checkTagWarnings(document, text), ...checkNodes(document, text)];
  for (const p of problems) yamlErrors.push(at(p.start, p.end, p.message));
  if (problems.some((p) => p.fatal))
    return { errors: dedupe(yamlErrors).sort(compareDiagnostics), warnings: [], document };

  const plain = toPlainData(document);
  if (!plain.ok) {
    const p = plain.problem;
    return { errors: dedupe([at(p.start, p.end, p.message), ...yamlErrors]).sort(compareDiagnostics), warnings: [] };
  }
  const raw = plain.data;

  const deep = findTooDeep(raw, MAX_DEPTH);
  if (deep)
    return {
      errors: [
        place({
          severity: "error",
          segments: deep,
          message: tooDeepMessage,
        }),
        ...yamlErrors,
      ],
      warnings: [],
    };

  const issues: DesignIssue[] = [...bareMillisecondWarnings(raw)];
  const { parts, rawComponents, rawWorkloads } = parseTopLevel(raw, issues);
  if (parts) for (const issue of checkDesign(parts, rawComponents, rawWorkloads)) issues.push(issue);
  // zod records skip a `__proto__` key without a word; report every one the schema did not.
  const reported = new Set(issues.map((i) => formatPath(i.segments)));
  for (const segments of findProtoKeys(raw)) {
    if (!reported.has(formatPath(segments)))
      issues.push({
        severity: "error",
        segments,
        atKey: true,
        message: `"__proto__" is a reserved name and cannot be used as a key`,
      });
  }

  const all = dedupe([...yamlErrors, ...issues.map(place)]).sort(compareDiagnostics);
  const errors = all.filter((d) => d.severity === "error");
  const warnings = all.filter((d) => d.severity === "warning");
  const design = errors.length === 0 && parts ? (parts as Design) : undefined;
  return { design, errors, warnings, document };
}

function parseTopLevel(
  raw: unknown,
  issues: DesignIssue[],
): { parts?: DesignParts; rawComponents: RawComponents; rawWorkloads: Set<string> } {
  const rawComponents: RawComponents = new Map();
  const rawWorkloads = new Set<string>();
  if (raw === null || typeof raw !== "object" || Array.isArray(raw)) {
    issues.push({
      severity: "error",
      segments: [],
      message: "a design is a mapping with `archsim: 1` and `components` at its top level",
    });
    return { rawComponents, rawWorkloads };
  }
  const obj = raw as Record<string, unknown>;
  for (const key of Object.keys(obj)) {
    if (!TOP_LEVEL_KEYS.includes(key))
      issues.push({
        severity: "error",
        segments: [key],
        atKey: true,
        message: unknownFieldMessage(key, TOP_LEVEL_KEYS, "the design"),
      });
  }
  const parts: Record<string, unknown> = {};
  let noComponents = false;
  for (const [key, schema] of Object.entries(topLevelShape) as [string, z.ZodType][]) {
    const value = Object.hasOwn(obj, key) ? obj[key] : undefined;
    const entry = PER_ENTRY.get(key);
    if (entry && value !== null && typeof value === "object" && !Array.isArray(value)) {
      // Each entry on its own, so one broken component does not hide the others.
      const out: Record<string, unknown> = {};
      for (const [id, item] of Object.entries(value as Record<string, unknown>)) {
        if (key === "components") rawComponents.set(id, item);
        if (key === "workloads") rawWorkloads.add(id);
        const k = entry.key.safeParse(id, PARSE_OPTIONS);
        if (!k.success) {
          for (const iss of k.error.issues)
            issues.push({ severity: "error", segments: [key, id], atKey: true, message: iss.message });
          continue;
        }
        const r = entry.value.safeParse(item, PARSE_OPTIONS);
        if (r.success) out[id] = r.data;
        else pushZodIssues(issues, [key, id], r.error.issues);
      }
      parts[key] = out;
      continue;
    }
    const r = schema.safeParse(value, PARSE_OPTIONS);
    if (r.success) parts[key] = r.data;
    else {
      pushZodIssues(issues, [key], r.error.issues, value === undefined);
      if (PER_ENTRY.has(key)) parts[key] = {};
      // Without components every reference would be reported missing: no cross-checks.
      if (key === "components") noComponents = true;
    }
  }
  return { parts: noComponents ? undefined : (parts as DesignParts), rawComponents, rawWorkloads };
}

function pushZodIssues(
  issues: DesignIssue[],
  prefix: PathSegment[],
  zodIssues: readonly z.core.$ZodIssue[],
  missing = false,
): void {
  for (const iss of zodIssues) {
    const { code, keys = [], atKey } = getIssueFacts(iss);
    const path = [...prefix, ...(iss.path as PathSegment[])];
    if (code === "unrecognized_keys") {
      const messages = iss.message.split(KEY_MESSAGE_SEPARATOR);
      keys.forEach((k, i) =>
        issues.push({
          severity: "error",
          segments: [...path, k],
          atKey: true,
          message: messages[i] ?? `unknown field ${quote(k)}`,
        }),
      );
      continue;
    }
    if (code === "invalid_key") {
      // The key's own message, not zod's summary of it.
      const inner = iss.code === "invalid_key" ? iss.issues[0]?.message : undefined;
      issues.push({ severity: "error", segments: path, atKey: true, message: inner ?? iss.message });
      continue;
    }
    let message = iss.message;
    if (message === REQUIRED_MESSAGE)
      message = `${escapeText(String(path[path.length - 1] ?? "the design"))} is required`;
    else if (missing && path.length === 1 && code === "invalid_type")
      message = `${escapeText(String(path[0]))} is required`;
    issues.push({ severity: "error", segments: path, atKey, message });
  }
}

/** A bare number under 1000 for a scenario duration or a profile time is likely meant as seconds. */
function bareMillisecondWarnings(raw: unknown): DesignIssue[] {
  const out: DesignIssue[] = [];
  const isObj = (v: unknown): v is Record<string, unknown> => v !== null && typeof v === "object" && !Array.isArray(v);
  if (!isObj(raw)) return out;
  const msg = (v: number) => `${v} is a bare number, read as ${v} milliseconds; write ${v}s if you meant seconds`;
  if (isObj(raw.scenarios)) {
    for (const [name, s] of Object.entries(raw.scenarios)) {
      if (isObj(s) && typeof s.duration === "number" && s.duration < 1000)
        out.push({ severity: "warning", segments: ["scenarios", name, "duration"], message: msg(s.duration) });
    }
  }
  if (isObj(raw.workloads)) {
    for (const [name, w] of Object.entries(raw.workloads)) {
      if (!isObj(w) || !Array.isArray(w.profile)) continue;
      w.profile.forEach((pt, i) => {
        if (Array.isArray(pt) && typeof pt[0] === "number" && pt[0] > 0 && pt[0] < 1000)
          out.push({ severity: "warning", segments: ["workloads", name, "profile", i, 0], message: msg(pt[0]) });
      });
    }
  }
  return out;
}

// ---------------------------------------------------------------- locations

function locate(doc: Document.Parsed, lc: LineCounter, issue: DesignIssue): DesignDiagnostic {
  let node: unknown = doc.contents;
  let range: [number, number] | undefined = rangeOf(node);
  const segs = issue.segments;
  for (let i = 0; i < segs.length; i++) {
    const seg = segs[i]!;
    const last = i === segs.length - 1;
    if (isAlias(node)) break;
    if (isMap(node)) {
      const pair = pairOf(node, String(seg));
      if (!pair) break;
      if (last && issue.atKey) {
        range = rangeOf(pair.key) ?? range;
        break;
      }
      if (pair.value === null || pair.value === undefined) {
        range = rangeOf(pair.key) ?? range;
        break;
      }
      node = pair.value;
      range = rangeOf(node) ?? range;
    } else if (isSeq(node)) {
      const item = typeof seg === "number" ? node.items[seg] : undefined;
      if (item === undefined) break;
      node = item;
      range = rangeOf(node) ?? range;
    } else {
      break;
    }
  }
  const start = range ? lc.linePos(range[0]) : { line: 1, col: 1 };
  const end = range ? lc.linePos(Math.max(range[0], range[1])) : start;
  return {
    severity: issue.severity,
    message: issue.message,
    path: formatPath(segs),
    segments: [...segs],
    line: start.line,
    col: start.col,
    endLine: end.line,
    endCol: end.col,
  };
}

function rangeOf(node: unknown): [number, number] | undefined {
  const r = (node as YamlNode | undefined)?.range;
  return r ? [r[0], r[1]] : undefined;
}

function keyText(key: unknown): string | undefined {
  if (isScalar(key)) return String(key.value);
  return key === null || key === undefined ? undefined : String(key);
}

/** The pair of a mapping with this key text (the first of duplicates). */
function pairOf(map: YAMLMap, key: string): Pair | undefined {
  if (map.items.length <= 16) return map.items.find((p) => isPair(p) && keyText(p.key) === key) as Pair | undefined;
  return pairsByKey(map).get(key);
}

/** The pairs of a large mapping by key text, built once per mapping: many issues may be placed in it. */
const pairIndex = new WeakMap<YAMLMap, Map<string, Pair>>();
function pairsByKey(map: YAMLMap): Map<string, Pair> {
  let index = pairIndex.get(map);
  if (!index) {
    index = new Map();
    for (const p of map.items) {
      if (!isPair(p)) continue;
      const k = keyText(p.key);
      if (k !== undefined && !index.has(k)) index.set(k, p as Pair);
    }
    pairIndex.set(map, index);
  }
  return index;
}

/** Nothing but comments, blank lines and markers. */
function isEmpty(doc: Document.Parsed): boolean {
  const c = doc.contents;
  return (
    c === null ||
    (isScalar(c) && c.value === null && !c.anchor && !c.tag && (c.range ? c.range[0] === c.range[1] : true))
  );
}

/** How many documents the text holds (only asked when there is more than one). */
function countDocuments(text: string): number {
  let n = 0;
  for (const token of new Parser().parse(text)) if (token.type === "document") n++;
  return n;
}

/** The hint the format promises for unquoted route keys in flow mappings. */
const FLOW_KEY_HINT = 'in a flow mapping { … } quote keys that contain {, }, [, ] or ","';

function flowKeyHint(text: string, lc: LineCounter, offset: number): string {
  const { line } = lc.linePos(offset);
  const start = lc.lineStarts[line - 1] ?? 0;
  const end = text.indexOf("\n", start);
  const lineText = text.slice(start, end < 0 ? text.length : end);
  // The key may follow `{` or `,`, or start the line in a flow mapping written over several lines.
  if (/(^|[{,])\s*[A-Z]+ \/[^"':,]*[{}[\]]/.test(lineText)) {
    return ` (${FLOW_KEY_HINT}, e.g. "GET /orders/{id}": 0.7)`;
  }
  return "";
}

/** Paths of every own `__proto__` key (the yaml library defines them as own properties). */
function findProtoKeys(value: unknown): PathSegment[][] {
  const out: PathSegment[][] = [];
  const path: PathSegment[] = [];
  // Recursive, but only as deep as the document, which findTooDeep has bounded.
  const visit = (v: unknown): void => {
    if (v === null || typeof v !== "object") return;
    if (Array.isArray(v)) {
      for (let i = 0; i < v.length; i++) {
        path.push(i);
        visit(v[i]);
        path.pop();
      }
      return;
    }
    for (const k of Object.keys(v)) {
      path.push(k);
      if (k === "__proto__") out.push([...path]);
      visit((v as Record<string, unknown>)[k]);
      path.pop();
    }
  };
  visit(value);
  return out;
}

/** The path of the first node found nested `max` deep, if any. Iterative: the depth is not yet known to be safe. */
function findTooDeep(value: unknown, max: number): PathSegment[] | undefined {
  interface Entry {
    v: unknown;
    depth: number;
    seg?: PathSegment;
    parent?: Entry;
  }
  const stack: Entry[] = [{ v: value, depth: 0 }];
  while (stack.length) {
    const e = stack.pop()!;
    const v = e.v;
    if (v === null || typeof v !== "object") continue;
    if (e.depth >= max) {
      const path: PathSegment[] = [];
      for (let x: Entry | undefined = e; x?.parent; x = x.parent) path.push(x.seg!);
      return path.reverse();
    }
    if (Array.isArray(v)) v.forEach((x, i) => stack.push({ v: x, depth: e.depth + 1, seg: i, parent: e }));
    else for (const [k, x] of Object.entries(v)) stack.push({ v: x, depth: e.depth + 1, seg: k, parent: e });
  }
  return undefined;
}

function dedupe(ds: DesignDiagnostic[]): DesignDiagnostic[] {
  const seen = new Set<string>();
  return ds.filter((d) => {
    const key = `${d.severity}|${d.line}|${d.col}|${d.path}|${d.message}`;
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}

function utf8Length(text: string, stopAfter: number): number {
  if (text.length * 3 <= stopAfter) return text.length; // cannot exceed: skip the count
  let n = 0;
  for (let i = 0; i < text.length && n < stopAfter; i++) {
    const c = text.charCodeAt(i);
    n += c < 0x80 ? 1 : c < 0x800 ? 2 : c >= 0xd800 && c < 0xdc00 ? (i++, 4) : 3;
  }
  return n;
}

function formatLimit(n: number): string {
  return n % (1024 * 1024) === 0
    ? `the ${n / (1024 * 1024)} MiB limit (${formatCount(n)} bytes)`
    : `${formatCount(n)} bytes`;
}

function positionOf(text: string, offset: number): { line: number; col: number } {
  let line = 1;
  let last = -1;
  for (let i = 0; i < offset; i++) {
    if (text.charCodeAt(i) === 10) {
      line++;
      last = i;
    }
  }
  return { line, col: offset - last };
}
