/**
 * The one way a design string reaches generated code: string literals through JSON.stringify
 * (quotes, backslashes, newlines and U+2028/9 escaped), identifiers derived from ids that the
 * schema already restricts to letters, digits, '-' and '.', and comments with the comment
 * closer broken. Nothing from a design is pasted into code any other way.
 */

/** A string as a JavaScript/TypeScript/JSON string literal. */
export function lit(value: string): string {
  return JSON.stringify(value)
    .replace(/\u2028/g, "\\u2028")
    .replace(/\u2029/g, "\\u2029");
}

/** A finite number as a literal; Infinity (an unbounded field) becomes null, so callers say what it means. */
export function num(value: number): string {
  return Number.isFinite(value) ? String(value) : "null";
}

/** Any JSON-able value as a literal (numbers finite or null), keys sorted for determinism. */
export function json(value: unknown, indent = 2): string {
  return JSON.stringify(
    sortKeys(value),
    (_k, v: unknown) => (typeof v === "number" && !Number.isFinite(v) ? null : v),
    indent,
  )
    .replace(/\u2028/g, "\\u2028")
    .replace(/\u2029/g, "\\u2029");
}

function sortKeys(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(sortKeys);
  if (value !== null && typeof value === "object")
    return Object.fromEntries(
      Object.keys(value)
        .sort()
        .map((k) => [k, sortKeys((value as Record<string, unknown>)[k])]),
    );
  return value;
}

const IDENT_PART_RE = /^[A-Za-z0-9]+$/;

/**
 * A camelCase identifier from an id (`orders-db` → `ordersDb`, `order.created` → `orderCreated`),
 * prefixed with `_` when it would start with a digit; throws on anything else (a generator bug:
 * the schema allows only these characters).
 */
export function toIdentifier(id: string): string {
  const parts = id.split(/[-.]/).filter((p) => p.length > 0);
  if (parts.length === 0 || !parts.every((p) => IDENT_PART_RE.test(p)))
    throw new Error(`generator bug: ${JSON.stringify(id)} cannot become an identifier`);
  const name = parts.map((p, i) => (i === 0 ? p : p[0]!.toUpperCase() + p.slice(1))).join("");
  return /^[0-9]/.test(name) ? `_${name}` : name;
}

/** PascalCase: `toIdentifier` with the first letter upper-cased. */
export function toTypeName(id: string): string {
  const name = toIdentifier(id).replace(/^_/, "");
  return name[0]!.toUpperCase() + name.slice(1);
}

/** The environment variable of an id: `orders-db` → `ORDERS_DB` (upper-cased, '-' and '.' → '_'). */
export function toEnvName(id: string): string {
  const name = id.toUpperCase().replace(/[-.]/g, "_");
  if (!/^[A-Z0-9_]+$/.test(name)) throw new Error(`generator bug: ${JSON.stringify(id)} cannot become an env name`);
  return name;
}

/** Free text inside a `//` or `#` line comment: one line, no comment closer. */
export function commentText(text: string): string {
  return text.replace(/[\r\n\u2028\u2029]+/g, " ").replace(/\*\//g, "* /");
}
