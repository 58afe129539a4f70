/**
 * User text in messages. Every id, key, route or value the user wrote goes through quote()
 * (or listSome(), or formatPath()) before it reaches a message, so no input can put a control
 * character, a line break or a bidirectional override into a diagnostic line: "a\nb: error"
 * must not read as a second diagnostic, "\e]0;…\a" must not retitle a terminal.
 */

/** Longest user value echoed whole; longer ones are cut (docs/design-format.md, Input limits). */
export const MAX_ECHO_CHARS = 40;

/** C0 and C1 controls, DEL, line and paragraph separators, bidirectional and zero-width marks. */
const UNSAFE = /[\u0000-\u001f\u007f-\u009f\u2028\u2029\u200b-\u200f\u202a-\u202e\u2060-\u2069\ufeff"\\]/g;
const SHORT: Readonly<Record<string, string>> = { "\n": "\\n", "\r": "\\r", "\t": "\\t", '"': '\\"', "\\": "\\\\" };

/**
 * Escapes text as a JSON string body does, and also U+2028, U+2029 and invisible format
 * characters: the result is printable on one line.
 * @example escapeText("a\nb") // "a\\nb"
 */
export function escapeText(s: string): string {
  return s.replace(UNSAFE, (c) => SHORT[c] ?? `\\u${c.charCodeAt(0).toString(16).padStart(4, "0")}`);
}

/** A user's value echoed in a message, shortened when long (at most MAX_ECHO_CHARS characters). */
export function clip(s: string): string {
  if (s.length <= MAX_ECHO_CHARS) return s;
  // Do not cut a surrogate pair in two.
  const end = /[\ud800-\udbff]/.test(s[MAX_ECHO_CHARS - 4]!) ? MAX_ECHO_CHARS - 4 : MAX_ECHO_CHARS - 3;
  return `${s.slice(0, end)}...`;
}

/**
 * A user's text for a message: shortened, escaped and in double quotes.
 * @example quote("order") // "\"order\""; quote("a\nb: error") // "\"a\\nb: error\""
 */
export function quote(s: string): string {
  return `"${escapeText(clip(s))}"`;
}

/** A list of the user's values for a message: the first few, shortened and escaped, then how many more. */
export function listSome(items: readonly string[], max = 10): string {
  const shown = items
    .slice(0, max)
    .map((s) => escapeText(clip(s)))
    .join(", ");
  return items.length <= max ? shown : `${shown} and ${formatCount(items.length - max)} more`;
}

/** An integer with thousands separators: 5242880 → "5,242,880". */
export function formatCount(n: number): string {
  return String(n).replace(/\B(?=(\d{3})+(?!\d))/g, ",");
}
