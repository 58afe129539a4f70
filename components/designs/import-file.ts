/**
 * Checks a file the user opens or drops on the design list before anything is created: its
 * kind and size first (a file over the limit is never read), then its text with the model,
 * so a broken design shows every error at its line and column and creates nothing.
 */
import { MAX_DESIGN_BYTES, parseDesign, type ApiError } from "../../model";
import { MAX_NAME_CHARS, setDesignName, UNTITLED } from "./design-names";

export type ImportFormat = "yaml" | "json";

export type ImportCheck =
  { ok: true; format: ImportFormat; text: string; name: string } | { ok: false; errors: ApiError[] };

/** The kind of design file a name says it is, or null for any other file. */
export function getImportFormat(fileName: string): ImportFormat | null {
  const m = /\.(ya?ml|json)$/i.exec(fileName);
  if (!m) return null;
  return m[1]!.toLowerCase() === "json" ? "json" : "yaml";
}

/**
 * Why a file cannot be imported before it is read (its kind or its size), or null when it
 * may be read.
 */
export function checkImportFile(file: { name: string; size: number }): string | null {
  if (getImportFormat(file.name) === null)
    return "only .yaml, .yml and .json design files can be opened; this file has another extension";
  if (file.size > MAX_DESIGN_BYTES)
    return `the file is ${formatBytes(file.size)}, over the ${formatBytes(MAX_DESIGN_BYTES)} limit (${MAX_DESIGN_BYTES.toLocaleString("en-US")} bytes); nothing was imported`;
  if (file.size === 0) return "the file is empty";
  return null;
}

/**
 * Checks a file's text with the model, as the server will: the text to send and the design's
 * name on success, or the model's errors with their positions. The text is the file's, except
 * that a design without a name gets its file's name.
 */
export function checkImportText(fileName: string, text: string): ImportCheck {
  const format = getImportFormat(fileName);
  if (format === null) return { ok: false, errors: [atStart(checkImportFile({ name: fileName, size: 1 })!)] };
  const { design, errors } = parseDesign(text);
  if (!design) {
    return {
      ok: false,
      errors: errors.map((d) => ({ line: d.line, col: d.col, path: d.path, message: d.message })),
    };
  }
  const name = design.name?.trim();
  if (name) return { ok: true, format, text, name };
  // An unnamed design is named after its file (one added line), so the list tells imports apart.
  const stem =
    fileName
      .replace(/\.(ya?ml|json)$/i, "")
      .replace(/\s+/g, " ")
      .trim()
      .slice(0, MAX_NAME_CHARS)
      .trim() || UNTITLED;
  const named = format === "json" ? setJsonName(text, stem) : setDesignName(text, stem);
  return "text" in named
    ? { ok: true, format, text: named.text, name: stem }
    : { ok: true, format, text, name: UNTITLED };
}

/** JSON stays JSON: the model's text edit would add the name in YAML's flow style. */
function setJsonName(text: string, name: string): { text: string } | { error: string } {
  try {
    const data: unknown = JSON.parse(text);
    if (typeof data === "object" && data !== null && !Array.isArray(data))
      return { text: `${JSON.stringify({ ...data, name }, null, 2)}\n` };
  } catch {
    // Lenient JSON the YAML parser took (a trailing comma) is edited as YAML below.
  }
  return setDesignName(text, name);
}

/** A size in the units the limit is written in: `812 KiB`, `5 MiB`, `6.2 MiB`. */
export function formatBytes(n: number): string {
  if (n < 1024) return `${n} byte${n === 1 ? "" : "s"}`;
  if (n < 1024 * 1024) return `${Math.round(n / 1024)} KiB`;
  const mib = n / (1024 * 1024);
  return `${Number.isInteger(mib) ? mib : mib.toFixed(1)} MiB`;
}

function atStart(message: string): ApiError {
  return { line: 0, col: 0, path: "", message };
}
