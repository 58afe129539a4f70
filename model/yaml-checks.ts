/**
 * Checks of the YAML itself, on the parsed document before it becomes plain data: only
 * YAML 1.2 without tags, merge keys or collection keys; every alias defined; no duplicate
 * keys. Each check is linear in the size of the document.
 */
import { isAlias, isCollection, isMap, isScalar, isSeq, type Document } from "yaml";
import { clip, escapeText, quote } from "./quote";

/** An error at an offset range of the text. */
export interface YamlProblem {
  message: string;
  start: number;
  end: number;
  /** Stops the run before the schema: the data would not be what the text says. */
  fatal: boolean;
}

const CORE = "tag:yaml.org,2002:";
/** The tags of YAML 1.2's core (and JSON) schema; any other changes what a value is. */
const ALLOWED_TAGS: ReadonlySet<string> = new Set(
  ["str", "int", "float", "bool", "null", "map", "seq"].map((t) => CORE + t),
);
const PLAIN_VALUES = "archsim designs use plain YAML 1.2 values";

/**
 * `%YAML` other than 1.2, `%TAG` and unknown directives: errors on their line. The directives
 * are the lines starting with `%` before the document starts (`---`).
 */
export function checkDirectives(text: string, documentStart: number): YamlProblem[] {
  const out: YamlProblem[] = [];
  let offset = 0;
  for (const raw of text.slice(0, documentStart).split("\n")) {
    const bom = offset === 0 && raw.startsWith("\ufeff") ? 1 : 0;
    const line = raw.slice(bom);
    const start = offset + bom;
    offset += raw.length + 1;
    if (!line.startsWith("%")) continue;
    const words = line.trim().split(/\s+/);
    const name = words[0] ?? "";
    const arg = words[1] === undefined || words[1].startsWith("#") ? "" : words[1];
    const end = start + line.trimEnd().length;
    if (name === "%YAML") {
      if (arg !== "1.2")
        out.push({
          start,
          end,
          fatal: true,
          message: `unsupported YAML version ${quote(arg)}: archsim designs are YAML 1.2 (write %YAML 1.2 or remove the line)`,
        });
    } else if (name === "%TAG") {
      out.push({
        start,
        end,
        fatal: true,
        message: `%TAG directives are not supported: ${PLAIN_VALUES}, without tags`,
      });
    } else {
      out.push({
        start,
        end,
        fatal: true,
        message: `unknown directive ${quote(name)}: the only directive allowed is %YAML 1.2`,
      });
    }
  }
  return out;
}

/**
 * A core tag on a value it does not fit (`!!int abc`, `!!str { a: 1 }`): the library keeps
 * the value as it is, with a warning where the tag is written.
 */
export function checkTagWarnings(doc: Document.Parsed, text: string): YamlProblem[] {
  const out: YamlProblem[] = [];
  for (const w of doc.warnings) {
    if (w.code !== "TAG_RESOLVE_FAILED") continue;
    const tag = /^Unresolved tag: (\S+)/.exec(w.message)?.[1];
    if (tag === undefined || !ALLOWED_TAGS.has(tag)) continue; // checkNodes reports these
    const [start, end] = w.pos;
    out.push({
      start,
      end,
      fatal: true,
      message: `the YAML tag ${quote(text.slice(start, end))} does not fit its value: ${PLAIN_VALUES} (remove the tag)`,
    });
  }
  return out;
}

interface Item {
  node: unknown;
  /** The text between here and the node holds its tag and anchor, if any. */
  from: number;
  /** Scalar values of the keys before it in its mapping, when the node is a key. */
  keysOfMap?: Set<unknown>;
}

/**
 * Walks the document once, in document order, without recursion: tags outside the core
 * schema, merge keys, keys that are lists or mappings, aliases without an anchor before
 * them (all fatal), and duplicate keys (not fatal: the data is still read).
 */
