/**
 * Completion and hover for the design's YAML, from its JSON Schema (model/json-schema.ts) and
 * the document itself. Pure: text and offsets in, items out, so it is tested without Monaco
 * (monaco-editor.ts adapts it). Where the schema has unions (a component's kind, a step's
 * key, a fault's kind), the variants are narrowed by the keys and `kind` the mapping already
 * has, so a service is offered `replicas` and a database `pool`.
 */
import { isMap, isScalar, isSeq, parseDocument, type Document } from "yaml";
import type { AssistItem, YamlPath } from "./assist-types";
import { getReferences } from "./schema-references";

export type JsonSchema = { [key: string]: unknown };
export type { AssistItem, YamlPath };

/** What to offer at an offset, and the text range (start and end offsets) an item replaces. */
export interface CompletionResult {
  items: AssistItem[];
  from: number;
  to: number;
}

export interface HoverResult {
  /** Markdown. */
  contents: string;
  from: number;
  to: number;
}

/** Stands where the cursor is while the text is parsed: a plain scalar no design uses. */
const CURSOR = "__archsim_cursor__";
const WORD = /[A-Za-z0-9_.-]/;

/** The completions at `offset` in `text`. */
export function getCompletions(text: string, offset: number, schema: JsonSchema): CompletionResult {
  let from = offset;
  while (from > 0 && WORD.test(text[from - 1]!)) from--;
  let to = offset;
  while (to < text.length && WORD.test(text[to]!)) to++;
  const none = { items: [], from, to };

  const lineStart = text.lastIndexOf("\n", from - 1) + 1;
  const lineEnd = text.indexOf("\n", to) === -1 ? text.length : text.indexOf("\n", to);
  const before = text.slice(lineStart, from);
  const after = text.slice(to, lineEnd);
  if (before.includes("#") || /^\s*["']/.test(after)) return none;
  const flow = innermostFlow(before);
  const last = before.trimEnd().slice(-1);
  let role: "key" | "value" | "none";
  if (flow === "{") role = last === "{" || last === "," ? "key" : last === ":" ? "value" : "none";
  else if (flow === "[") role = last === "[" || last === "," ? "value" : "none";
  else if (/^\s*(-\s+)*$/.test(before)) role = "key";
  else if (/:\s+$/.test(before) || /^\s*(-\s+)+$/.test(before)) role = "value";
  else return none;
  if (role === "none") return none;

  // A key gets a colon so that the parser reads a mapping entry even on an empty line.
  const needsColon = role === "key" && !/^\s*:/.test(after);
  const probe = text.slice(0, from) + CURSOR + (needsColon ? ":" : "") + text.slice(to);
  const doc = parseDocument(probe, { uniqueKeys: false });
  const site = findCursor(doc);
  if (!site) return none;
  const root = toJs(doc);

  if (site.role === "key") {
    const items = getKeyItems(schema, root, site.path);
    const inSequence = typeof site.path[site.path.length - 1] === "number";
    // `- |` in a list of ids or strings: a value of the list, not a key of a new mapping.
    if (items.length === 0 && inSequence && Object.keys(valueAt(root, site.path) ?? {}).length === 1)
      return { items: getValueItems(schema, root, site.path), from, to };
    return { items, from, to };
  }
  return { items: getValueItems(schema, root, site.path), from, to };
}

/** The description of the key (or the value of the key) at `offset`, with its default and choices. */
export function getHover(text: string, offset: number, schema: JsonSchema): HoverResult | null {
  const doc = parseDocument(text, { uniqueKeys: false });
  const hit = findKeyAt(doc, offset);
  if (!hit) return null;
  const root = toJs(doc);
  const candidates = getSchemasAt(schema, root, hit.path);
  const description = candidates.map((s) => s.description).find((d) => typeof d === "string") as string | undefined;
  if (!description) return null;
  const lines = [`**${hit.path[hit.path.length - 1]}**`, "", description];
  const choices = [...new Set(candidates.flatMap((s) => (Array.isArray(s.enum) ? s.enum : [])))];
  if (choices.length > 0) lines.push("", `One of: ${choices.map((c) => `\`${String(c)}\``).join(", ")}`);
  return { contents: lines.join("\n"), from: hit.from, to: hit.to };
}

// ---------------------------------------------------------------- completion items

function getKeyItems(schema: JsonSchema, root: unknown, path: YamlPath): AssistItem[] {
  const mapping = valueAt(root, path);
  const present = new Set(isObject(mapping) ? Object.keys(mapping) : []);
  const items = new Map<string, AssistItem>();
  for (const s of getSchemasAt(schema, root, path)) {
    for (const [key, prop] of Object.entries((s.properties ?? {}) as Record<string, JsonSchema>)) {
      if (present.has(key) || items.has(key)) continue;
      items.set(key, {
        label: key,
        kind: "property",
        insertText: `${key}: `,
        detail: describeType(prop, (s.required as string[] | undefined)?.includes(key) ?? false),
        documentation: typeof prop.description === "string" ? prop.description : undefined,
      });
    }
  }
  const refs = getReferences(root, path, "key");
  for (const r of refs)
    if (!present.has(r.label) && !items.has(r.label)) items.set(r.label, { ...r, insertText: `${r.label}: ` });
  return [...items.values()];
}

function getValueItems(schema: JsonSchema, root: unknown, path: YamlPath): AssistItem[] {
  const key = path[path.length - 1];
  const parentPath = path.slice(0, -1);
  // A discriminator (a const per variant, such as kind) offers every variant, not only the matching ones.
  const parents = getSchemasAt(schema, root, parentPath);
  const isDiscriminator =
    typeof key === "string" && parents.some((p) => getProperty(schema, p, key).some((s) => "const" in s));
  const candidates = isDiscriminator
    ? getSchemasAt(schema, root, parentPath, { narrowLast: false }).flatMap((p) => getProperty(schema, p, key))
    : getSchemasAt(schema, root, path);
  const items = new Map<string, AssistItem>();
  const add = (value: unknown, documentation: unknown) => {
    const label = String(value);
    if (!items.has(label))
      items.set(label, {
        label,
        kind: "value",
        insertText: label,
        documentation: typeof documentation === "string" ? documentation : undefined,
      });
  };
  for (const s of candidates) {
    if ("const" in s) add(s.const, s.description);
    for (const v of Array.isArray(s.enum) ? s.enum : []) add(v, s.description);
    if (s.type === "boolean") for (const v of [true, false]) add(v, s.description);
  }
  for (const r of getReferences(root, path, "value")) if (!items.has(r.label)) items.set(r.label, r);
  return [...items.values()];
}

function describeType(s: JsonSchema, required: boolean): string {
  const ref = typeof s.$ref === "string" ? s.$ref.replace("#/$defs/", "") : undefined;
  const type = ref ?? (Array.isArray(s.enum) ? "enum" : typeof s.type === "string" ? s.type : "value");
  const parts = [type];
  if (required) parts.push("required");
  else if ("default" in s && !isObject(s.default) && !Array.isArray(s.default))
    parts.push(`default ${String(s.default)}`);
  return parts.join(" · ");
}

// ---------------------------------------------------------------- the schema at a path

interface NarrowOptions {
  /** Narrow the variants at the end of the path by the value there (default true). */
  narrowLast?: boolean;
}

/**
 * The schemas that may describe the value at `path`: $refs resolved, unions flattened into
 * their variants, and object variants narrowed to those the document's value there fits.
 */
export function getSchemasAt(
  schema: JsonSchema,
  root: unknown,
  path: YamlPath,
  { narrowLast = true }: NarrowOptions = {},
): JsonSchema[] {
  let current = narrow(expand(schema, schema), root);
  let value = root;
  path.forEach((segment, i) => {
    value = isObject(value) || Array.isArray(value) ? (value as Record<string, unknown>)[segment] : undefined;
    const next = current.flatMap((s) => getProperty(schema, s, segment));
    current = narrowLast || i < path.length - 1 ? narrow(next, value) : next;
  });
  return current;
}

/** The schemas of `segment` (a key or an index) inside `s`, expanded. */
function getProperty(root: JsonSchema, s: JsonSchema, segment: string | number): JsonSchema[] {
  let child: unknown;
  if (typeof segment === "number") {
    const prefix = s.prefixItems as JsonSchema[] | undefined;
    child = prefix?.[segment] ?? s.items;
  } else {
    const properties = s.properties as Record<string, JsonSchema> | undefined;
    child = properties && Object.hasOwn(properties, segment) ? properties[segment] : undefined;
    if (child === undefined && isObject(s.additionalProperties)) child = s.additionalProperties;
  }
  return isObject(child) ? expand(root, child as JsonSchema) : [];
}

/** $refs resolved and anyOf/oneOf flattened; a $ref's own description is kept on what it points to. */
function expand(root: JsonSchema, s: JsonSchema, depth = 0): JsonSchema[] {
  if (depth > 16) return [];
  if (typeof s.$ref === "string" && s.$ref.startsWith("#/$defs/")) {
    const target = (root.$defs as Record<string, JsonSchema> | undefined)?.[s.$ref.slice("#/$defs/".length)];
    if (!target) return [];
    const withOwn = s.description ? { ...target, description: s.description } : target;
    return expand(root, withOwn, depth + 1);
  }
  const union = (s.oneOf ?? s.anyOf) as JsonSchema[] | undefined;
  if (Array.isArray(union))
    return union.flatMap((v) =>
      expand(root, s.description && !v.description ? { ...v, description: s.description } : v, depth + 1),
    );
  return [s];
}

/** Object variants whose keys and consts fit `value`; all of them when none fits, or `value` is no mapping. */
function narrow(variants: JsonSchema[], value: unknown): JsonSchema[] {
  if (!isObject(value) || variants.length < 2) return variants;
  const keys = Object.keys(value).filter((k) => k !== CURSOR && value[k] !== CURSOR);
  const fits = variants.filter((v) => {
    if (v.type !== "object") return false;
    const properties = (v.properties ?? {}) as Record<string, JsonSchema>;
    return keys.every((k) => {
      const p = properties[k];
      if (!p) return v.additionalProperties !== false;
      return !("const" in p) || p.const === value[k];
    });
  });
  return fits.length > 0 ? fits : variants;
}

// ---------------------------------------------------------------- the document

interface CursorSite {
  role: "key" | "value";
  /** For a key: the mapping's path; for a value: the value's own path. */
  path: YamlPath;
}

function findCursor(doc: Document): CursorSite | null {
  const visit = (node: unknown, path: YamlPath): CursorSite | null => {
    if (isMap(node)) {
      for (const pair of node.items) {
        const key = isScalar(pair.key) ? pair.key.value : pair.key;
        if (key === CURSOR) return { role: "key", path };
        if (isScalar(pair.value) && pair.value.value === CURSOR) return { role: "value", path: [...path, String(key)] };
        const found = visit(pair.value, [...path, String(key)]);
        if (found) return found;
      }
    } else if (isSeq(node)) {
      for (let i = 0; i < node.items.length; i++) {
        const item = node.items[i];
        if (isScalar(item) && item.value === CURSOR) return { role: "value", path: [...path, i] };
        const found = visit(item, [...path, i]);
        if (found) return found;
      }
    } else if (isScalar(node) && node.value === CURSOR) return { role: "value", path };
    return null;
  };
  return visit(doc.contents, []);
}

/** The key under `offset` (or the key whose scalar value is under it), with its path and range. */
function findKeyAt(doc: Document, offset: number): { path: YamlPath; from: number; to: number } | null {
  const within = (range: readonly number[] | null | undefined) => !!range && range[0]! <= offset && offset <= range[1]!;
  const visit = (node: unknown, path: YamlPath): { path: YamlPath; from: number; to: number } | null => {
    if (isMap(node)) {
      for (const pair of node.items) {
        if (!isScalar(pair.key)) continue;
        const keyPath = [...path, String(pair.key.value)];
        const range = pair.key.range;
        if (within(range)) return { path: keyPath, from: range![0], to: range![1] };
        if (isScalar(pair.value) && within(pair.value.range))
          return { path: keyPath, from: pair.value.range![0], to: pair.value.range![1] };
        const found = visit(pair.value, keyPath);
        if (found) return found;
      }
    } else if (isSeq(node)) {
      for (let i = 0; i < node.items.length; i++) {
        const found = visit(node.items[i], [...path, i]);
        if (found) return found;
      }
    }
    return null;
  };
  return visit(doc.contents, []);
}

function toJs(doc: Document): unknown {
  try {
    return doc.toJS({ maxAliasCount: 1000 });
  } catch {
    return undefined;
  }
}

/** The value at `path` in a plain JS value. */
export function valueAt(root: unknown, path: YamlPath): unknown {
  let v = root;
  for (const segment of path) {
    if (!isObject(v) && !Array.isArray(v)) return undefined;
    v = (v as Record<string, unknown>)[segment];
  }
  return v;
}

/** The innermost flow collection open at the end of `line`, ignoring quoted text. */
function innermostFlow(line: string): "{" | "[" | null {
  const stack: string[] = [];
  let quote: string | null = null;
  for (const ch of line) {
    if (quote) {
      if (ch === quote) quote = null;
    } else if (ch === '"' || ch === "'") quote = ch;
    else if (ch === "{" || ch === "[") stack.push(ch);
    else if (ch === "}" || ch === "]") stack.pop();
  }
  return (stack[stack.length - 1] as "{" | "[" | undefined) ?? null;
}

export function isObject(v: unknown): v is Record<string, unknown> {
  return typeof v === "object" && v !== null && !Array.isArray(v);
}

export { CURSOR as CURSOR_PLACEHOLDER };
