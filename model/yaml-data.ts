/**
 * From a checked YAML document to plain data, within the limits the format names: aliases
 * may add at most MAX_ALIAS_NODES nodes, and a document too deep to compose is placed at
 * its first node too deep. Both walks are iterative, so no input can exhaust the stack.
 */
import { isAlias, isMap, isPair, isScalar, isSeq, Parser, type Document } from "yaml";
import { clip, escapeText, formatCount } from "./quote";
import type { YamlProblem } from "./yaml-checks";

/** Aliases may stand for at most this many nodes in all, once expanded (a "billion laughs" guard). */
export const MAX_ALIAS_NODES = 100_000;

type Out = Record<string, unknown> | unknown[];

interface Frame {
  node: { items: unknown[] };
  out: Out;
  next: number;
  /** Nodes in this collection once its aliases are expanded, itself included. */
  size: number;
  anchor?: Anchor;
  /** The key of the pair whose value is being converted (maps). */
  key?: string;
}

interface Anchor {
  value: unknown;
  size: number;
  /** Still being converted: an alias to it is inside it. */
  open: boolean;
}

/**
 * The document as plain data (mappings as objects, sequences as arrays, an alias as the
 * value of its anchor, shared), or the first problem: the alias at which the nodes aliases
 * stand for pass `maxAliasNodes`, or an alias inside the node it names.
 * Linear in the size of the document as written, unlike the library's toJS, which searches
 * the document once per alias.
 */
export function toPlainData(
  doc: Document.Parsed,
  maxAliasNodes = MAX_ALIAS_NODES,
): { ok: true; data: unknown } | { ok: false; problem: YamlProblem } {
  const anchors = new Map<string, Anchor>();
  let aliased = 0;
  let problem: YamlProblem | undefined;
  const stack: Frame[] = [];

  /** A node's value and size, or undefined after pushing a frame for a collection. */
  const visit = (node: unknown): { value: unknown; size: number } | undefined => {
    if (node === null || node === undefined) return { value: null, size: 1 };
    if (isAlias(node)) {
      const target = anchors.get(node.source);
      const [start, end] = node.range ?? [0, 0];
      if (target === undefined || target.open) {
        problem = {
          start,
          end,
          fatal: true,
          message: `the alias "*${escapeText(clip(node.source))}" is inside the node it names: it would expand forever`,
        };
        return undefined;
      }
      aliased += target.size;
      if (aliased > maxAliasNodes) {
        problem = {
          start,
          end,
          fatal: true,
          message: `YAML aliases expand to more than ${formatCount(maxAliasNodes)} nodes (refused as a resource-exhaustion risk)`,
        };
        return undefined;
      }
      return { value: target.value, size: target.size };
    }
    if (isScalar(node)) {
      const value = typeof node.value === "bigint" ? Number(node.value) : node.value;
      if (node.anchor) anchors.set(node.anchor, { value, size: 1, open: false });
      return { value, size: 1 };
    }
    if (isMap(node) || isSeq(node)) {
      const out: Out = isMap(node) ? {} : [];
      const anchor = node.anchor ? { value: out, size: 0, open: true } : undefined;
      if (anchor) anchors.set(node.anchor!, anchor);
      stack.push({ node: node as { items: unknown[] }, out, next: 0, size: 1, anchor });
      return undefined;
    }
    // A pair outside a mapping does not occur in a composed document; keep it as a mapping.
    if (isPair(node)) {
      const out = {};
      stack.push({ node: { items: [node] }, out, next: 0, size: 1 });
      return undefined;
    }
    return { value: null, size: 1 };
  };

  const store = (frame: Frame, value: unknown, size: number) => {
    frame.size += size;
    if (Array.isArray(frame.out)) frame.out.push(value);
    else setKey(frame.out, frame.key!, value);
  };

  const root = visit(doc.contents);
  if (root) return { ok: true, data: root.value };
  while (stack.length > 0 && !problem) {
    const frame = stack[stack.length - 1]!;
    if (frame.next === frame.node.items.length) {
      stack.pop();
      if (frame.anchor) {
        frame.anchor.size = frame.size;
        frame.anchor.open = false;
      }
      const parent = stack[stack.length - 1];
      if (!parent) return { ok: true, data: frame.out };
      store(parent, frame.out, frame.size);
      continue;
    }
    const item = frame.node.items[frame.next++];
    let r: { value: unknown; size: number } | undefined;
    if (!Array.isArray(frame.out) && isPair(item)) {
      // Keys are scalars or aliases of scalars: checkNodes refused the others.
      const k = visit(item.key);
      if (!k) break;
      frame.size += k.size;
      frame.key = k.value === null ? "" : String(k.value);
      r = visit(item.value);
    } else r = visit(item);
    if (r) store(frame, r.value, r.size);
  }
  return { ok: false, problem: problem! };
}

/** As the YAML library does: a key such as `__proto__` or `toString` becomes an own property. */
function setKey(out: Record<string, unknown>, key: string, value: unknown): void {
  if (key in out) Object.defineProperty(out, key, { value, writable: true, enumerable: true, configurable: true });
  else out[key] = value;
}

interface CstItem {
  key?: unknown;
  value?: unknown;
}

/**
 * The offset of the first collection (in document order) nested `maxDepth` deep, counting
 * the top-level collection as depth 0, read from the concrete syntax tree: for a document
 * so deep that composing it exhausted the stack.
 */
export function findTooDeepOffset(text: string, maxDepth: number): number | undefined {
  const isCollection = (t: unknown): t is { type: string; offset: number; items: CstItem[] } => {
    const type = (t as { type?: string } | undefined)?.type;
    return type === "block-map" || type === "block-seq" || type === "flow-collection";
  };
  for (const token of new Parser().parse(text)) {
    if (token.type !== "document" || !isCollection(token.value)) continue;
    // Depth-first, in document order: children pushed in reverse.
    const stack: { t: { offset: number; items: CstItem[] }; depth: number }[] = [{ t: token.value, depth: 0 }];
    while (stack.length > 0) {
      const { t, depth } = stack.pop()!;
      if (depth >= maxDepth) return t.offset;
      for (let i = t.items.length - 1; i >= 0; i--) {
        const item = t.items[i]!;
        if (isCollection(item.value)) stack.push({ t: item.value, depth: depth + 1 });
        if (isCollection(item.key)) stack.push({ t: item.key, depth: depth + 1 });
      }
    }
  }
  return undefined;
}
