/**
 * The text of `JSON.stringify(value, null, 2)`, byte for byte, in pieces of about 64 KiB: a long
 * timeseries or a pooled run of a large design does not fit in one string (V8 caps a string at
 * about 512 MiB), and building it whole doubles the memory the result already takes.
 */
const CHUNK = 1 << 16;
/** A value of at most this many nodes is stringified whole (fast); a larger one child by child. */
const WHOLE_NODES = 4096;

type Holder = { buf: string };

function isBoxed(v: object): boolean {
  return v instanceof Number || v instanceof String || v instanceof Boolean;
}

/** What JSON.stringify serializes for `value` under `key`: toJSON applied. */
function toSerialized(key: string, value: unknown): unknown {
  if (value !== null && typeof value === "object" && typeof (value as { toJSON?: unknown }).toJSON === "function")
    return (value as { toJSON(k: string): unknown }).toJSON(key);
  return value;
}

function isSkipped(v: unknown): boolean {
  return v === undefined || typeof v === "function" || typeof v === "symbol";
}

/** `budget` less the nodes of `v`, or -1 once they exceed it; stops counting there. */
function countWithin(v: unknown, budget: number): number {
  budget--;
  if (v === null || typeof v !== "object" || budget < 0) return budget;
  const children = Array.isArray(v) ? v : Object.values(v);
  if (children.length > budget) return -1;
  for (const child of children) {
    budget = countWithin(child, budget);
    if (budget < 0) return -1;
  }
  return budget;
}

function* write(h: Holder, value: unknown, pad: string): Generator<string> {
  if (value === null || typeof value !== "object" || isBoxed(value) || countWithin(value, WHOLE_NODES) >= 0) {
    // Strings never hold a raw newline in JSON, so re-indenting after each newline is exact.
    const text = JSON.stringify(value, null, 2) ?? "null";
    h.buf += pad ? text.replaceAll("\n", `\n${pad}`) : text;
  } else if (Array.isArray(value)) {
    if (value.length === 0) h.buf += "[]";
    else {
      const inner = `${pad}  `;
      for (let i = 0; i < value.length; i++) {
        h.buf += `${i === 0 ? "[" : ","}\n${inner}`;
        const v = toSerialized(String(i), value[i]);
        if (isSkipped(v)) h.buf += "null";
        else yield* write(h, v, inner);
        if (h.buf.length >= CHUNK) {
          yield h.buf;
          h.buf = "";
        }
      }
      h.buf += `\n${pad}]`;
    }
  } else {
    const inner = `${pad}  `;
    let first = true;
    for (const key of Object.keys(value)) {
      const v = toSerialized(key, (value as Record<string, unknown>)[key]);
      if (isSkipped(v)) continue;
      h.buf += `${first ? "{" : ","}\n${inner}${JSON.stringify(key)}: `;
      first = false;
      yield* write(h, v, inner);
      if (h.buf.length >= CHUNK) {
        yield h.buf;
        h.buf = "";
      }
    }
    h.buf += first ? "{}" : `\n${pad}}`;
  }
}

/** Yields `JSON.stringify(value, null, 2)` in pieces; their concatenation is exactly that string. */
export function* toJsonChunks(value: unknown): Generator<string> {
  const h: Holder = { buf: "" };
  yield* write(h, toSerialized("", value), "");
  if (h.buf) yield h.buf;
}