export function checkNodes(doc: Document.Parsed, text: string): YamlProblem[] {
  const out: YamlProblem[] = [];
  const anchors = new Map<string, unknown>();
  const handles = Object.entries(doc.directives?.tags ?? { "!!": CORE });
  const stack: Item[] = [{ node: doc.contents, from: doc.range[0] }];
  while (stack.length > 0) {
    const { node, from, keysOfMap } = stack.pop()!;
    if (node === null || node === undefined) continue;
    if (isAlias(node)) {
      const target = anchors.get(node.source);
      const [start, end] = node.range ?? [from, from];
      if (!anchors.has(node.source)) {
        const name = escapeText(clip(node.source));
        out.push({
          start,
          end,
          fatal: true,
          message: `undefined alias "*${name}": an alias needs an anchor (&${name}) defined before it`,
        });
      } else if (keysOfMap && isCollection(target)) {
        out.push({ start, end, fatal: true, message: "a key must be a plain value, not a list or mapping" });
      }
      continue;
    }
    if (!isScalar(node) && !isMap(node) && !isSeq(node)) continue;
    const [start, end] = node.range ?? [from, from];
    if (node.anchor) anchors.set(node.anchor, node);
    if (node.tag !== undefined && node.tag !== "!" && !ALLOWED_TAGS.has(node.tag)) {
      const { written, at } = findTag(text, node.tag, handles, from, start);
      out.push({
        start: at,
        end: at + written.length,
        fatal: true,
        message: `unsupported YAML tag ${quote(written)}: ${PLAIN_VALUES}`,
      });
    }
    if (keysOfMap) {
      if (isCollection(node)) {
        out.push({ start, end, fatal: true, message: "a key must be a plain value, not a list or mapping" });
        continue;
      }
      if (node.value === "<<" && node.type === "PLAIN") {
        out.push({ start, end, fatal: true, message: "merge keys (<<) are not supported: write the fields out" });
      }
      // As the YAML library compares keys: by value (so `1` and `"1"` differ), NaN never equal.
      const v = node.value;
      if (!(typeof v === "number" && Number.isNaN(v))) {
        if (keysOfMap.has(v))
          out.push({
            start,
            end: start + 1,
            fatal: false,
            message: `duplicate key ${quote(String(v))}: each key may appear once in a mapping`,
          });
        else keysOfMap.add(v);
      }
    }
    if (isMap(node)) {
      const keys = new Set<unknown>();
      const items: Item[] = [];
      let prev = start;
      for (const pair of node.items) {
        const key = pair.key as { range?: [number, number, number] } | null;
        const value = pair.value as { range?: [number, number, number] } | null;
        items.push({ node: pair.key, from: prev, keysOfMap: keys });
        const keyEnd = key?.range?.[1] ?? prev;
        items.push({ node: pair.value, from: keyEnd });
        prev = value?.range?.[1] ?? keyEnd;
      }
      for (let i = items.length - 1; i >= 0; i--) stack.push(items[i]!);
    } else if (isSeq(node)) {
      const items: Item[] = [];
      let prev = start;
      for (const item of node.items) {
        items.push({ node: item, from: prev });
        prev = (item as { range?: [number, number, number] } | null)?.range?.[1] ?? prev;
      }
      for (let i = items.length - 1; i >= 0; i--) stack.push(items[i]!);
    }
  }
  return out;
}

/** Where a node's tag is written (between `from` and the node), and how; else the node itself. */
function findTag(
  text: string,
  tag: string,
  handles: [string, string][],
  from: number,
  nodeStart: number,
): { written: string; at: number } {
  const forms: string[] = [];
  for (const [handle, prefix] of handles)
    if (tag.startsWith(prefix) && tag.length > prefix.length) forms.push(handle + tag.slice(prefix.length));
  forms.push(tag.startsWith("!") ? tag : `!<${tag}>`);
  let best: { written: string; at: number } | undefined;
  for (const written of forms) {
    const at = text.lastIndexOf(written, nodeStart);
    if (at >= from && (!best || at > best.at)) best = { written, at };
  }
  return best ?? { written: forms[0]!, at: nodeStart };
}
