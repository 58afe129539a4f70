/**
 * The design list's edits of a design's text and its words about time: a name set with a
 * minimal text edit (comments and layout kept), the name of a copy, and "5 minutes ago".
 */
import { applyDesignChange, DesignChangeError, parseDesign } from "../../model";

/** The name a design without one is listed under (the designs API's too). */
export const UNTITLED = "Untitled design";
/** The format's limit on `name`. */
export const MAX_NAME_CHARS = 200;

/** The smallest valid design: a version, a name and no components. */
export function blankDesignText(name: string = UNTITLED): string {
  const named = setDesignName("archsim: 1\nname: Untitled design\ncomponents: {}\n", name);
  return "text" in named ? named.text : "archsim: 1\nname: Untitled design\ncomponents: {}\n";
}

/**
 * Sets the design's `name:` in its text, touching only that line (a new `name:` line when
 * there was none). The name is trimmed; an empty or over-long name, or a text the model
 * refuses, is an error for the user.
 * @example setDesignName("archsim: 1\nname: Shop # ours\ncomponents: {}\n", "Store").text
 * // "archsim: 1\nname: Store # ours\ncomponents: {}\n"
 */
export function setDesignName(text: string, rawName: string): { text: string } | { error: string } {
  const name = rawName.replace(/\s+/g, " ").trim();
  if (name === "") return { error: "a design needs a name" };
  if (name.length > MAX_NAME_CHARS) return { error: `a name has at most ${MAX_NAME_CHARS} characters` };
  let edited: string;
  try {
    edited = applyDesignChange(text, { type: "set", path: ["name"], value: name }).text;
  } catch (e) {
    if (e instanceof DesignChangeError) return { error: e.message };
    throw e;
  }
  const { design, errors } = parseDesign(edited);
  if (!design) {
    const first = errors[0];
    return {
      error: first ? `the design has errors: ${first.line}:${first.col} ${first.message}` : "the design is invalid",
    };
  }
  return { text: edited };
}

/**
 * The name of a copy: `Shop (copy)`, then `Shop (copy 2)`, … the first not in `taken`; a copy
 * of a copy counts on from the original's name.
 */
export function copyName(name: string, taken: Iterable<string>): string {
  const used = new Set(taken);
  const base = (name.replace(/ \(copy(?: \d+)?\)$/, "").trim() || UNTITLED).slice(0, MAX_NAME_CHARS - 12).trimEnd();
  for (let n = 1; ; n++) {
    const candidate = n === 1 ? `${base} (copy)` : `${base} (copy ${n})`;
    if (!used.has(candidate)) return candidate;
  }
}

const UNITS: readonly [Intl.RelativeTimeFormatUnit, number][] = [
  ["year", 365 * 24 * 3600],
  ["month", 30 * 24 * 3600],
  ["week", 7 * 24 * 3600],
  ["day", 24 * 3600],
  ["hour", 3600],
  ["minute", 60],
];

/**
 * How long ago `iso` was at `now` (ms since the epoch), in English words: "just now",
 * "5 minutes ago", "yesterday", "3 weeks ago"; a time in the future (a clock behind the
 * server's) reads "just now".
 */
export function formatRelativeTime(iso: string, now: number): string {
  const then = Date.parse(iso);
  if (Number.isNaN(then)) return "at an unknown time";
  const seconds = Math.round((now - then) / 1000);
  if (seconds < 45) return "just now";
  const words = new Intl.RelativeTimeFormat("en", { numeric: "auto" });
  for (const [unit, size] of UNITS) {
    if (seconds >= size) return words.format(-Math.floor(seconds / size), unit);
  }
  return words.format(-1, "minute");
}

/** A timestamp the same on the server and in every browser: `2026-11-30 14:03 UTC`. */
export function formatUtc(iso: string): string {
  const d = new Date(iso);
  if (Number.isNaN(d.getTime())) return iso;
  return `${d.toISOString().slice(0, 16).replace("T", " ")} UTC`;
}
